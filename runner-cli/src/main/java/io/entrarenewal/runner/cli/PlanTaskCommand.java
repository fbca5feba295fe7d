package io.entrarenewal.runner.cli;

import io.entrarenewal.core.domain.RenewalPlan;
import io.entrarenewal.core.domain.TaskId;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code renewal plan task <id>}: what {@code task} would do. */
@Command(name = "task", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Shows what processing this task would do, changing nothing.")
final class PlanTaskCommand implements Callable<Integer> {

  @Mixin
  private GlobalOptions globals;

  @Parameters(paramLabel = "<id>", description = "The task's number or record id.")
  private String taskId;

  @Spec
  private CommandSpec spec;

  @Override
  public Integer call() {
    TaskId task = new TaskId(taskId);
    Session session = Session.open(RenewalCommand.launchOf(spec), globals);

    RenewalPlan plan = session.renewals().plan().planTask(task);

    return PlanCommand.print(spec, globals, "plan task", List.of(plan));
  }
}
