package io.entrarenewal.core.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * One credential a scan found inside its window, and what the scan did about it.
 *
 * @param app the app (its credential list included)
 * @param credential the expiring credential
 * @param daysLeft whole days until it expires; negative once expired
 * @param action what the scan did or would do
 * @param task the renewal task opened or already open; null otherwise
 */
public record ScanFinding(
    AppRegistration app, Credential credential, long daysLeft, Action action, TaskId task) {

  /** What a scan did about a finding. */
  public enum Action {
    /** A renewal task was opened. */
    TASK_OPENED,
    /** A renewal task for this app and type was already open. */
    TASK_ALREADY_OPEN,
    /** A renewal task would be opened (the scan was asked not to open tasks). */
    TASK_NEEDED,
    /** The app already has a newer credential of the same type that outlives the window. */
    COVERED_BY_NEWER,
    /** Another expiring credential of the same app and type carries the task. */
    SAME_TASK_AS_OTHER,
    /** Opening the task failed; the next scan tries again. */
    TASK_OPEN_FAILED
  }

  /** Validates the fields. */
  public ScanFinding {
    Objects.requireNonNull(app, "'app' must not be null");
    Objects.requireNonNull(credential, "'credential' must not be null");
    Objects.requireNonNull(action, "'action' must not be null");
  }

  /** The task opened or found, if any. */
  public Optional<TaskId> taskIfAny() {
    return Optional.ofNullable(task);
  }
}
