package io.entrarenewal.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.entrarenewal.adapter.graph.GraphAccount;
import io.entrarenewal.core.domain.ClientId;
import io.entrarenewal.core.domain.CredentialType;
import io.entrarenewal.core.domain.RenewalOutcome;
import io.entrarenewal.core.domain.RenewalRequest;
import io.entrarenewal.core.domain.Secret;
import io.entrarenewal.core.domain.Tenant;
import io.entrarenewal.sandbox.Sandbox;
import io.entrarenewal.sandbox.SandboxOptions;
import io.entrarenewal.sandbox.SandboxState;
import io.entrarenewal.sandbox.World;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Runs the embedding guide's examples against the sandbox, judging them from its state. */
class ExamplesTest {

  private static final String ACCOUNTS_LIST = "8620";

  private static Sandbox sandbox;
  private static Site site;
  private static Tenant production;
  private static World.Tenant productionWorld;

  @BeforeAll
  static void startSandbox() {
    sandbox = Sandbox.start(SandboxOptions.defaults());
    site = new Site(sandbox.passwordstateBaseUri(), sandbox.entraAuthorityHost(),
        sandbox.graphBaseUri(), sandbox.trustStore());
    productionWorld = sandbox.world().tenant("production");
    production = new Tenant("production", productionWorld.tenantId(),
        Integer.toString(productionWorld.secretListId()), null);
  }

  @AfterAll
  static void stopSandbox() {
    sandbox.close();
  }

  @Test
  void renewOneSecret_addsOneVerifiedSecretAndConvergesWhenRepeated() {
    World.App app = sandbox.world().appNamed("HR-Portal").orElseThrow();

    RenewalOutcome first = renew(app, "example-1");
    RenewalOutcome again = renew(app, "example-1");

    assertThat(first).isInstanceOf(RenewalOutcome.Renewed.class);
    assertThat(again).isInstanceOf(RenewalOutcome.Renewed.class);
    List<SandboxState.SecretView> ours = secretsNamed(app, "renewal example-1");
    assertThat(ours).as("one secret however often the same request runs").hasSize(1);
    String stored = passwordOf(productionWorld.secretListId(), "HR-Portal");
    assertThat(stored).startsWith(ours.get(0).hint());
  }

  @Test
  void expiryReport_listsTheSeededExpiringCredentialsSoonestFirst() {
    var renewals = RenewOneSecret.renewals(site, systemKey(), production, ACCOUNTS_LIST,
        productionWorld.accountTitle());

    List<String> tenantsRead = new ArrayList<>();
    List<String> lines = ExpiryReport.lines(renewals, 30,
        (tenant, appsSoFar) -> tenantsRead.add(tenant));

    // Seeded with 7 and 20 days left; a few seconds later the scan counts whole days left.
    assertThat(lines).containsSubsequence("production Mail-Relay Certificate 6",
        "production Finance-Connector Secret 19");
    assertThat(lines).noneMatch(line -> line.contains("Reporting-Service"));
    assertThat(tenantsRead).as("progress heard per page").contains("production");
    assertThat(lines.stream().map(line -> Long.parseLong(line.substring(
        line.lastIndexOf(' ') + 1))).toList()).isSorted();
  }

  @Test
  void keyValueVault_holdsTheRenewedSecretOfAnAppFromItsOwnStore() {
    World.App app = sandbox.world().appNamed("Intranet-Search").orElseThrow();
    MapStore store = new MapStore();
    String folder = productionWorld.secretListId() + "/Intranet-Search/";
    store.put(folder + "password", passwordOf(productionWorld.secretListId(), "Intranet-Search"));
    KeyValueVault vault = new KeyValueVault(store);
    var renewals = OwnVaultRenewals.renewals(site, vault, production, account());

    RenewalOutcome outcome = renewals.renewal().renew(
        RenewalRequest.direct(new ClientId(app.appId()),
            CredentialType.SECRET, "production", "example-2"));

    assertThat(outcome).isInstanceOf(RenewalOutcome.Renewed.class);
    List<SandboxState.SecretView> ours = secretsNamed(app, "renewal example-2");
    assertThat(ours).hasSize(1);
    assertThat(store.get(folder + "password")).hasValueSatisfying(
        password -> assertThat(password).startsWith(ours.get(0).hint()));
    assertThat(store.get(folder + "meta/KeyId")).contains(ours.get(0).keyId().toString());
  }

  private static RenewalOutcome renew(World.App app, String requestId) {
    return RenewOneSecret.renew(site, systemKey(), production, ACCOUNTS_LIST,
        productionWorld.accountTitle(), new ClientId(app.appId()), requestId);
  }

  private static List<SandboxState.SecretView> secretsNamed(World.App app, String name) {
    return sandbox.state().app("production", app.appId()).orElseThrow().secrets().stream()
        .filter(secret -> name.equals(secret.displayName()))
        .toList();
  }

  private static String passwordOf(int listId, String title) {
    Map<String, Object> record = sandbox.state().passwordRecordsTitled(listId, title).get(0);
    return (String) record.get("Password");
  }

  private static Secret systemKey() {
    return Secret.of(sandbox.world().passwordstate().systemApiKey());
  }

  private static GraphAccount account() {
    Map<String, Object> record = sandbox.state()
        .passwordRecordsTitled(Integer.parseInt(ACCOUNTS_LIST), productionWorld.accountTitle())
        .get(0);
    return new GraphAccount((String) record.get("UserName"),
        Secret.of((String) record.get("Password")));
  }
}
