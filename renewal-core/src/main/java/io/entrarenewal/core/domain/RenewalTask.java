package io.entrarenewal.core.domain;

import java.util.Objects;

/**
 * A renewal task as the work queue holds it, with its parameters still raw: the use cases
 * validate them, so that a malformed task is handed over with a precise reason.
 *
 * @param id the task's identifier
 * @param reference the number humans know the task by (may equal the id)
 * @param appIdParameter the raw {@code AppID} parameter, null when absent
 * @param secretTypeParameter the raw {@code SecretType} parameter, null when absent
 */
public record RenewalTask(
    TaskId id, String reference, String appIdParameter, String secretTypeParameter) {

  /** Validates the identity fields; parameters may be anything. */
  public RenewalTask {
    Objects.requireNonNull(id, "'id' must not be null");
    reference = reference == null || reference.isBlank() ? id.value() : reference;
  }
}
