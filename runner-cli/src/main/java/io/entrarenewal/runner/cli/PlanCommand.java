package io.entrarenewal.runner.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.entrarenewal.core.domain.RenewalPlan;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code renewal plan}: the dry runs, which read the systems and change nothing. */
@Command(name = "plan", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Shows what renew, task, tasks or scan would do, changing nothing.",
    subcommands = {
      PlanRenewCommand.class, PlanTaskCommand.class, PlanTasksCommand.class, PlanScanCommand.class
    })
final class PlanCommand implements Runnable {

  @Mixin
  private GlobalOptions globals;

  @Spec
  private CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "name what to plan: renew, task, tasks or scan");
  }

  /** Prints plans and returns the exit code: 3 when one would end with a hand-over. */
  static int print(CommandSpec spec, GlobalOptions globals, String command,
      List<RenewalPlan> plans) {
    int exitCode = plans.stream().anyMatch(p -> p.handOverIfAny().isPresent())
        ? ExitCodes.HANDED_OVER : ExitCodes.SUCCESS;
    PrintWriter out = spec.commandLine().getOut();
    if (globals.json()) {
      ObjectNode document = Json.document(command, exitCode);
      ArrayNode array = document.putArray("plans");
      plans.forEach(p -> array.add(Reports.plan(p)));
      out.println(Json.write(document));
      out.flush();
    } else {
      Reports.printPlans(out, plans);
    }
    return exitCode;
  }
}
