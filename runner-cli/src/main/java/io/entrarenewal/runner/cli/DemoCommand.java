package io.entrarenewal.runner.cli;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.entrarenewal.core.domain.TaskDisposition;
import io.entrarenewal.sandbox.Sandbox;
import io.entrarenewal.sandbox.SandboxOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code renewal demo}: the whole loop against the built-in sandbox, through the real adapters.
 * Starts the sandbox with its demo world, writes a configuration for it into a temporary
 * directory, scans, processes every task, proves every renewal and compares each app with the
 * world's expected outcome.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {
      "Runs the whole loop against the built-in sandbox through the real adapters: scans both"
          + " tenants and opens tasks (30-day window), processes every pending task, proves"
          + " each renewed credential by reading it back from the vault and acquiring a token"
          + " with it, and compares every app with the expected outcome.",
      "Exits 0 when every app ends as expected, 1 otherwise (the mismatches are listed)."
    })
final class DemoCommand implements Callable<Integer> {

  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

  @Mixin
  private GlobalOptions globals;

  @Spec
  private CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    Launch launch = RenewalCommand.launchOf(spec);
    quietSandboxUnlessVerbose();
    Instant start = Instant.now();
    Path directory = Files.createTempDirectory("renewal-demo-");
    try (Sandbox sandbox = launch.sandboxes().apply(SandboxOptions.defaults())) {
      Path config = SandboxConfiguration.write(sandbox, directory);
      if (!globals.json()) {
        out.println("Sandbox started; configuration written for this run only.");
        out.flush();
      }
      Launch real = new Launch(launch.environment(), directory, new AdapterPorts(),
          launch.clock(), launch.sandboxes());

      Demo.Report report = new Demo(sandbox, Session.open(real, config)).run();

      int exitCode = report.mismatches().isEmpty() ? ExitCodes.SUCCESS : ExitCodes.FAILURE;
      if (globals.json()) {
        out.println(Json.write(document(report, exitCode)));
        out.flush();
      } else {
        print(out, report, Duration.between(start, Instant.now()));
      }
      return exitCode;
    } finally {
      SandboxConfiguration.delete(directory);
    }
  }

  private void print(PrintWriter out, Demo.Report report, Duration took) {
    out.printf("Scan: %d apps, %d credentials expiring within %d days, %d tasks opened.%n",
        report.scan().appsSeen(), report.scan().findings().size(), Demo.WINDOW.toDays(),
        report.scan().tasksOpened());
    out.printf("Tasks: %d processed, %d closed, %d handed over.%n%n", report.tasks().size(),
        count(report, TaskDisposition.CLOSED), count(report, TaskDisposition.HANDED_OVER));
    Table table = new Table("APP", "TENANT", "TYPE", "OUTCOME", "NEW EXPIRY", "VERIFIED",
        "AS EXPECTED");
    for (Demo.Row row : report.rows()) {
      table.row(row.app().displayName(), row.app().tenant(),
          row.app().credentialType().toLowerCase(Locale.ROOT), outcome(row),
          row.newExpiry() == null ? null : DATE.format(row.newExpiry()),
          row.verified() == null ? null : row.verified(), row.matches() ? "yes" : "NO");
    }
    table.print(out);
    out.println();
    for (Demo.Row row : report.mismatches()) {
      row.problems().forEach(p -> out.println("Mismatch: " + row.app().displayName() + ": "
          + p));
    }
    out.printf("%d of %d apps as expected in %.1f s.%n",
        report.rows().size() - report.mismatches().size(), report.rows().size(),
        took.toMillis() / 1000.0);
    out.flush();
  }

  private static ObjectNode document(Demo.Report report, int exitCode) {
    ObjectNode document = Json.document("demo", exitCode);
    document.put("appsSeen", report.scan().appsSeen());
    document.put("tasksOpened", report.scan().tasksOpened());
    document.put("tasksProcessed", report.tasks().size());
    ArrayNode apps = document.putArray("apps");
    for (Demo.Row row : report.rows()) {
      ObjectNode app = apps.addObject();
      app.put("app", row.app().displayName());
      app.put("appId", row.app().appId());
      app.put("tenant", row.app().tenant());
      app.put("type", row.app().credentialType().toLowerCase(Locale.ROOT));
      app.put("outcome", row.outcome());
      app.put("reason", row.reason());
      app.put("newExpiry", row.newExpiry() == null ? null : row.newExpiry().toString());
      app.put("verified", row.verified());
      app.put("expected", row.expected());
      app.put("expectedReason", row.expectedReason());
      row.problems().forEach(app.putArray("mismatches")::add);
    }
    return document;
  }

  private static long count(Demo.Report report, TaskDisposition disposition) {
    return report.tasks().stream().filter(t -> t.disposition() == disposition).count();
  }

  private static String outcome(Demo.Row row) {
    String words = row.outcome().toLowerCase(Locale.ROOT).replace('_', ' ');
    return row.reason() == null ? words
        : words + " (" + row.reason().toLowerCase(Locale.ROOT).replace('_', ' ') + ")";
  }

  /**
   * The demo provokes refusals on purpose (an expired certificate, a lifetime policy), which the
   * sandbox, core and the token library would log; the table reports each of them instead.
   */
  private void quietSandboxUnlessVerbose() {
    if (globals.verbose()) {
      return;
    }
    quiet("io.entrarenewal.sandbox", Level.OFF);
    quiet("io.entrarenewal", Level.ERROR);
    quiet("com.azure.identity", Level.OFF);
    quiet("com.microsoft.aad.msal4j", Level.OFF);
  }

  private static void quiet(String name, Level level) {
    if (LoggerFactory.getLogger(name) instanceof ch.qos.logback.classic.Logger logger) {
      logger.setLevel(level);
    }
  }

}
