package io.entrarenewal.core.port.out;

import io.entrarenewal.core.domain.ClientId;
import io.entrarenewal.core.domain.CredentialType;
import io.entrarenewal.core.domain.HandOverNote;
import io.entrarenewal.core.domain.RenewalTask;
import io.entrarenewal.core.domain.RenewalTaskOrder;
import io.entrarenewal.core.domain.Resolution;
import io.entrarenewal.core.domain.TaskId;
import java.util.List;
import java.util.Optional;

/**
 * The ITSM work queue that holds renewal tasks.
 *
 * <p>Every method throws {@link io.entrarenewal.core.domain.ExternalSystemException} when the
 * queue cannot be read or written. Implementations must be safe for use by several threads.
 */
public interface WorkQueue {

  /** The task with this id or number, with its raw parameters; empty when there is none. */
  Optional<RenewalTask> findTask(TaskId id);

  /** Every renewal task that waits to be processed, in the order the queue gives them. */
  List<RenewalTask> pendingTasks();

  /**
   * Takes the task for {@code claimant} before working on it, so that a second runner sharing
   * the queue leaves it alone. Taking a task the claimant already holds succeeds again, which
   * lets a restarted runner finish its own work.
   *
   * @param id the task
   * @param claimant who takes it, as the queue records owners (for Ivanti, an owner login)
   * @return true when the claimant holds the task now; false when someone else holds it or it
   *     no longer waits to be processed
   */
  boolean claim(TaskId id, String claimant);

  /** Closes the task as done. Closing a closed task again is harmless. */
  void close(TaskId id, Resolution resolution);

  /** Assigns the task to a team with a note saying what happened and what to do. */
  void handOver(TaskId id, HandOverNote note);

  /** Opens a renewal task and returns its id. */
  TaskId openRenewalTask(RenewalTaskOrder order);

  /** An open renewal task for this app and credential type, if one exists. */
  Optional<TaskId> findOpenRenewalTask(ClientId clientId, CredentialType type);
}
