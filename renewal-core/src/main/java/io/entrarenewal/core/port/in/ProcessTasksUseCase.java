package io.entrarenewal.core.port.in;

import io.entrarenewal.core.domain.TaskId;
import io.entrarenewal.core.domain.TaskResult;
import java.util.List;

/** Processes renewal tasks of the ITSM queue: renews, then closes or hands each one over. */
public interface ProcessTasksUseCase {

  /** Processes one task. */
  TaskResult process(TaskId task);

  /** Processes every pending task once; one task's failure does not stop the others. */
  List<TaskResult> processPending();
}
