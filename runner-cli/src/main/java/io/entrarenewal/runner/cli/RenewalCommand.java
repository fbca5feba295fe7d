package io.entrarenewal.runner.cli;

import ch.qos.logback.classic.Level;
import java.io.PrintWriter;
import java.util.Objects;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import org.slf4j.LoggerFactory;

/**
 * {@code renewal}: renews Entra ID app credentials from the command line. The entry point is
 * {@link #main}; {@link #run(PrintWriter, PrintWriter, String...)} runs a command in-process.
 *
 * <pre>{@code
 * int exitCode = RenewalCommand.run(out, err, "scan", "--within", "30");
 * }</pre>
 */
@Command(
    name = "renewal",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Renews Microsoft Entra ID app-registration secrets and certificates, keeps"
        + " them in Passwordstate and works from Ivanti ITSM tasks.",
    subcommands = {
      RenewCommand.class,
      TaskCommand.class,
      TasksCommand.class,
      ScanCommand.class,
      PlanCommand.class,
      CheckCommand.class,
      DemoCommand.class,
      SandboxCommand.class,
      AutoComplete.GenerateCompletion.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:done",
      "1:failed (outage, refusal, task not ended); see the message",
      "2:bad command line, input or configuration; nothing was changed",
      "3:done, but some work was handed over to humans"
    })
public final class RenewalCommand implements Runnable {

  @Mixin
  private GlobalOptions globals;

  @Spec
  private CommandSpec spec;

  private final Launch launch;

  RenewalCommand(Launch launch) {
    this.launch = Objects.requireNonNull(launch, "'launch' must not be null");
  }

  /** Runs the command line and exits with its exit code. */
  public static void main(String... args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    System.exit(run(out, err, args));
  }

  /** Runs a command line in this process, printing to {@code out} and {@code err}. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    return run(Launch.system(), out, err, args);
  }

  /** Runs a command line against the given surroundings (tests pass fakes of the ports). */
  public static int run(Launch launch, PrintWriter out, PrintWriter err, String... args) {
    RenewalCommand top = new RenewalCommand(launch);
    ExitCodes exitCodes = new ExitCodes();
    CommandLine commandLine = new CommandLine(top);
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setExitCodeExceptionMapper(exitCodes);
    FailureReport failures = new FailureReport(exitCodes);
    commandLine.setExecutionExceptionHandler(failures);
    commandLine.setParameterExceptionHandler(failures);
    commandLine.setExecutionStrategy(parsed -> {
      top.configureLogging();
      return new CommandLine.RunLast().execute(parsed);
    });
    int exitCode = commandLine.execute(args);
    out.flush();
    err.flush();
    return exitCode;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "name a command: renew, task, tasks, scan, plan, check, demo or sandbox");
  }

  GlobalOptions globals() {
    return globals;
  }

  private void configureLogging() {
    if (!globals.verbose()) {
      return;
    }
    // Only our own decisions: HTTP client loggers stay quiet, since they could show bodies.
    if (LoggerFactory.getLogger("io.entrarenewal") instanceof ch.qos.logback.classic.Logger ours) {
      ours.setLevel(Level.DEBUG);
    }
  }

  /** The launch of the command a subcommand belongs to. */
  static Launch launchOf(CommandSpec spec) {
    return ((RenewalCommand) spec.root().userObject()).launch;
  }
}
