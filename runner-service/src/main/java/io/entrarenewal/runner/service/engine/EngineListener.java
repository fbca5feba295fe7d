package io.entrarenewal.runner.service.engine;

import io.entrarenewal.core.domain.RenewalTask;
import io.entrarenewal.core.domain.ScanReport;
import io.entrarenewal.core.domain.TaskResult;
import java.time.Duration;
import java.util.List;

/**
 * Hears what the engine does, for metrics, the audit trail and the dashboard. Called on the
 * engine's threads; implementations must be thread-safe and quick, and must not throw.
 */
public interface EngineListener {

  /** Another claimant holds the task, or it stopped waiting; it was left alone. */
  default void claimLost(RenewalTask task) {}

  /** A task was processed; {@code took} is the wall time of the whole processing. */
  default void taskProcessed(RenewalTask task, TaskResult result, Duration took) {}

  /** Processing a task ended in an unexpected error; the task is retried later. */
  default void taskBroke(RenewalTask task, RuntimeException error) {}

  /** A tenant's scan finished. */
  default void scanCompleted(String tenant, ScanReport report) {}

  /** A tenant's scan could not finish; the next one runs after the backoff. */
  default void scanFailed(String tenant, RuntimeException error) {}

  /** A listener that tells each of {@code listeners} in turn. */
  static EngineListener all(List<EngineListener> listeners) {
    List<EngineListener> copy = List.copyOf(listeners);
    return new EngineListener() {
      @Override
      public void claimLost(RenewalTask task) {
        copy.forEach(l -> l.claimLost(task));
      }

      @Override
      public void taskProcessed(RenewalTask task, TaskResult result, Duration took) {
        copy.forEach(l -> l.taskProcessed(task, result, took));
      }

      @Override
      public void taskBroke(RenewalTask task, RuntimeException error) {
        copy.forEach(l -> l.taskBroke(task, error));
      }

      @Override
      public void scanCompleted(String tenant, ScanReport report) {
        copy.forEach(l -> l.scanCompleted(tenant, report));
      }

      @Override
      public void scanFailed(String tenant, RuntimeException error) {
        copy.forEach(l -> l.scanFailed(tenant, error));
      }
    };
  }
}
