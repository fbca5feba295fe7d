package io.entrarenewal.core.port.in;

import io.entrarenewal.core.domain.RenewalPlan;
import io.entrarenewal.core.domain.RenewalRequest;
import io.entrarenewal.core.domain.TaskId;

/** Dry runs: what renewing a credential or processing a task would do, changing nothing. */
public interface PlanUseCase {

  /** What renewing would do. Reads the external systems; writes nothing. */
  RenewalPlan plan(RenewalRequest request);

  /** What processing the task would do. Reads the external systems; writes nothing. */
  RenewalPlan planTask(TaskId task);
}
