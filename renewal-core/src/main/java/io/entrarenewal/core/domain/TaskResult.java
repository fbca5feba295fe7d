package io.entrarenewal.core.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * What processing one task did.
 *
 * @param task the task
 * @param disposition what became of the task
 * @param outcome the renewal's outcome; null when the task could not be turned into a request
 * @param detail a one-line summary for humans, never secret
 */
public record TaskResult(
    TaskId task, TaskDisposition disposition, RenewalOutcome outcome, String detail) {

  /** Validates the fields. */
  public TaskResult {
    Objects.requireNonNull(task, "'task' must not be null");
    Objects.requireNonNull(disposition, "'disposition' must not be null");
    Objects.requireNonNull(detail, "'detail' must not be null");
  }

  /** The renewal's outcome, when the task held a valid request. */
  public Optional<RenewalOutcome> outcomeIfAny() {
    return Optional.ofNullable(outcome);
  }
}
