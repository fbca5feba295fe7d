package io.entrarenewal.runner.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.entrarenewal.core.domain.RenewalOutcome;
import io.entrarenewal.core.domain.RenewalRequest;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code renewal renew}: renews one credential of one app now, without a task. */
@Command(name = "renew", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {
      "Renews one app's client secret or certificate now: adds the new credential in Entra ID,"
          + " stores it in Passwordstate and proves it works. Never removes the old one.",
      "Running it again with the same request id (by default, on the same day) finishes or"
          + " recognises the first run's credential instead of adding a second."
    })
final class RenewCommand implements Callable<Integer> {

  @Mixin
  private GlobalOptions globals;

  @Mixin
  private RenewOptions options;

  @Spec
  private CommandSpec spec;

  @Override
  public Integer call() {
    Session session = Session.open(RenewalCommand.launchOf(spec), globals);
    RenewalRequest request = options.request(session.clock(), session.config().settings());

    RenewalOutcome outcome = session.renewals().renewal().renew(request);

    int exitCode = ExitCodes.of(outcome);
    print(outcome, exitCode);
    return exitCode;
  }

  private void print(RenewalOutcome outcome, int exitCode) {
    PrintWriter out = spec.commandLine().getOut();
    if (globals.json()) {
      ObjectNode document = Json.document("renew", exitCode);
      document.set("outcome", Reports.outcome(outcome));
      out.println(Json.write(document));
      out.flush();
    } else {
      Reports.printOutcomes(out, List.of(outcome));
    }
  }
}
