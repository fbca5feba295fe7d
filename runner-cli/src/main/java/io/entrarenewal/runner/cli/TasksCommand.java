package io.entrarenewal.runner.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.entrarenewal.core.domain.TaskResult;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code renewal tasks}: processes every pending renewal task once. */
@Command(name = "tasks", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Processes every pending renewal task once; one task's failure does not stop"
        + " the others.")
final class TasksCommand implements Callable<Integer> {

  @Mixin
  private GlobalOptions globals;

  @Spec
  private CommandSpec spec;

  @Override
  public Integer call() {
    Session session = Session.open(RenewalCommand.launchOf(spec), globals);

    List<TaskResult> results = session.renewals().tasks().processPending();

    return print(spec, globals, "tasks", results);
  }

  /** Prints task results as a table or JSON and returns the exit code. */
  static int print(CommandSpec spec, GlobalOptions globals, String command,
      List<TaskResult> results) {
    int exitCode = ExitCodes.ofTasks(results);
    PrintWriter out = spec.commandLine().getOut();
    if (globals.json()) {
      ObjectNode document = Json.document(command, exitCode);
      ArrayNode array = document.putArray("results");
      results.forEach(r -> array.add(Reports.task(r)));
      out.println(Json.write(document));
      out.flush();
    } else {
      Reports.printTasks(out, results);
    }
    return exitCode;
  }
}
