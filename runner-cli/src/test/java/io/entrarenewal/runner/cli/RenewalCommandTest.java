package io.entrarenewal.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.entrarenewal.core.domain.ClientId;
import io.entrarenewal.core.domain.CredentialType;
import io.entrarenewal.core.domain.MetadataKeys;
import io.entrarenewal.core.domain.Secret;
import io.entrarenewal.core.domain.TaskId;
import io.entrarenewal.core.domain.Tenant;
import io.entrarenewal.core.fakes.Faults;
import io.entrarenewal.core.fakes.InMemoryWorkQueue;
import io.entrarenewal.core.fakes.World;
import io.entrarenewal.runner.cli.config.RunnerConfig;
import io.entrarenewal.runner.cli.config.SecretResolver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands, run in-process against core's fake world with the documented example file. */
class RenewalCommandTest {

  static final Path EXAMPLE = Path.of("../docs/examples/renewal.yaml");
  static final Map<String, String> ENVIRONMENT = Map.of(
      "PASSWORDSTATE_API_KEY", "ps-api-key-7Hq2", "IVANTI_API_KEY", "ivanti-key-9Wz4");
  private static final String PAYROLL = "bbbbbbbb-0000-4000-8000-000000000001";
  private static final String PORTAL = "bbbbbbbb-0000-4000-8000-000000000002";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final World world = new World();
  private final List<CommandLineRun> runs = new ArrayList<>();

  @TempDir
  Path directory;

  @BeforeEach
  void givenTheExampleConfigurationAndItsAccounts() throws IOException {
    // The example's lock directory is a production host's; these runs keep theirs here.
    Files.writeString(directory.resolve("renewal.yaml"), Files.readString(EXAMPLE)
        .replace("directory: /var/lib/renewal-service/locks", "directory: locks"));
    assertThat(Files.readString(directory.resolve("renewal.yaml"))).contains("directory: locks");
    Files.writeString(directory.resolve("issuing-ca.pem"), "");
    world.vault.addAccount("8620", "Sys_Azure_AppRegs_PR", PAYROLL,
        Secret.of("graph-account-secret-PR"));
    world.vault.addAccount("8620", "Sys_Azure_OND_Admin", PAYROLL,
        Secret.of("graph-account-secret-OND"));
    world.vault.addAccount("8620", "sys_srvaapwin_pki", "pki", Secret.of("pki-account-secret"));
  }

  @AfterEach
  void noSecretValueIsEverPrinted() {
    List<String> secrets = new ArrayList<>(List.of("ps-api-key-7Hq2", "ivanti-key-9Wz4",
        "graph-account-secret", "pki-account-secret", "old-secret-of-", "pfx-password-of-"));
    for (Tenant tenant : List.of(World.PRODUCTION, World.EDUCATION)) {
      for (String app : List.of(PAYROLL, PORTAL)) {
        world.directory.findApp(tenant, new ClientId(app)).ifPresent(current -> current
            .credentials(CredentialType.SECRET).forEach(c -> world.directory
                .secretValue(c.keyId()).ifPresent(s -> secrets.add(s.reveal()))));
      }
    }
    for (CommandLineRun run : runs) {
      for (String secret : secrets) {
        assertThat(run.all()).doesNotContain(secret);
      }
    }
  }

  @Test
  void givenExpiringSecret_renew_storesANewSecretAndReportsIt() {
    world.appWithSecret(World.PRODUCTION, PAYROLL, "Payroll");

    CommandLineRun run = run("renew", "--app-id", PAYROLL, "--type", "secret");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("STATUS").contains("renewed").contains("Payroll")
        .contains("production").contains("2028-01-15");
    assertThat(world.vault.metadata(World.SECRET_LIST, "Payroll"))
        .containsEntry(MetadataKeys.REQUEST, "direct-" + PAYROLL + "-20270115");
  }

  @Test
  void givenSameDayRerun_renew_convergesOnOneNewSecret() {
    world.appWithSecret(World.PRODUCTION, PAYROLL, "Payroll");

    run("renew", "--app-id", PAYROLL, "--type", "secret");
    CommandLineRun second = run("renew", "--app-id", PAYROLL, "--type", "secret");

    assertThat(second.exitCode()).isZero();
    assertThat(world.directory.secretsIssued()).isEqualTo(1);
    assertThat(world.directory.current("production", new ClientId(PAYROLL))
        .credentials(CredentialType.SECRET)).hasSize(2);
  }

