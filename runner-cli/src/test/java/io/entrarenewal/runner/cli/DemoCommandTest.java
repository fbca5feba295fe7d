package io.entrarenewal.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.entrarenewal.sandbox.Fault;
import io.entrarenewal.sandbox.Sandbox;
import io.entrarenewal.sandbox.SandboxOptions;
import io.entrarenewal.sandbox.SandboxState;
import io.entrarenewal.sandbox.World;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code renewal demo} in-process, end to end through the real adapters: after the run, the
 * sandbox's own state must show every expected renewal and hand-over.
 */
class DemoCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HAND_OVER_TEAM = "Systeemsoftware";

  private final AtomicReference<Sandbox> started = new AtomicReference<>();
  private final Map<String, Set<UUID>> credentialsBefore = new HashMap<>();

  @TempDir
  Path directory;

  @Test
  void demo_endsEveryAppAsTheWorldExpects_andTheSandboxShowsIt() throws Exception {
    CommandLineRun run = CommandLineRun.of(launch(sandbox -> { }), "demo");

    assertThat(run.exitCode()).as(run.all()).isZero();
    assertThat(run.out()).contains("15 of 15 apps as expected");
    World world = started.get().world();
    for (World.App app : world.apps()) {
      switch (expectedOutcome(app)) {
        case "RENEWED" -> assertRenewed(app);
        case "HANDED_OVER" -> assertHandedOver(app);
        default -> assertUntouched(app);
      }
    }
    assertThat(run.all()).doesNotContain(world.ivanti().apiKey())
        .doesNotContain(world.passwordstate().listApiKeys().values());
  }

  @Test
  void givenGraphRefusingNewSecrets_demo_listsTheMismatchesAndExitsOne() {
    Consumer<Sandbox> refuseSecrets = sandbox -> sandbox.faults().always("POST",
        "/v1\\.0/applications/[^/]+/addPassword", Fault.status(403, "application/json",
            "{\"error\":{\"code\":\"Authorization_RequestDenied\","
                + "\"message\":\"Insufficient privileges to complete the operation.\"}}"));

    CommandLineRun run = CommandLineRun.of(launch(refuseSecrets), "demo");

    assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.FAILURE);
    assertThat(run.out()).contains("Mismatch: HR-Portal: expected RENEWED")
        .contains("Mismatch: Student-Portal_OND: expected RENEWED")
        .doesNotContain("Mismatch: Payroll-Sync")
        .contains("of 15 apps as expected");
    World.App portal = started.get().world().appNamed("HR-Portal").orElseThrow();
    assertThat(addedCredentials(portal)).isEmpty();
  }

  @Test
  void givenJson_demo_printsEveryAppWithItsOutcomeAndExpectation() throws Exception {
    CommandLineRun run = CommandLineRun.of(launch(sandbox -> { }), "demo", "--json");

    JsonNode document = JSON.readTree(run.out());
    assertThat(document.path("schemaVersion").asInt()).isEqualTo(1);
    assertThat(document.path("command").asText()).isEqualTo("demo");
    assertThat(document.path("exitCode").asInt()).isZero();
    assertThat(document.path("apps")).hasSize(started.get().world().apps().size());
    for (JsonNode app : document.path("apps")) {
      assertThat(app.path("outcome").asText()).as(app.path("app").asText())
          .isEqualTo(app.path("expected").asText());
      assertThat(app.path("mismatches")).as(app.path("app").asText()).isEmpty();
    }
    JsonNode policy = java.util.stream.StreamSupport.stream(document.path("apps").spliterator(),
        false).filter(a -> a.path("app").asText().equals("Policy-App")).findFirst().orElseThrow();
    assertThat(policy.path("reason").asText()).isEqualTo("LIFETIME_POLICY");
  }

  private Launch launch(Consumer<Sandbox> prepare) {
    return new Launch(Map.of(), directory, null, Clock.systemUTC(), options -> {
      Sandbox sandbox = SandboxConfiguration.start(options);
      started.set(sandbox);
      for (World.App app : sandbox.world().apps()) {
        credentialsBefore.put(app.appId(), new HashSet<>(keyIds(sandbox, app)));
      }
      prepare.accept(sandbox);
      return sandbox;
    });
  }

  /** The world's outcome, except that the scan opens tasks for apps that had none. */
  private static String expectedOutcome(World.App app) {
    return app.taskAssignmentId() == null && app.daysLeft() <= 30
        ? "RENEWED" : app.expectedOutcome();
  }

  private void assertRenewed(World.App app) throws Exception {
    List<SandboxState.SecretView> secrets = newSecrets(app);
    List<SandboxState.CertificateView> certificates = newCertificates(app);
    boolean secret = app.credentialType().equals("Secret");
    assertThat(secret ? secrets.size() : certificates.size())
        .as("one new credential on " + app.displayName()).isEqualTo(1);
    assertThat(secret ? certificates : secrets).as(app.displayName()).isEmpty();

    SandboxState state = started.get().state();
    World world = started.get().world();
    if (secret) {
      Map<String, Object> entry = single(state.passwordRecordsTitled(
          world.tenant(app.tenant()).secretListId(), app.displayName()));
      JsonNode metadata = JSON.readTree(String.valueOf(entry.get("GenericField6")));
      assertThat(metadata.path("KeyId").asText()).as("vault metadata of " + app.displayName())
          .isEqualToIgnoringCase(secrets.get(0).keyId().toString());
    } else {
      Map<String, Object> entry = single(state.passwordRecordsTitled(
          world.passwordstate().certificateListId(), "Certificaat " + app.displayName()));
      JsonNode metadata = JSON.readTree(String.valueOf(entry.get("GenericField7")));
      assertThat(metadata.path("Thumbprint").asText()).as("vault metadata of "
          + app.displayName()).isEqualToIgnoringCase(certificates.get(0).thumbprint());
      int document = metadata.path("DocumentID").asInt();
      assertThat(state.document(document)).as("the new PFX of " + app.displayName())
          .isPresent();
    }
    Map<String, Object> task = single(tasksOf(app));
    assertThat(task.get("Status")).as("task of " + app.displayName()).isEqualTo("Completed");
  }

  private void assertHandedOver(World.App app) {
    assertThat(addedCredentials(app)).as("nothing added to " + app.displayName()).isEmpty();
    Map<String, Object> task = single(tasksOf(app));
    assertThat(task.get("OwnerTeam")).as("team of " + app.displayName())
        .isEqualTo(HAND_OVER_TEAM);
    assertThat(started.get().state().ivantiRecords("Journal__Notess"))
        .as("a note on the task of " + app.displayName())
        .anyMatch(note -> task.get("RecId").equals(note.get("ParentLink_RecID")));
  }

  private void assertUntouched(World.App app) {
    assertThat(addedCredentials(app)).as(app.displayName()).isEmpty();
    assertThat(tasksOf(app)).as("no task for " + app.displayName()).isEmpty();
  }

  private List<Map<String, Object>> tasksOf(World.App app) {
    SandboxState state = started.get().state();
    Set<Object> requests = new HashSet<>();
    state.ivantiRecords("ServiceReqParams").stream()
        .filter(p -> "AppID".equals(p.get("ParameterName"))
            && app.appId().equalsIgnoreCase(String.valueOf(p.get("ParameterValue"))))
        .forEach(p -> requests.add(p.get("ParentLink_RecID")));
    return state.ivantiRecords("Task__Assignments").stream()
        .filter(t -> requests.contains(t.get("ParentLink_RecID"))).toList();
  }

  private List<SandboxState.SecretView> newSecrets(World.App app) {
    return view(app).secrets().stream()
        .filter(s -> !credentialsBefore.get(app.appId()).contains(s.keyId())).toList();
  }

  private List<SandboxState.CertificateView> newCertificates(World.App app) {
    return view(app).certificates().stream()
        .filter(c -> !credentialsBefore.get(app.appId()).contains(c.keyId())).toList();
  }

  private List<UUID> addedCredentials(World.App app) {
    return Stream.concat(newSecrets(app).stream().map(SandboxState.SecretView::keyId),
        newCertificates(app).stream().map(SandboxState.CertificateView::keyId)).toList();
  }

  private SandboxState.AppView view(World.App app) {
    return started.get().state().app(app.tenant(), app.appId()).orElseThrow();
  }

  private static List<UUID> keyIds(Sandbox sandbox, World.App app) {
    SandboxState.AppView view = sandbox.state().app(app.tenant(), app.appId()).orElseThrow();
    return Stream.concat(view.secrets().stream().map(SandboxState.SecretView::keyId),
        view.certificates().stream().map(SandboxState.CertificateView::keyId)).toList();
  }

  private static <T> T single(List<T> items) {
    assertThat(items).hasSize(1);
    return items.get(0);
  }
}
