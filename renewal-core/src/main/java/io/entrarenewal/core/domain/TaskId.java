package io.entrarenewal.core.domain;

import java.util.Objects;

/**
 * Identifies an ITSM task: its record id or its human task number, as the work queue accepts.
 *
 * @param value the identifier, trimmed, never blank
 */
public record TaskId(String value) {

  /** Validates the identifier. */
  public TaskId {
    Objects.requireNonNull(value, "'taskId' must not be null");
    value = value.strip();
    if (value.isEmpty()) {
      throw new InvalidRequestException("'taskId' must not be blank");
    }
    if (value.length() > 64 || !value.chars().allMatch(c -> Character.isLetterOrDigit(c)
        || c == '-' || c == '_')) {
      throw new InvalidRequestException(
          "'taskId' must be a task number or record id (letters, digits, '-', '_'), got "
              + Texts.quoteForHumans(value));
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
