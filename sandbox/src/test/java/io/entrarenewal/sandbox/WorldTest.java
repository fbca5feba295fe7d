package io.entrarenewal.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The seeded demo world is consistent: accounts work, entries match apps, tasks are open. */
class WorldTest {

  private static Sandbox sandbox;
  private static TestClient client;
  private static World world;

  @BeforeAll
  static void start() {
    sandbox = Sandbox.start(SandboxOptions.defaults());
    client = new TestClient(sandbox);
    world = sandbox.world();
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  @Test
  void givenSystemAccounts_eachTenantsAutomation_getsAnAdminToken() throws Exception {
    for (World.Tenant tenant : world.tenants()) {
      Map<String, Object> account = sandbox.state().passwordRecordsTitled(
          world.passwordstate().systemAccountsListId(), tenant.accountTitle()).get(0);

      String token = client.tokenWithSecret(tenant.tenantId(),
          account.get("UserName").toString(), account.get("Password").toString());
      JsonNode apps = TestClient.json(client.get(URI.create(sandbox.graphBaseUri()
          + "/applications?$select=id"), "Authorization", "Bearer " + token));

      assertThat(account.get("UserName")).isEqualTo(tenant.adminClientId());
      assertThat(apps.path("value").size()).isGreaterThan(1);
    }
  }

  @Test
  void givenCertificateEntries_thePfxOpensAndHoldsTheRegisteredCertificate() throws Exception {
    World.App payroll = world.appNamed("Payroll-Sync").orElseThrow();
    Map<String, Object> entry = sandbox.state().passwordRecordsTitled(
        world.passwordstate().certificateListId(), payroll.vaultTitle()).get(0);
    JsonNode metadata = Http.JSON.readTree(entry.get("GenericField7").toString());
    byte[] pfx = sandbox.state().document(metadata.path("DocumentID").asInt()).orElseThrow();

    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(new ByteArrayInputStream(pfx), entry.get("Password").toString().toCharArray());
    X509Certificate certificate = (X509Certificate) store.getCertificate(
        store.aliases().nextElement());

    assertThat(metadata.path("UsedTemplate").asText()).isEqualTo(world.adcs().defaultTemplate());
    assertThat(sandbox.state().app("production", payroll.appId()).orElseThrow().certificates())
        .extracting(SandboxState.CertificateView::thumbprint)
        .containsExactly(Crypto.thumbprintHex(certificate));
  }

  @Test
  void givenTheInterestingCases_worldDescribesThemAndTheirExpectedOutcomes() {
    World.App orphan = world.appNamed("Orphan-App").orElseThrow();
    World.App legacy = world.appNamed("Legacy-Cert-App").orElseThrow();
    World.App shared = world.appNamed("Mediatheek_OND").orElseThrow();

    assertThat(orphan.vaultTitle()).isNull();
    assertThat(orphan.expectedReason()).isEqualTo("NO_VAULT_ENTRY");
    assertThat(sandbox.state().app("production", legacy.appId()).orElseThrow().certificates()
        .get(0).end()).isBefore(Instant.now());
    assertThat(shared.expectedReason()).isEqualTo("SHARED_CERTIFICATE");
    assertThat(sandbox.state().passwordRecordsTitled(world.passwordstate().certificateListId(),
        "Certificaat Mediatheek")).hasSize(1);
    assertThat(world.apps()).filteredOn(a -> a.taskAssignmentId() != null).hasSizeGreaterThan(4);
    assertThat(world.toJson()).contains("\"expectedOutcome\" : \"RENEWED\"");
  }

  @Test
  void givenOpenTasks_eachHasParamsAndIsLoggedForTheAutomationTeam() {
    List<Map<String, Object>> tasks = sandbox.state().ivantiRecords("Task__Assignments");
    List<Map<String, Object>> params = sandbox.state().ivantiRecords("ServiceReqParams");

    assertThat(tasks).allSatisfy(task -> {
      assertThat(task.get("Status")).isEqualTo("Logged");
      assertThat(task.get("OwnerTeam")).isEqualTo(world.ivanti().automationTeam());
      assertThat(params).filteredOn(p -> task.get("ParentLink_RecID").equals(
          p.get("ParentLink_RecID"))).extracting(p -> p.get("ParameterName"))
          .containsExactly("AppID", "SecretType");
    });
    assertThat(tasks).hasSize((int) world.apps().stream()
        .filter(a -> a.taskAssignmentId() != null).count());
  }

  @Test
  void givenLargeWorld_generation_isFastAndPagesCoverEveryApp() throws Exception {
    long started = System.nanoTime();
    try (Sandbox large = Sandbox.start(SandboxOptions.defaults().withLargeWorld(100_000))) {
      long startMillis = (System.nanoTime() - started) / 1_000_000;
      String tenantId = large.world().tenant("education").tenantId();
      SandboxState.AppView admin = large.state().createApp(tenantId, "Bench-Admin", true);
      TestClient benchClient = new TestClient(large);
      String token = benchClient.tokenWithSecret(tenantId, admin.appId(), large.state()
          .addSecret(tenantId, admin.appId(), java.time.Duration.ofDays(1)));
      int seen = 0;
      URI next = URI.create(large.graphBaseUri()
          + "/applications?$select=id,appId,passwordCredentials,keyCredentials&$top=999");
      while (next != null) {
        JsonNode page = TestClient.json(benchClient.get(next, "Authorization",
            "Bearer " + token));
        seen += page.path("value").size();
        next = page.has("@odata.nextLink")
            ? URI.create(page.path("@odata.nextLink").asText()) : null;
      }

      assertThat(seen).isEqualTo(50_000 + 2);
      assertThat(startMillis).isLessThan(15_000);
      assertThat(large.state().requestCount("graph.listApplications")).isEqualTo(51);
    }
  }
}
