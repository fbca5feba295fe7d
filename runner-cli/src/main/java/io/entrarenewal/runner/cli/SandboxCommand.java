package io.entrarenewal.runner.cli;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.entrarenewal.sandbox.Sandbox;
import io.entrarenewal.sandbox.SandboxOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code renewal sandbox}: runs the built-in sandbox in the foreground and writes a ready
 * configuration for it, so that the other commands can be tried against it from another shell.
 */
@Command(name = "sandbox", mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Runs the built-in sandbox (Entra ID, Graph, Passwordstate, Ivanti and AD CS stand-ins on"
          + " 127.0.0.1) with its demo world until Ctrl-C, and writes a configuration for it:"
          + " renewal.yaml, the trust store, the issuing CA and its throw-away keys under"
          + " secrets/.",
      "Then, in another shell: renewal --config <dir>/renewal.yaml scan"
    })
final class SandboxCommand implements Callable<Integer> {

  @Mixin
  private GlobalOptions globals;

  @Option(names = "--dir", paramLabel = "<directory>", defaultValue = "sandbox-run",
      description = "Where the configuration is written (default: ${DEFAULT-VALUE}).")
  private Path directory;

  @Option(names = "--propagation-delay", paramLabel = "<seconds>", defaultValue = "0",
      description = "How long a new credential stays unusable, as Entra's replication delay"
          + " (default: ${DEFAULT-VALUE}).")
  private int propagationDelaySeconds;

  @Spec
  private CommandSpec spec;

  @Override
  public Integer call() {
    if (propagationDelaySeconds < 0) {
      throw new io.entrarenewal.core.domain.InvalidRequestException(
          "--propagation-delay must be 0 or more seconds");
    }
    quietUnlessVerbose();
    Launch launch = RenewalCommand.launchOf(spec);
    Path target = launch.workingDirectory().resolve(directory);
    SandboxOptions options = SandboxOptions.defaults()
        .withPropagationDelay(Duration.ofSeconds(propagationDelaySeconds));
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(stopped::countDown, "renewal-sandbox-stop");
    try (Sandbox sandbox = launch.sandboxes().apply(options)) {
      Path config = SandboxConfiguration.write(sandbox, target);
      printEndpoints(sandbox, config);
      Runtime.getRuntime().addShutdownHook(hook);
      stopped.await();
    } catch (InterruptedException e) {
      // Stopped by the embedding program rather than Ctrl-C: the sandbox is closed all the same.
      Thread.currentThread().interrupt();
    } finally {
      removeHook(hook);
    }
    return ExitCodes.SUCCESS;
  }

  private void printEndpoints(Sandbox sandbox, Path config) {
    PrintWriter out = spec.commandLine().getOut();
    if (globals.json()) {
      ObjectNode document = Json.document("sandbox", ExitCodes.SUCCESS);
      document.put("configuration", config.toString());
      document.putObject("endpoints")
          .put("entra", sandbox.entraAuthorityHost().toString())
          .put("graph", sandbox.graphBaseUri().toString())
          .put("passwordstate", sandbox.passwordstateBaseUri().toString())
          .put("ivanti", sandbox.ivantiBaseUri().toString())
          .put("adcs", sandbox.adcsBaseUri().toString());
      out.println(Json.write(document));
      out.flush();
      return;
    }
    Table table = new Table("SYSTEM", "ENDPOINT");
    table.row("Entra ID (login)", sandbox.entraAuthorityHost());
    table.row("Microsoft Graph", sandbox.graphBaseUri());
    table.row("Passwordstate", sandbox.passwordstateBaseUri());
    table.row("Ivanti", sandbox.ivantiBaseUri());
    table.row("AD CS", sandbox.adcsBaseUri());
    table.print(out);
    out.println();
    out.println("Configuration: " + config);
    out.println("Try, in another shell:");
    out.println("  ./renewal --config " + config + " check");
    out.println("  ./renewal --config " + config + " scan --open-tasks");
    out.println("  ./renewal --config " + config + " tasks");
    out.println("Press Ctrl-C to stop the sandbox; its data is lost.");
    out.flush();
  }

  private void quietUnlessVerbose() {
    if (!globals.verbose() && LoggerFactory.getLogger("io.entrarenewal.sandbox")
        instanceof ch.qos.logback.classic.Logger sandboxLog) {
      sandboxLog.setLevel(Level.OFF);
    }
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException | IllegalArgumentException e) {
      // The JVM is already shutting down, or the hook was never added: nothing to remove.
    }
  }
}
