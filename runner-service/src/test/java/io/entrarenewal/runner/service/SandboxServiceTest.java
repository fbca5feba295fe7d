package io.entrarenewal.runner.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.entrarenewal.runner.cli.PortFactory;
import io.entrarenewal.runner.cli.RenewalCommand;
import io.entrarenewal.runner.cli.config.ConfigLoader;
import io.entrarenewal.runner.cli.config.RunnerConfig;
import io.entrarenewal.runner.service.engine.Backoff;
import io.entrarenewal.runner.service.engine.EngineSettings;
import io.entrarenewal.sandbox.Fault;
import io.entrarenewal.sandbox.SandboxState;
import io.entrarenewal.sandbox.World;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service's life against the sandbox through the real adapters: it starts, scans both
 * tenants, processes the tasks, is stopped while renewals are in flight, and a restart under
 * the same claimant ends every task with one new credential per renewed app. And an operator's
 * {@code renewal task}, run beside the service on the task it is renewing, waits for it.
 */
class SandboxServiceTest {

  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final String TASKS = "Task__Assignments";
  private static final Set<String> PENDING = Set.of("Logged", "Accepted");

  @TempDir
  Path directory;

  @Test
  void givenDemoWorld_stopMidWorkThenRestart_endsEveryTaskWithOneCredentialPerRenewal()
      throws InterruptedException {
    assumeTrue(PortFactory.installed().isPresent(),
        "needs runner-cli's adapter wiring (a registered PortFactory)");
    SandboxSetup setup = SandboxSetup.start(directory);
    try {
      RunnerConfig config = new ConfigLoader(setup.environment()).load(setup.configFile());
      ServiceRuntime.Ports ports =
          ServiceMain.ports(ServiceMain.installedPorts(), config, setup.environment());
      SandboxState state = setup.sandbox().state();
      // Graph holds additions without making them, so that the stop finds renewals in flight
      // and interrupts them before their change took effect.
      setup.sandbox().faults().always("POST", ".*/add(Password|Key)",
          Fault.hang(Duration.ofSeconds(3)));

      ServiceRuntime first = new ServiceRuntime(settings(config, Duration.ofMillis(50)), ports);
      first.start();
      Eventually.until("a credential is being added", () ->
          state.requestCount("graph.addPassword") + state.requestCount("graph.addKey") > 0, WAIT);
      first.stop();
      setup.sandbox().faults().clear();
      // In a real stop the process ends here; in one test process the interrupted workers must
      // be gone before the restart, as they would be with the process.
      assertThat(first.engine().awaitIdle(WAIT)).isTrue();

      ServiceRuntime second = new ServiceRuntime(settings(config, WAIT), ports);
      second.start();
      Eventually.until("every renewal task has ended", () -> pendingTasks(setup) == 0
          && second.engine().status().inFlight() == 0, WAIT);
      JsonNode outcomes = dashboardOutcomes(second);
      second.stop();

      World world = setup.sandbox().world();
      // The restarted service's own dashboard shows what it finished, as the world expects.
      assertThat(outcomes.path("outcomes")).isNotEmpty().allSatisfy(outcome -> {
        World.App app = world.appNamed(outcome.path("app").asText()).orElseThrow();
        String expected = "RENEWED".equals(app.expectedOutcome()) || app.taskAssignmentId() == null
            ? "renewed" : "handed over";
        assertThat(outcome.path("outcome").asText()).as(app.displayName()).isEqualTo(expected);
      });
      for (World.App app : world.apps()) {
        if ("RENEWED".equals(app.expectedOutcome())) {
          assertThat(newCredentials(state, world, app)).as(app.displayName()).isEqualTo(1);
        }
        if ("HANDED_OVER".equals(app.expectedOutcome())) {
          assertThat(taskOf(state, app).get("OwnerTeam")).as(app.displayName())
              .isEqualTo(world.ivanti().handOverTeam());
        }
      }
    } finally {
      setup.sandbox().close();
    }
  }

