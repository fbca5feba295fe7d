package io.entrarenewal.runner.service;

import io.entrarenewal.core.domain.RenewalException;
import io.entrarenewal.core.port.out.Vault;
import io.entrarenewal.runner.cli.FileAppLocks;
import io.entrarenewal.runner.cli.PortFactory;
import io.entrarenewal.runner.cli.config.ConfigLoader;
import io.entrarenewal.runner.cli.config.ConfigurationException;
import io.entrarenewal.runner.cli.config.ReferenceSecrets;
import io.entrarenewal.runner.cli.config.RunnerConfig;
import io.entrarenewal.runner.cli.config.SecretResolver;
import io.entrarenewal.runner.service.engine.Backoff;
import io.entrarenewal.runner.service.engine.EngineSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code renewal-service}: runs unattended until SIGTERM. It reads the configuration file the
 * command line reads; the service's own settings are options, so that one file serves both
 * runners unchanged. Exit codes: 0 stopped, 1 failed, 2 bad options, configuration or access.
 */
@Command(name = "renewal-service", sortOptions = false, usageHelpAutoWidth = true,
    description = "Renews Entra ID app credentials unattended: polls the ITSM queue, scans on a"
        + " schedule, serves health, metrics and the dashboard.")
public final class ServiceMain implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(ServiceMain.class);
  private static final int FAILED = 1;
  private static final int REFUSED = 2;

  @Spec
  private CommandSpec spec;

  @Option(names = {"-c", "--config"}, defaultValue = "renewal.yaml", paramLabel = "FILE",
      description = "The configuration file (the same as the command line's). Default: "
          + "${DEFAULT-VALUE}")
  private Path config;

  @Option(names = "--sandbox",
      description = "Start the built-in sandbox with its demo world and run against it.")
  private boolean sandbox;

  @Option(names = "--claimant", paramLabel = "OWNER",
      description = "The owner this instance claims tasks under (an Ivanti login). Required"
          + " unless --sandbox.")
  private String claimant;

  @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
      description = "Address of health, metrics and dashboard. Default: ${DEFAULT-VALUE}")
  private String bind;

  @Option(names = "--port", defaultValue = "8080", paramLabel = "PORT",
      description = "Port of health, metrics and dashboard. Default: ${DEFAULT-VALUE}")
  private int port;

  @Option(names = "--poll-interval", defaultValue = "1m", converter = Durations.class,
      paramLabel = "DURATION",
      description = "Pause between looks at the work queue. Default: ${DEFAULT-VALUE}")
  private Duration pollInterval;

  @Option(names = "--scan-interval", defaultValue = "6h", converter = Durations.class,
      paramLabel = "DURATION",
      description = "Pause between scans of every tenant. Default: ${DEFAULT-VALUE}")
  private Duration scanInterval;

  @Option(names = "--scan-window", converter = Durations.class, paramLabel = "DURATION",
      description = "Credentials expiring within this get a task. Default: the"
          + " configuration's renew-before-days")
  private Duration scanWindow;

  @Option(names = "--max-concurrent", defaultValue = "4", paramLabel = "COUNT",
      description = "Most renewals at once (1 to 64). Default: ${DEFAULT-VALUE}")
  private int maxConcurrent;

  @Option(names = "--backoff", defaultValue = "30s", converter = Durations.class,
      paramLabel = "DURATION",
      description = "First pause after an outage or a passing failure. Default: ${DEFAULT-VALUE}")
  private Duration backoff;

  @Option(names = "--max-backoff", defaultValue = "15m", converter = Durations.class,
      paramLabel = "DURATION",
      description = "Longest such pause. Default: ${DEFAULT-VALUE}")
  private Duration maxBackoff;

  @Option(names = "--shutdown-timeout", defaultValue = "2m", converter = Durations.class,
      paramLabel = "DURATION",
      description = "How long a stop waits for renewals in flight. Default: ${DEFAULT-VALUE}")
  private Duration shutdownTimeout;

  @Option(names = "--audit-file", paramLabel = "FILE",
      description = "Where the audit trail's JSON lines are appended. Default:"
          + " renewal-audit.jsonl")
  private Path auditFile;

  @Option(names = "--log-format", defaultValue = "text", paramLabel = "FORMAT",
      description = "text or json (one JSON object per line). Default: ${DEFAULT-VALUE}")
  private LogFormat logFormat;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
  private boolean help;

  // Limitation: the service's settings are options rather than a section of the configuration
  // file, whose loader is shared with the command line and rejects keys it does not know.
  private final Map<String, String> environment;
  private final CountDownLatch stopped = new CountDownLatch(1);

  private ServiceMain(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  /** Runs the service until the process is told to stop. */
  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    System.exit(run(args, System.getenv(), out, err));
  }

  /** Parses the options and runs; returns the exit code. Tests call this in-process. */
  static int run(String[] args, Map<String, String> environment, PrintWriter out,
      PrintWriter err) {
    CommandLine command = new CommandLine(new ServiceMain(environment))
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setOut(out)
        .setErr(err);
    command.setExecutionExceptionHandler((failure, line, parsed) -> {
      line.getErr().println("renewal-service: " + failure.getMessage());
      return failure instanceof ConfigurationException || failure instanceof StartRefusedException
          || failure instanceof IllegalArgumentException ? REFUSED : FAILED;
    });
    return command.execute(args);
  }

  @Override
  public Integer call() throws InterruptedException {
    logFormat.apply();
    checkOptions();
    SandboxSetup trial = sandbox ? SandboxSetup.start(temporaryDirectory()) : null;
    Map<String, String> env = trial == null ? environment : trial.environment();
    Path file = trial == null ? config : trial.configFile();

    ServiceRuntime runtime;
    try {
      RunnerConfig loaded = new ConfigLoader(env).load(file);
      runtime = new ServiceRuntime(settings(loaded, trial), ports(installedPorts(), loaded, env));
    } catch (RuntimeException e) {
      if (trial != null) {
        trial.close();
      }
      throw e;
    }

    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(runtime, trial), "shutdown"));
    runtime.start();
    LOG.info("Running with {}; stop with SIGTERM", file.getFileName());
    stopped.await();
    return 0;
  }

  /** The adapters' wiring this build registers. */
  static PortFactory installedPorts() {
    return PortFactory.installed().orElseThrow(() -> new StartRefusedException(
        List.of("this build includes no adapters, so it cannot reach the external systems")));
  }

  private void checkOptions() {
    if (claimant == null && !sandbox) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--claimant is required:"
          + " the owner this instance claims tasks under, such as its Ivanti login");
    }
    if (claimant != null && claimant.isBlank()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--claimant is blank");
    }
    if (maxConcurrent < 1 || maxConcurrent > 64) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--max-concurrent must be between 1 and 64, got " + maxConcurrent);
    }
    if (port < 0 || port > 65_535) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--port must be between 0 and 65535, got " + port);
    }
    if (maxBackoff.compareTo(backoff) < 0) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--max-backoff must not be shorter than --backoff");
    }
  }

  private ServiceRuntime.Settings settings(RunnerConfig loaded, SandboxSetup trial) {
    Duration window = scanWindow == null ? loaded.settings().renewBefore() : scanWindow;
    Backoff pauses = new Backoff(backoff, maxBackoff);
    EngineSettings engine = new EngineSettings(claimant == null ? "renewal-service" : claimant,
        pollInterval, scanInterval, window, maxConcurrent, pauses);
    Path audit = auditFile != null ? auditFile
        : trial != null ? trial.configFile().resolveSibling("renewal-audit.jsonl")
        : Path.of("renewal-audit.jsonl");
    return new ServiceRuntime.Settings(loaded.settings(), engine, pauses, shutdownTimeout,
        new InetSocketAddress(bind, port), audit, Clock.systemUTC());
  }

  /** Builds the ports from the configuration, as the command line does. */
  static ServiceRuntime.Ports ports(PortFactory factory, RunnerConfig loaded,
      Map<String, String> env) {
    Vault vault = factory.vault(loaded.passwordstate(), ReferenceSecrets.bootstrap(env));
    SecretResolver secrets = ReferenceSecrets.withVault(env, () -> vault);
    try {
      return new ServiceRuntime.Ports(
          factory.workQueue(loaded.ivanti(), secrets),
          vault,
          factory.directory(loaded.graph(), loaded.tenants(), secrets),
          factory.certificateAuthority(loaded.pki(), secrets),
          factory.pfxFiles(loaded.pki()),
          new FileAppLocks(loaded.locks().directory(), loaded.locks().patience()));
    } catch (RenewalException e) {
      throw new StartRefusedException(List.of("the adapters cannot be built: "
          + e.getMessage()));
    }
  }

  private void stop(ServiceRuntime runtime, SandboxSetup trial) {
    LOG.info("Stopping: no new work; waiting up to {} for renewals in flight", shutdownTimeout);
    runtime.stop();
    if (trial != null) {
      trial.close();
    }
    stopped.countDown();
  }

  private static Path temporaryDirectory() {
    try {
      return Files.createTempDirectory("renewal-sandbox");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a directory for the sandbox", e);
    }
  }
}