  @Test
  void givenExpiringCertificate_renew_rollsANewCertificateOn() {
    world.appWithCertificate(World.PRODUCTION, PORTAL, "Portal", 0,
        World.NOW.plus(Duration.ofDays(10)));

    CommandLineRun run = run("renew", "--app-id", PORTAL, "--type", "certificate");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("renewed").contains("Certificate").contains("Portal");
    assertThat(world.authority.issued()).hasSize(1);
    assertThat(world.directory.current("production", new ClientId(PORTAL))
        .credentials(CredentialType.CERTIFICATE)).hasSize(2);
  }

  @Test
  void givenAppWithoutVaultEntry_renew_handsOverWithExitCodeThreeAndTheRemedy() {
    world.directory.addApp("production", new ClientId(PAYROLL), "Unfiled");

    CommandLineRun run = run("renew", "--app-id", PAYROLL, "--type", "secret");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.HANDED_OVER);
    assertThat(run.out()).contains("handed-over").contains("Next: Create the vault entry");
  }

  @Test
  void givenMalformedAppId_renew_exitsTwoWithOneLineAndNoStackTrace() {
    CommandLineRun run = run("renew", "--app-id", "not-a-guid", "--type", "secret");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("'appId' must be a GUID").doesNotContain("\tat ");
    assertThat(run.err().lines()).hasSizeLessThanOrEqualTo(2);
  }

  @Test
  void givenPendingTask_task_closesIt() {
    world.appWithSecret(World.PRODUCTION, PAYROLL, "Payroll");
    TaskId task = world.queue.addTask(PAYROLL, "Secret");

    CommandLineRun run = run("task", task.value());

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains(task.value()).contains("closed");
    assertThat(world.queue.task(task).state()).isEqualTo(InMemoryWorkQueue.State.CLOSED);
  }

  @Test
  void givenOneGoodAndOneUnfiledTask_tasks_processesBothAndExitsThree() {
    world.appWithSecret(World.PRODUCTION, PAYROLL, "Payroll");
    world.directory.addApp("production", new ClientId(PORTAL), "Unfiled");
    TaskId good = world.queue.addTask(PAYROLL, "Secret");
    TaskId unfiled = world.queue.addTask(PORTAL, "Secret");

    CommandLineRun run = run("tasks");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.HANDED_OVER);
    assertThat(world.queue.task(good).state()).isEqualTo(InMemoryWorkQueue.State.CLOSED);
    assertThat(world.queue.task(unfiled).state())
        .isEqualTo(InMemoryWorkQueue.State.HANDED_OVER);
    assertThat(run.out()).contains("handed over").contains("closed");
  }

  @Test
  void givenNoPendingTasks_tasks_saysSoAndSucceeds() {
    CommandLineRun run = run("tasks");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("No pending renewal tasks.");
  }

  @Test
  void givenExpiringSecret_scan_listsItWithoutOpeningATask() {
    world.appWithSecret(World.PRODUCTION, PAYROLL, "Payroll");

    CommandLineRun run = run("scan", "--within", "30");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("Payroll").contains("task needed").contains("1 expiring");
    assertThat(world.queue.all()).isEmpty();
  }

  @Test
  void givenExpiringSecret_scanOpenTasks_opensOneTaskAndNotASecondOne() {
    world.appWithSecret(World.PRODUCTION, PAYROLL, "Payroll");

    CommandLineRun first = run("scan", "--open-tasks");
    CommandLineRun second = run("scan", "--open-tasks");

    assertThat(first.exitCode()).isZero();
    assertThat(first.out()).contains("task opened").contains("1 tasks opened");
    assertThat(second.out()).contains("task already open");
    assertThat(world.queue.all()).hasSize(1);
  }

  @Test
  void givenLargeTenant_scan_reportsProgressOnStderrOnly() {
    for (int i = 0; i < 1000; i++) {
      world.directory.addApp("production",
          new ClientId(String.format("cccccccc-0000-4000-8000-%012d", i)), "App " + i);
    }

    CommandLineRun run = run("scan", "--json");

    assertThat(run.err().lines().filter(l -> l.startsWith("scanning")))
        .containsExactly("scanning production: 1000 apps read");
    assertThat(run.out()).doesNotContain("scanning");
  }

  @Test
  void givenWindowShorterThanTheExpiry_scan_findsNothing() {
    world.appWithSecret(World.PRODUCTION, PAYROLL, "Payroll");

    CommandLineRun run = run("scan", "--within", "5");

    assertThat(run.out()).contains("0 expiring").doesNotContain("Payroll");
  }

  @Test
  void givenWorkWaiting_plans_describeItAndChangeNothing() {
    world.appWithSecret(World.PRODUCTION, PAYROLL, "Payroll");
    world.appWithCertificate(World.PRODUCTION, PORTAL, "Portal", 0,
        World.NOW.plus(Duration.ofDays(10)));
    TaskId task = world.queue.addTask(PAYROLL, "Secret");
    Secret before = world.vault.password(World.SECRET_LIST, "Payroll").orElseThrow();
    world.faults.resetCount();

    CommandLineRun renew = run("plan", "renew", "--app-id", PORTAL, "--type", "certificate");
    CommandLineRun one = run("plan", "task", task.value());
    CommandLineRun all = run("plan", "tasks");
    CommandLineRun scan = run("plan", "scan");

    assertThat(List.of(renew, one, all, scan)).allSatisfy(r -> assertThat(r.exitCode()).isZero());
    assertThat(renew.out()).contains("Certificate of Portal (production)").contains("  1. ");
    assertThat(one.out()).contains("Secret of Payroll");
    assertThat(all.out()).contains("Secret of Payroll");
    assertThat(scan.out()).contains("task needed").contains("Portal");
    assertThat(world.directory.secretsIssued()).isZero();
    assertThat(world.authority.issued()).isEmpty();
    assertThat(world.queue.all()).hasSize(1);
    assertThat(world.queue.task(task).state()).isEqualTo(InMemoryWorkQueue.State.PENDING);
    assertThat(world.vault.password(World.SECRET_LIST, "Payroll")).contains(before);
    assertThat(world.faults.calls()).isNotEmpty().allSatisfy(call ->
        assertThat(call).as("only reads").matches("[a-z]+\\.(find|list|read|pending)\\w*"));
  }

  @Test
  void givenQueueOutage_tasks_namesTheSystemInOneLineAndExitsOne() {
    world.faults.resetCount();
    world.faults.failCall(1, Faults.Mode.UNAVAILABLE);

    CommandLineRun run = run("tasks");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(run.err().strip())
        .isEqualTo("renewal: ITSM unavailable: injected outage at queue.pendingTasks");
  }

  @Test
  void givenEveryAccountReadable_check_passesEveryCheck() {
    CommandLineRun run = run("check");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("configuration").contains("ITSM work queue")
        .contains("vault list 7651").contains("vault list 8633").contains("vault list 6691")
        .contains("vault account Sys_Azure_AppRegs_PR").contains("vault account sys_srvaapwin_pki")
        .contains("Entra ID tenant production").contains("Entra ID tenant education")
        .doesNotContain("FAIL");
  }

  @Test
  void givenMissingAccount_check_failsThatCheckWithARemedyAndExitsOne() {
    World bare = new World();
    CommandLineRun run = CommandLineRun.of(launch(bare, ENVIRONMENT), "check");
    runs.add(run);

    assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(run.out()).contains("FAIL").contains("no account 'Sys_Azure_AppRegs_PR'")
        .contains("Fix vault account Sys_Azure_AppRegs_PR: check that the entry exists");
  }

  @Test
  void givenAdapterCheckThatFails_check_showsItWithItsRemedy() {
    PortFactory withPkiCheck = new WorldPorts(world) {
      @Override
      public List<SystemCheck> checks(RunnerConfig config, SecretResolver secrets) {
        return List.of(new SystemCheck() {
          @Override
          public String name() {
            return "PKI " + config.pki().connectionIfAny().orElseThrow().url().getHost();
          }

          @Override
          public SystemCheck.Result run() {
            return SystemCheck.Result.fail(name(), "no answer", "check pki.url");
          }
        });
      }
    };

    CommandLineRun run = CommandLineRun.of(
        new Launch(ENVIRONMENT, directory, withPkiCheck, world.clock), "check");
    runs.add(run);

    assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(run.out()).containsPattern("PKI pki.example.org +FAIL +no answer")
        .contains("Fix PKI pki.example.org: check pki.url");
  }

  @Test
  void givenJson_renew_printsTheDocumentedSchema() throws IOException {
    world.appWithSecret(World.PRODUCTION, PAYROLL, "Payroll");

    CommandLineRun run = run("--json", "renew", "--app-id", PAYROLL, "--type", "secret");

    JsonNode document = JSON.readTree(run.out());
    assertThat(document.get("schemaVersion").asInt()).isEqualTo(1);
    assertThat(document.get("command").asText()).isEqualTo("renew");
    assertThat(document.get("exitCode").asInt()).isZero();
    JsonNode outcome = document.get("outcome");
    assertThat(outcome.get("status").asText()).isEqualTo("renewed");
    assertThat(outcome.get("appId").asText()).isEqualTo(PAYROLL);
    assertThat(outcome.get("tenant").asText()).isEqualTo("production");
    String keyId = outcome.get("credential").get("keyId").asText();
    assertThat(world.vault.metadata(World.SECRET_LIST, "Payroll"))
        .containsEntry(MetadataKeys.KEY_ID, UUID.fromString(keyId).toString());
    assertThat(outcome.get("credential").get("end").asText()).isEqualTo("2028-01-15T09:00:00Z");
  }

  @Test
  void givenJsonAfterTheCommand_scanAndTasksAndCheck_printParsableDocuments() throws IOException {
    world.appWithSecret(World.PRODUCTION, PAYROLL, "Payroll");

    JsonNode scan = JSON.readTree(run("scan", "--open-tasks", "--json").out());
    JsonNode tasks = JSON.readTree(run("tasks", "--json").out());
    JsonNode check = JSON.readTree(run("check", "--json").out());

    assertThat(scan.get("findings")).hasSize(1);
    assertThat(scan.get("findings").get(0).get("action").asText()).isEqualTo("TASK_OPENED");
    assertThat(scan.get("tasksOpened").asInt()).isEqualTo(1);
    assertThat(scan.get("windowDays").asInt()).isEqualTo(30);
    assertThat(tasks.get("results").get(0).get("disposition").asText()).isEqualTo("CLOSED");
    assertThat(tasks.get("results").get(0).get("outcome").get("status").asText())
        .isEqualTo("renewed");
    // The fake directory cannot tell its account's permissions, so that check is skipped.
    assertThat(check.get("checks")).allSatisfy(
        c -> assertThat(c.get("status").asText()).isIn("PASS", "SKIPPED"))
        .anySatisfy(c -> assertThat(c.get("status").asText()).isEqualTo("PASS"));
  }

  @Test
  void givenHelpAndVersion_theyPrintAndSucceed() {
    CommandLineRun help = run("--help");
    CommandLineRun renewHelp = run("renew", "--help");
    CommandLineRun version = run("--version");

    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("renew").contains("scan").contains("plan").contains("check")
        .contains("Exit codes:").contains("--config").contains("--json");
    assertThat(renewHelp.out()).contains("--app-id").contains("same day");
    assertThat(version.exitCode()).isZero();
    assertThat(version.out()).startsWith("renewal ");
    assertThat(run("plan", "scan", "--version").out()).isEqualTo(version.out());
  }

  @Test
  void givenUnknownOptionOrNoCommand_exitsTwoWithAShortMessage() {
    CommandLineRun unknown =
        run("renew", "--app-id", PAYROLL, "--type", "secret", "--colour", "blue");
    CommandLineRun none = run();
    CommandLineRun badType = run("renew", "--app-id", PAYROLL, "--type", "password");
    CommandLineRun typo = run("scna");

    assertThat(List.of(unknown, none, badType, typo))
        .allSatisfy(r -> assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE))
        .allSatisfy(r -> assertThat(r.err().lines()).hasSizeBetween(1, 3));
    assertThat(unknown.err()).contains("Unknown options: '--colour', 'blue'");
    assertThat(none.err()).contains("name a command").contains("see 'renewal --help'");
    assertThat(badType.err()).contains("must be secret or certificate")
        .contains("see 'renewal renew --help'");
    assertThat(typo.err()).contains("Did you mean").contains("scan");
  }

  @Test
  void givenJsonAndBadCommandLine_printsAnErrorDocument() throws IOException {
    CommandLineRun run = run("--json", "renew", "--app-id", PAYROLL);

    JsonNode document = JSON.readTree(run.out());
    assertThat(document.get("exitCode").asInt()).isEqualTo(ExitCodes.USAGE);
    assertThat(document.get("error").get("message").asText()).contains("--type");
  }

  @Test
  void givenGenerateCompletion_printsABashScript() {
    CommandLineRun run = run("generate-completion");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("complete").contains("renewal");
  }

  @Test
  void givenBuildWithoutAdapters_renew_explainsInOneLineAndExitsOne() {
    Launch noAdapters = new Launch(ENVIRONMENT, directory, null, world.clock);

    CommandLineRun run = CommandLineRun.of(noAdapters, "tasks");
    runs.add(run);

    assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(run.err()).contains("includes no adapters");
  }

  @Test
  void givenInvalidConfiguration_renew_listsEveryProblemWithLineAndChangesNothing()
      throws IOException {
    world.appWithSecret(World.PRODUCTION, PAYROLL, "Payroll");
    Path file = directory.resolve("renewal.yaml");
    Files.writeString(file, Files.readString(file)
        .replace("  renew-before-days: 30", "  renew-before-days: 30\n  colour: blue")
        .replace("secret-validity-days: 365", "secret-validity-days: often"));

    CommandLineRun run = run("renew", "--app-id", PAYROLL, "--type", "secret");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("2 problems")
        .contains("line 14: renewal.secret-validity-days: must be a whole number")
        .contains("line 16: renewal.colour: unknown key")
        .doesNotContain("\tat ");
    assertThat(world.directory.secretsIssued()).isZero();
  }

  @Test
  void givenInvalidConfigurationAndJson_check_printsTheProblemsAsJson() throws IOException {
    Path file = directory.resolve("renewal.yaml");
    Files.writeString(file, Files.readString(file)
        .replace("11111111-1111-1111-1111-111111111111", "production-tenant"));

    CommandLineRun check = run("check", "--json");
    CommandLineRun renew = run("--json", "renew", "--app-id", PAYROLL, "--type", "secret");

    assertThat(check.exitCode()).isEqualTo(ExitCodes.USAGE);
    JsonNode checks = JSON.readTree(check.out()).get("checks");
    assertThat(checks.get(0).get("status").asText()).isEqualTo("FAIL");
    assertThat(checks.get(0).get("detail").asText())
        .contains("line 28: tenants[0].tenant-id: must be a GUID");
    JsonNode error = JSON.readTree(renew.out()).get("error");
    assertThat(error.get("problems").get(0).get("path").asText())
        .isEqualTo("tenants[0].tenant-id");
    assertThat(error.get("problems").get(0).get("line").asInt()).isEqualTo(28);
  }

  @Test
  void givenConfigOption_commands_readThatFileRelativeToTheWorkingDirectory()
      throws IOException {
    Files.createDirectories(directory.resolve("etc"));
    Files.move(directory.resolve("renewal.yaml"), directory.resolve("etc/other.yaml"));
    Files.move(directory.resolve("issuing-ca.pem"), directory.resolve("etc/issuing-ca.pem"));

    CommandLineRun withoutOption = run("tasks");
    CommandLineRun withOption = run("tasks", "--config", "etc/other.yaml");

    assertThat(withoutOption.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(withoutOption.err()).contains("does not exist");
    assertThat(withOption.exitCode()).isZero();
  }

  @Test
  void givenVerbose_failure_showsTheStackTrace() {
    Launch noAdapters = new Launch(ENVIRONMENT, directory, null, world.clock);

    CommandLineRun run = CommandLineRun.of(noAdapters, "tasks", "--verbose");
    runs.add(run);

    assertThat(run.err()).contains("includes no adapters").contains("\tat ");
  }

  @Test
  void givenUnknownTask_task_exitsOne() {
    CommandLineRun run = run("task", "424242");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(run.out()).contains("424242").contains("not found");
  }

  @Test
  void givenUnknownTenant_scan_exitsTwoNamingIt() {
    CommandLineRun run = run("scan", "--tenant", "staging");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("no tenant named staging is configured");
  }

  private CommandLineRun run(String... args) {
    CommandLineRun run = CommandLineRun.of(launch(world, ENVIRONMENT), args);
    runs.add(run);
    return run;
  }

  private Launch launch(World of, Map<String, String> environment) {
    return new Launch(environment, directory, new WorldPorts(of), of.clock);
  }
}
