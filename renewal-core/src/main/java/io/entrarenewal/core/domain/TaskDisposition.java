package io.entrarenewal.core.domain;

/** What became of a task after processing. */
public enum TaskDisposition {
  /** Closed as done. */
  CLOSED,
  /** Assigned to the hand-over team with a note. */
  HANDED_OVER,
  /** Left waiting because the failure may pass; a later run takes it up again. */
  LEFT_PENDING,
  /** The work queue has no such task; nothing was done. */
  NOT_FOUND,
  /** The renewal ran but the task could not be updated; a re-run finishes it. */
  NOT_ENDED
}
