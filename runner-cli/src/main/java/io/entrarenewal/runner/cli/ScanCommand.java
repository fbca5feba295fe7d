package io.entrarenewal.runner.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.entrarenewal.core.domain.ScanFinding;
import io.entrarenewal.core.domain.ScanQuery;
import io.entrarenewal.core.domain.ScanReport;
import io.entrarenewal.core.port.in.ScanCredentialsUseCase;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code renewal scan}: lists credentials by expiry across tenants, optionally opening tasks. */
@Command(name = "scan", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Lists the app credentials that expire within the window (and expired ones)"
        + " across the configured tenants, soonest first. With --open-tasks, opens one renewal"
        + " task per app and credential type that needs one, never a duplicate.")
final class ScanCommand implements Callable<Integer> {

  /** Progress lines start once a tenant is this large, so small scans stay quiet. */
  private static final long PROGRESS_FROM = 1000;

  @Mixin
  private GlobalOptions globals;

  @Mixin
  private ScanOptions options;

  @Option(names = "--open-tasks",
      description = "Open a renewal task for each credential that needs one.")
  private boolean openTasks;

  @Spec
  private CommandSpec spec;

  @Override
  public Integer call() {
    return scan(spec, globals, options, openTasks, "scan");
  }

  /** Runs a scan, prints it and returns the exit code; shared with {@code plan scan}. */
  static int scan(CommandSpec spec, GlobalOptions globals, ScanOptions options, boolean openTasks,
      String command) {
    Session session = Session.open(RenewalCommand.launchOf(spec), globals);
    ScanQuery query = options.query(session.config().settings(), openTasks);

    ScanCredentialsUseCase.Progress progress = progressTo(spec.commandLine().getErr());
    ScanReport report = session.renewals().scan().scan(query, progress);

    int exitCode = report.findings().stream()
        .anyMatch(f -> f.action() == ScanFinding.Action.TASK_OPEN_FAILED)
        ? ExitCodes.FAILURE : ExitCodes.SUCCESS;
    print(spec, globals, command, query, report, exitCode);
    return exitCode;
  }

  private static ScanCredentialsUseCase.Progress progressTo(PrintWriter err) {
    // The scan reports after each batch and once more at a tenant's end: print each count once.
    String[] last = {""};
    return (tenant, appsSoFar) -> {
      String line = "scanning " + tenant + ": " + appsSoFar + " apps read";
      if (appsSoFar >= PROGRESS_FROM && !line.equals(last[0])) {
        err.println(line);
        err.flush();
        last[0] = line;
      }
    };
  }

  private static void print(CommandSpec spec, GlobalOptions globals, String command,
      ScanQuery query, ScanReport report, int exitCode) {
    PrintWriter out = spec.commandLine().getOut();
    if (globals.json()) {
      ObjectNode document = Json.document(command, exitCode);
      document.put("tasksRequested", query.openTasks());
      Reports.scan(document, report, query.window().toDays());
      out.println(Json.write(document));
      out.flush();
    } else {
      Reports.printScan(out, report, query.openTasks());
    }
  }
}
