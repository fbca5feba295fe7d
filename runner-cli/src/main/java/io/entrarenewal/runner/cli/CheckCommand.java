package io.entrarenewal.runner.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.entrarenewal.runner.cli.config.ConfigurationException;
import io.entrarenewal.runner.cli.config.Problem;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code renewal check}: the preflight, before a first run or after a change. */
@Command(name = "check", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Checks that the configuration is valid, that every system answers and that"
        + " every account logs in. Changes nothing.")
final class CheckCommand implements Callable<Integer> {

  @Mixin
  private GlobalOptions globals;

  @Spec
  private CommandSpec spec;

  @Override
  public Integer call() {
    List<SystemCheck.Result> results = new ArrayList<>();
    int exitCode;
    try {
      Session session = Session.open(RenewalCommand.launchOf(spec), globals);
      results.addAll(new Preflight(session).run());
      exitCode = results.stream().anyMatch(r -> r.status() == SystemCheck.Status.FAIL)
          ? ExitCodes.FAILURE : ExitCodes.SUCCESS;
    } catch (ConfigurationException invalid) {
      for (Problem problem : invalid.problems()) {
        results.add(SystemCheck.Result.fail("configuration",
            invalid.file().getFileName() + " " + problem.describe(),
            "correct the file; docs/configuration.md lists every key"));
      }
      exitCode = ExitCodes.USAGE;
    }
    print(results, exitCode);
    return exitCode;
  }

  private void print(List<SystemCheck.Result> results, int exitCode) {
    PrintWriter out = spec.commandLine().getOut();
    if (globals.json()) {
      ObjectNode document = Json.document("check", exitCode);
      ArrayNode checks = document.putArray("checks");
      results.forEach(r -> checks.add(Reports.check(r)));
      out.println(Json.write(document));
      out.flush();
    } else {
      Reports.printChecks(out, results);
    }
  }
}
