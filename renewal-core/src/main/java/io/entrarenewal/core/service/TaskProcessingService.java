package io.entrarenewal.core.service;

import io.entrarenewal.core.domain.ExternalSystemException;
import io.entrarenewal.core.domain.HandOverNote;
import io.entrarenewal.core.domain.InvalidRequestException;
import io.entrarenewal.core.domain.RenewalOutcome;
import io.entrarenewal.core.domain.RenewalRequest;
import io.entrarenewal.core.domain.RenewalSettings;
import io.entrarenewal.core.domain.RenewalTask;
import io.entrarenewal.core.domain.Resolution;
import io.entrarenewal.core.domain.TaskDisposition;
import io.entrarenewal.core.domain.TaskId;
import io.entrarenewal.core.domain.TaskResult;
import io.entrarenewal.core.domain.Texts;
import io.entrarenewal.core.port.in.ProcessTasksUseCase;
import io.entrarenewal.core.port.in.RenewCredentialUseCase;
import io.entrarenewal.core.port.out.WorkQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Processes renewal tasks: validate the task's parameters, renew, then end the task: closed
 * when renewed, handed over with a note otherwise. Thread-safe.
 */
public final class TaskProcessingService implements ProcessTasksUseCase {

  /** What to do with a task whose renewal failed for a reason that may pass. */
  public enum TransientFailures {
    /** Hand it over like any failure, so that every run ends every task it touched. */
    HAND_OVER,
    /** Leave it waiting for a later run (the service retries with backoff). */
    LEAVE_PENDING
  }

  private static final Logger LOG = LoggerFactory.getLogger(TaskProcessingService.class);

  private final RenewalSettings settings;
  private final WorkQueue queue;
  private final RenewCredentialUseCase renewal;
  private final TransientFailures transientFailures;
  private final HandOverNotes notes;

  /** Wires the service; see {@link Renewals} for the usual way to build one. */
  public TaskProcessingService(
      RenewalSettings settings,
      WorkQueue queue,
      RenewCredentialUseCase renewal,
      TransientFailures transientFailures) {
    this.settings = Objects.requireNonNull(settings, "'settings' must not be null");
    this.queue = Objects.requireNonNull(queue, "'queue' must not be null");
    this.renewal = Objects.requireNonNull(renewal, "'renewal' must not be null");
    this.transientFailures =
        Objects.requireNonNull(transientFailures, "'transientFailures' must not be null");
    this.notes = new HandOverNotes(settings.texts());
  }

  @Override
  public TaskResult process(TaskId id) {
    Objects.requireNonNull(id, "'id' must not be null");
    Optional<RenewalTask> task;
    try {
      task = queue.findTask(id);
    } catch (ExternalSystemException e) {
      return new TaskResult(id, TaskDisposition.LEFT_PENDING, null,
          "Could not read the task: " + Attempt.describe(e));
    }
    if (task.isEmpty()) {
      return new TaskResult(id, TaskDisposition.NOT_FOUND, null,
          "The work queue has no task " + id);
    }
    return process(task.get());
  }

  @Override
  public List<TaskResult> processPending() {
    List<TaskResult> results = new ArrayList<>();
    for (RenewalTask task : queue.pendingTasks()) {
      results.add(process(task));
    }
    return results;
  }

  /** Processes a task already read from the queue. */
  public TaskResult process(RenewalTask task) {
    RenewalRequest request;
    try {
      request = TaskRequests.from(task);
    } catch (InvalidRequestException e) {
      return handOver(task.id(), null, notes.forInvalidTask(
          "Task " + task.reference() + " cannot be processed: " + e.getMessage() + "."));
    }

    RenewalOutcome outcome = renewal.renew(request);

    if (outcome instanceof RenewalOutcome.Renewed renewed) {
      return close(task.id(), renewed);
    }
    if (outcome instanceof RenewalOutcome.Failed failed && failed.transientFailure()
        && transientFailures == TransientFailures.LEAVE_PENDING) {
      return new TaskResult(task.id(), TaskDisposition.LEFT_PENDING, outcome, failed.detail());
    }
    return handOver(task.id(), outcome, notes.forOutcome(outcome));
  }

  private TaskResult close(TaskId id, RenewalOutcome.Renewed renewed) {
    String text = Texts.fill(settings.texts().resolution(), Map.of(
        "type", renewed.request().type().displayName(),
        "app", renewed.app().displayName()));
    try {
      queue.close(id, new Resolution(text, settings.texts().timeSpent()));
      return new TaskResult(id, TaskDisposition.CLOSED, renewed, text);
    } catch (ExternalSystemException e) {
      return notEnded(id, renewed, "closed", e);
    }
  }

  private TaskResult handOver(TaskId id, RenewalOutcome outcome, HandOverNote note) {
    try {
      queue.handOver(id, note);
      return new TaskResult(id, TaskDisposition.HANDED_OVER, outcome,
          note.body().lines().findFirst().orElse(""));
    } catch (ExternalSystemException e) {
      return notEnded(id, outcome, "handed over", e);
    }
  }

  private static TaskResult notEnded(
      TaskId id, RenewalOutcome outcome, String what, ExternalSystemException e) {
    LOG.warn("Task {} could not be {}: {}; running it again finishes it", id, what,
        e.getMessage());
    return new TaskResult(id, TaskDisposition.NOT_ENDED, outcome,
        "The task could not be " + what + ": " + Attempt.describe(e)
            + " Running the task again finishes it.");
  }
}
