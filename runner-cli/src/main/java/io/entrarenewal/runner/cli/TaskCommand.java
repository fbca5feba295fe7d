package io.entrarenewal.runner.cli;

import io.entrarenewal.core.domain.TaskId;
import io.entrarenewal.core.domain.TaskResult;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code renewal task <id>}: processes one ITSM renewal task. */
@Command(name = "task", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Processes one renewal task: renews the credential its AppID and SecretType"
        + " name, then closes the task, or assigns it to the hand-over team with a note.")
final class TaskCommand implements Callable<Integer> {

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

    TaskResult result = session.renewals().tasks().process(task);

    return TasksCommand.print(spec, globals, "task", List.of(result));
  }
}