  @Test
  void givenServiceRenewingAnApp_anOperatorsRenewalTaskOnTheSameTask_waitsAndAddsNothing()
      throws Exception {
    assumeTrue(PortFactory.installed().isPresent(),
        "needs runner-cli's adapter wiring (a registered PortFactory)");
    SandboxSetup setup = SandboxSetup.start(directory);
    Fault.Gate gate = Fault.gate();
    try {
      RunnerConfig config = new ConfigLoader(setup.environment()).load(setup.configFile());
      ServiceRuntime.Ports ports =
          ServiceMain.ports(ServiceMain.installedPorts(), config, setup.environment());
      SandboxState state = setup.sandbox().state();
      World world = setup.sandbox().world();
      setup.sandbox().faults().always("POST", ".*/addPassword", gate);
      ServiceRuntime service = new ServiceRuntime(settings(config, WAIT, 1), ports);
      service.start();
      Eventually.until("the service adds a secret", () ->
          state.requestCount("graph.addPassword") > 0, WAIT);
      // One renewal at a time: the one claimed task still pending is the one at the gate.
      Map<String, Object> task = state.ivantiRecords(TASKS).stream()
          .filter(t -> "svc-renewal".equals(t.get("Owner")))
          .filter(t -> PENDING.contains(String.valueOf(t.get("Status"))))
          .findFirst().orElseThrow();
      World.App app = world.apps().stream().filter(a -> Objects.equals(
          String.valueOf(a.taskAssignmentId()), String.valueOf(task.get("AssignmentID"))))
          .findFirst().orElseThrow();

      Process operator = renewalTask(setup.configFile(), String.valueOf(task.get("RecId")));
      Eventually.until("the operator's run waits for the app", () ->
          output(operator).contains("is being renewed by another runner"), WAIT);
      assertThat(state.requestCount("graph.addPassword")).as("additions so far").isEqualTo(1);
      gate.open();

      assertThat(operator.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
      assertThat(operator.exitValue()).as(output(operator)).isZero();
      Eventually.until("every renewal task has ended", () -> pendingTasks(setup) == 0
          && service.engine().status().inFlight() == 0, WAIT);
      service.stop();
      assertThat(newCredentials(state, world, app)).as(app.displayName()).isEqualTo(1);
      assertThat(taskOf(state, app).get("Status")).isEqualTo("Completed");
    } finally {
      gate.open();
      setup.sandbox().close();
    }
  }

  /** {@code renewal task} as its own JVM, as an operator would run it beside the service. */
  private Process renewalTask(Path config, String task) throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    return new ProcessBuilder(java.toString(), "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), RenewalCommand.class.getName(),
        "--config", config.toString(), "task", task)
        .redirectErrorStream(true)
        .redirectOutput(directory.resolve("operator.log").toFile())
        .start();
  }

  private String output(Process operator) {
    try {
      return Files.readString(directory.resolve("operator.log"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The outcomes document of the running service's own dashboard. */
  private static JsonNode dashboardOutcomes(ServiceRuntime service) {
    try {
      HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + service.httpPort() + "/api/outcomes")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      return new ObjectMapper().readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static ServiceRuntime.Settings settings(RunnerConfig config, Duration shutdown) {
    return settings(config, shutdown, 3);
  }

  private static ServiceRuntime.Settings settings(RunnerConfig config, Duration shutdown,
      int maxConcurrent) {
    Backoff pauses = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(2));
    EngineSettings engine = new EngineSettings("svc-renewal", Duration.ofMillis(200),
        Duration.ofHours(6), config.settings().renewBefore(), maxConcurrent, pauses);
    return new ServiceRuntime.Settings(config.settings(), engine, pauses, shutdown,
        new InetSocketAddress("127.0.0.1", 0), null, Clock.systemUTC());
  }

  private static long pendingTasks(SandboxSetup setup) {
    String team = setup.sandbox().world().ivanti().automationTeam();
    return setup.sandbox().state().ivantiRecords(TASKS).stream()
        .filter(task -> team.equals(task.get("OwnerTeam")))
        .filter(task -> PENDING.contains(String.valueOf(task.get("Status"))))
        .count();
  }

  private static Map<String, Object> taskOf(SandboxState state, World.App app) {
    List<Map<String, Object>> tasks = state.ivantiRecords(TASKS).stream()
        .filter(task -> Objects.equals(String.valueOf(task.get("AssignmentID")),
            String.valueOf(app.taskAssignmentId())))
        .toList();
    assertThat(tasks).as("task of %s", app.displayName()).hasSize(1);
    return tasks.get(0);
  }

  /** Credentials this tool added to the app: their display names carry the request. */
  private static long newCredentials(SandboxState state, World world, World.App app) {
    String tenantId = world.tenant(app.tenant()).tenantId();
    SandboxState.AppView view = state.app(tenantId, app.appId()).orElseThrow();
    return view.secrets().stream().filter(s -> s.displayName().startsWith("renewal ")).count()
        + view.certificates().stream().filter(c -> c.displayName().startsWith("renewal "))
            .count();
  }
}
