package io.entrarenewal.runner.cli;

import io.entrarenewal.core.domain.RenewalPlan;
import io.entrarenewal.core.domain.RenewalTask;
import io.entrarenewal.core.port.in.PlanUseCase;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code renewal plan tasks}: what {@code tasks} would do. */
@Command(name = "tasks", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Shows what processing every pending task would do, changing nothing.")
final class PlanTasksCommand implements Callable<Integer> {

  @Mixin
  private GlobalOptions globals;

  @Spec
  private CommandSpec spec;

  @Override
  public Integer call() {
    Session session = Session.open(RenewalCommand.launchOf(spec), globals);
    PlanUseCase planner = session.renewals().plan();

    List<RenewalTask> pending = session.workQueue().pendingTasks();
    List<RenewalPlan> plans = pending.stream().map(t -> planner.planTask(t.id())).toList();

    return PlanCommand.print(spec, globals, "plan tasks", plans);
  }
}
