package io.entrarenewal.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.entrarenewal.sandbox.Sandbox;
import io.entrarenewal.sandbox.SandboxOptions;
import io.entrarenewal.sandbox.SandboxState;
import io.entrarenewal.sandbox.World;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands against the built-in sandbox through the registered {@link AdapterPorts}, with
 * the configuration {@code renewal sandbox} writes.
 */
class SandboxCommandsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static Sandbox sandbox;
  private static Launch launch;
  private static Path config;
  private static String output = "";

  @TempDir
  static Path directory;

  @BeforeAll
  static void startTheSandboxAndWriteItsConfiguration() {
    sandbox = SandboxConfiguration.start(SandboxOptions.defaults());
    config = SandboxConfiguration.write(sandbox, directory);
    launch = new Launch(Map.of(), directory, PortFactory.installed().orElseThrow(),
        Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  @AfterEach
  void noSandboxKeyIsPrinted() {
    World world = sandbox.world();
    assertThat(output).doesNotContain(world.ivanti().apiKey())
        .doesNotContain(world.passwordstate().listApiKeys().values());
  }

  @Test
  void installedPortFactory_isTheAdapterComposition() {
    assertThat(PortFactory.installed()).containsInstanceOf(AdapterPorts.class);
  }

  @Test
  void check_passesEveryCheckAgainstTheSandbox() {
    CommandLineRun run = run("check");

    assertThat(run.exitCode()).as(run.all()).isZero();
    assertThat(run.out()).contains("vault account Sys_Azure_AppRegs_PR",
        "Entra ID tenant education", "vault list 6691").doesNotContain("FAIL");
  }

  @Test
  void givenUnreadableCaCertificates_check_failsThatCheckOnly() throws Exception {
    Path copy = Files.createDirectories(directory.resolve("broken-ca"));
    try (var files = Files.walk(directory, 2)) {
      for (Path file : files.filter(Files::isRegularFile).filter(f -> !f.startsWith(copy))
          .toList()) {
        Path target = copy.resolve(directory.relativize(file));
        Files.createDirectories(target.getParent());
        Files.copy(file, target);
      }
    }
    Files.writeString(copy.resolve("issuing-ca.pem"), "not a certificate");

    CommandLineRun run = CommandLineRun.of(launch, "--config",
        copy.resolve("renewal.yaml").toString(), "check", "--json");

    assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.FAILURE);
    List<String> failed = StreamSupport.stream(JSON.readTree(run.out()).path("checks")
        .spliterator(), false).filter(c -> c.path("status").asText().equals("FAIL"))
        .map(c -> c.path("name").asText()).toList();
    assertThat(failed).containsExactly("PKI issuing CA certificates");
  }

  @Test
  void renewSecret_addsOneSecretAndStoresItsKeyIdInTheVault() throws Exception {
    World.App app = app("HR-Portal");
    int before = view(app).secrets().size();

    CommandLineRun run = run("renew", "--app-id", app.appId(), "--type", "secret");

    assertThat(run.exitCode()).as(run.all()).isZero();
    List<SandboxState.SecretView> secrets = view(app).secrets();
    assertThat(secrets).hasSize(before + 1);
    SandboxState.SecretView newest = secrets.stream()
        .max(java.util.Comparator.comparing(SandboxState.SecretView::end)).orElseThrow();
    Map<String, Object> entry = sandbox.state().passwordRecordsTitled(
        sandbox.world().tenant("production").secretListId(), "HR-Portal").get(0);
    assertThat(JSON.readTree(String.valueOf(entry.get("GenericField6"))).path("KeyId").asText())
        .isEqualToIgnoringCase(newest.keyId().toString());
  }

  @Test
  void taskForCertificate_rollsANewCertificateOnAndClosesTheTask() {
    World.App app = app("Payroll-Sync");
    int before = view(app).certificates().size();

    CommandLineRun run = run("task", String.valueOf(app.taskAssignmentId()));

    assertThat(run.exitCode()).as(run.all()).isZero();
    assertThat(view(app).certificates()).hasSize(before + 1);
    Map<String, Object> task = sandbox.state().ivantiRecords("Task__Assignments").stream()
        .filter(t -> app.taskAssignmentId().equals(t.get("AssignmentID"))).findFirst()
        .orElseThrow();
    assertThat(task.get("Status")).isEqualTo("Completed");
  }

  @Test
  void scan_listsWhatExpiresWithinTheWindowAndOpensNoTask() throws Exception {
    int tasksBefore = sandbox.state().ivantiRecords("Task__Assignments").size();

    CommandLineRun run = run("scan", "--within", "30", "--json");

    assertThat(run.exitCode()).as(run.all()).isZero();
    List<String> apps = StreamSupport.stream(JSON.readTree(run.out()).path("findings")
        .spliterator(), false).map(f -> f.path("app").asText()).toList();
    assertThat(apps).contains("Finance-Connector", "Legacy-Cert-App", "Mediatheek_OND")
        .doesNotContain("Reporting-Service");
    assertThat(sandbox.state().ivantiRecords("Task__Assignments")).hasSize(tasksBefore);
  }

  @Test
  void sandboxCommand_writesAConfigurationTheOtherCommandsUseUntilStopped() throws Exception {
    Path target = directory.resolve("sandbox-run");
    ExecutorService foreground = Executors.newSingleThreadExecutor();
    try {
      StringWriter out = new StringWriter();
      Future<Integer> running = foreground.submit(() -> RenewalCommand.run(
          new Launch(Map.of(), directory, null, Clock.systemUTC()), new PrintWriter(out),
          new PrintWriter(new StringWriter()), "sandbox", "--dir", target.toString()));
      Path written = target.resolve("renewal.yaml");
      awaitFile(written, running);

      CommandLineRun scan = CommandLineRun.of(new Launch(Map.of(), target,
          new AdapterPorts(), Clock.systemUTC()), "--config", written.toString(), "scan");

      assertThat(scan.exitCode()).as(scan.all()).isZero();
      assertThat(scan.out()).contains("Orphan-App");
      foreground.shutdownNow();
      assertThat(running.get(30, TimeUnit.SECONDS)).isZero();
      assertThat(out.toString()).contains("Passwordstate", "renewal.yaml");
    } finally {
      foreground.shutdownNow();
    }
  }

  private static void awaitFile(Path file, Future<Integer> running) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (!Files.exists(file)) {
      assertThat(running.isDone()).as("the sandbox command ended early").isFalse();
      assertThat(Instant.now()).as("the configuration was written").isBefore(deadline);
      Thread.sleep(20);
    }
  }

  private static CommandLineRun run(String... args) {
    String[] withConfig = new String[args.length + 2];
    withConfig[0] = "--config";
    withConfig[1] = config.toString();
    System.arraycopy(args, 0, withConfig, 2, args.length);
    CommandLineRun run = CommandLineRun.of(launch, withConfig);
    output = run.all();
    return run;
  }

  private static World.App app(String name) {
    return sandbox.world().appNamed(name).orElseThrow();
  }

  private static SandboxState.AppView view(World.App app) {
    return sandbox.state().app(app.tenant(), app.appId()).orElseThrow();
  }
}
