package io.entrarenewal.adapter.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

import io.entrarenewal.core.domain.AddedSecret;
import io.entrarenewal.core.domain.AppRegistration;
import io.entrarenewal.core.domain.CertificateKeyPair;
import io.entrarenewal.core.domain.ClientId;
import io.entrarenewal.core.domain.Credential;
import io.entrarenewal.core.domain.CredentialType;
import io.entrarenewal.core.domain.ExternalSystemException;
import io.entrarenewal.core.domain.ExternalSystemException.Kind;
import io.entrarenewal.core.domain.RefusalReason;
import io.entrarenewal.core.domain.RefusedException;
import io.entrarenewal.core.domain.Secret;
import io.entrarenewal.core.domain.Tenant;
import io.entrarenewal.core.domain.Verification;
import io.entrarenewal.core.fakes.TestCertificates;
import io.entrarenewal.sandbox.Fault;
import io.entrarenewal.sandbox.Sandbox;
import io.entrarenewal.sandbox.SandboxOptions;
import io.entrarenewal.sandbox.SandboxState;
import io.entrarenewal.sandbox.SandboxState.AppView;
import io.entrarenewal.sandbox.SandboxState.CertificateView;
import io.entrarenewal.sandbox.SandboxState.SecretView;
import io.entrarenewal.sandbox.World;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Directory contract against the sandbox's Entra and Graph, through azure-identity and the
 * Graph SDK as in production. Every case is judged from the sandbox's state, not only from what
 * the adapter returns.
 */
class GraphDirectorySandboxTest {

  private static final String ADD_PASSWORD = "/v1\\.0/applications/[^/]+/addPassword";
  private static final String BY_APP_ID = "/v1\\.0/applications\\(appId='[^']*'\\)";
  private static final String TOKEN = "/[^/]+/oauth2/v2\\.0/token";

  private static final SandboxWorld.SharedTime TIME = new SandboxWorld.SharedTime();
  private static Sandbox sandbox;
  private static SandboxState state;
  private static Tenant production;
  private static GraphDirectory directory;
  private static GraphDirectory paced;

  @BeforeAll
  static void start() {
    sandbox = Sandbox.start(SandboxOptions.defaults().withClock(TIME));
    state = sandbox.state();
    production = SandboxWorld.tenant(sandbox, "production");
    directory = GraphDirectory.create(SandboxWorld.settings(sandbox).build());
    paced = new GraphDirectory(SandboxWorld.settings(sandbox).build(), TIME);
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  @AfterEach
  void clearFaults() {
    sandbox.faults().clear();
    state.setPropagationDelay(production.directoryId(), Duration.ZERO);
  }

  // ----- lookups -----

  @Test
  void givenAppInTenant_findApp_returnsItWithTheCredentialsGraphHolds() {
    World.App seeded = app("HR-Portal");

    AppRegistration found = directory.findApp(production, new ClientId(seeded.appId()))
        .orElseThrow();

    AppView held = view(seeded);
    assertThat(found.objectId()).isEqualTo(held.objectId());
    assertThat(found.displayName()).isEqualTo("HR-Portal");
    assertThat(found.credentials()).extracting(Credential::keyId)
        .containsExactlyElementsOf(held.secrets().stream().map(SecretView::keyId).toList());
    assertThat(found.credentials().get(0).end()).isEqualTo(held.secrets().get(0).end());
  }

  @Test
  void givenCertificateApp_findApp_returnsTheThumbprintOfTheRegisteredCertificate() {
    World.App seeded = app("Payroll-Sync");

    AppRegistration found = directory.findApp(production, new ClientId(seeded.appId()))
        .orElseThrow();

    List<CertificateView> held = view(seeded).certificates();
    assertThat(found.credentials(CredentialType.CERTIFICATE))
        .extracting(Credential::keyId, credential -> credential.thumbprintIfAny().orElseThrow())
        .containsExactlyInAnyOrderElementsOf(held.stream()
            .map(view -> tuple(view.keyId(), view.thumbprint())).toList());
  }

  @Test
  void givenAppOfAnotherTenant_findApp_returnsEmpty() {
    World.App education = app("Student-Portal_OND");

    assertThat(directory.findApp(production, new ClientId(education.appId()))).isEmpty();
    assertThat(directory.findApp(production, new ClientId(UUID.randomUUID().toString())))
        .isEmpty();
    assertThat(state.app(production.directoryId(), education.appId())).isEmpty();
  }

  @Test
  void givenThrottledLookup_findApp_waitsRetryAfterAndAsksAgain() {
    World.App seeded = app("Finance-Connector");
    sandbox.faults().inject("GET", BY_APP_ID, 1, Fault.throttled(429, 7));
    long before = state.requestCount("graph.getApplication");
    int pausesBefore = TIME.pauseCount();

    AppRegistration found = paced.findApp(production, new ClientId(seeded.appId()))
        .orElseThrow();

    assertThat(found.objectId()).isEqualTo(seeded.objectId());
    assertThat(state.requestCount("graph.getApplication") - before).isEqualTo(2);
    assertThat(TIME.pausesSince(pausesBefore)).singleElement()
        .satisfies(pause -> assertThat(pause).isGreaterThanOrEqualTo(Duration.ofSeconds(7)));
  }

  @Test
  void givenThrottledTokenEndpoint_findApp_asksForTheAccountTokenAgainAndFindsTheApp() {
    World.App seeded = app("HR-Portal");
    GraphDirectory fresh = GraphDirectory.create(SandboxWorld.settings(sandbox).build());
    sandbox.faults().inject("POST", TOKEN, 1, Fault.throttled(429, 1));
    long before = state.requestCount("entra.token");

    AppRegistration found = fresh.findApp(production, new ClientId(seeded.appId()))
        .orElseThrow();

    // azure-identity's own pipeline honours Retry-After here, not the adapter's pacer.
    assertThat(found.objectId()).isEqualTo(seeded.objectId());
    assertThat(state.requestCount("entra.token") - before).isEqualTo(2);
  }

  @Test
  void givenAccountWithoutApplicationPermission_findApp_isRefusedAsPermissionMissing() {
    World.App seeded = app("HR-Portal");
    AppView reader = state.createApp(production.directoryId(), "No-Role-Account", false);
    String secret = state.addSecret(production.directoryId(), reader.appId(), Duration.ofDays(1));
    GraphDirectory withoutRole = GraphDirectory.create(GraphSettings.builder()
        .authorityHost(sandbox.entraAuthorityHost())
        .graphBaseUrl(sandbox.graphBaseUri())
        .trustStore(sandbox.trustStore())
        .account(production.name(), new GraphAccount(reader.appId(),
            Secret.of(secret)))
        .build());

    assertThatExceptionOfType(RefusedException.class)
        .isThrownBy(() -> withoutRole.findApp(production, new ClientId(seeded.appId())))
        .satisfies(e -> {
          assertThat(e.reason()).isEqualTo(RefusalReason.PERMISSION_MISSING);
          assertThat(e.getMessage()).contains("Authorization_RequestDenied")
              .doesNotContain(secret);
        });
  }

  // ----- secrets -----

  @Test
  void givenExplicitEnd_addSecret_addsOneSecretWithOurNameAndEnd_thatSignsIn() {
    World.App seeded = app("Intranet-Search");
    AppRegistration app = find(seeded);
    Instant end = TIME.instant().plus(365, ChronoUnit.DAYS);

    AddedSecret added = directory.addSecret(production, app, "renewal contract-1", end);

    SecretView held = secret(seeded, added.credential().keyId());
    assertThat(held.displayName()).isEqualTo("renewal contract-1");
    assertThat(held.end()).isEqualTo(end.truncatedTo(ChronoUnit.SECONDS));
    assertThat(added.credential().end()).isEqualTo(held.end());
    assertThat(added.value().reveal()).startsWith(held.hint()).hasSizeBetween(16, 64);
    assertThat(view(seeded).secrets()).hasSize(app.credentials().size() + 1);
    assertThat(directory.verifySecret(production, app.clientId(), added.value()))
        .isInstanceOf(Verification.Verified.class);
  }

  @Test
  void givenReplyLost_addSecret_isAmbiguous_andTheSecretIsFoundByItsDisplayName() {
    World.App seeded = app("Reporting-Service");
    AppRegistration app = find(seeded);
    sandbox.faults().inject("POST", ADD_PASSWORD, 1, Fault.dropReply());
    long before = state.requestCount("graph.addPassword");

    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> directory.addSecret(production, app, "renewal lost-reply",
            TIME.instant().plus(90, ChronoUnit.DAYS)))
        .satisfies(e -> assertThat(e.kind()).isEqualTo(Kind.AMBIGUOUS));

    assertThat(state.requestCount("graph.addPassword") - before).isEqualTo(1);
    List<SecretView> named = view(seeded).secrets().stream()
        .filter(secret -> "renewal lost-reply".equals(secret.displayName())).toList();
    assertThat(named).hasSize(1);
    AppRegistration reread = find(seeded);
    assertThat(reread.credentials(CredentialType.SECRET))
        .filteredOn(credential -> "renewal lost-reply".equals(credential.displayName()))
        .extracting(Credential::keyId)
        .containsExactly(named.get(0).keyId());
  }

  @Test
  void givenLifetimePolicy_addSecret_isRefusedForThePolicy_andAddsNothing() {
    World.App seeded = app("Policy-App");
    AppRegistration app = find(seeded);
    String policyId = UUID.nameUUIDFromBytes(
        "policy:secret-180-days".getBytes(StandardCharsets.UTF_8)).toString();

    assertThatExceptionOfType(RefusedException.class)
        .isThrownBy(() -> directory.addSecret(production, app, "renewal too-long",
            TIME.instant().plus(365, ChronoUnit.DAYS)))
        .satisfies(e -> {
          assertThat(e.reason()).isEqualTo(RefusalReason.LIFETIME_POLICY);
          assertThat(e.getMessage()).contains(policyId).contains(seeded.appId());
        });

    assertThat(view(seeded).secrets()).hasSize(app.credentials().size());
  }

  @Test
  void givenThrottledWrite_addSecret_isUnavailable_andNotRepeated() {
    World.App seeded = app("Finance-Connector");
    AppRegistration app = find(seeded);
    sandbox.faults().inject("POST", ADD_PASSWORD, 1, Fault.throttled(429, 3));
    long before = state.requestCount("graph.addPassword");

    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> paced.addSecret(production, app, "renewal throttled",
            TIME.instant().plus(90, ChronoUnit.DAYS)))
        .satisfies(e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE));

    assertThat(state.requestCount("graph.addPassword") - before).isEqualTo(1);
    assertThat(view(seeded).secrets()).extracting(SecretView::displayName)
        .doesNotContain("renewal throttled");
  }

  @Test
  void givenPropagationDelay_verifySecret_waitsUntilEntraKnowsTheNewSecret() {
    World.App seeded = app("HR-Portal");
    AppRegistration app = find(seeded);
    state.setPropagationDelay(production.directoryId(), Duration.ofSeconds(20));
    AddedSecret added = paced.addSecret(production, app, "renewal propagation",
        TIME.instant().plus(60, ChronoUnit.DAYS));
    long before = state.requestCount("entra.token");

    Verification verification = paced.verifySecret(production, app.clientId(), added.value());

    assertThat(verification).isInstanceOfSatisfying(Verification.Verified.class,
        verified -> assertThat(verified.waited()).isGreaterThanOrEqualTo(Duration.ofSeconds(20)));
    assertThat(state.requestCount("entra.token") - before).isGreaterThan(1);
  }

  // ----- certificates -----

  @Test
  void givenValidCertificate_addCertificate_rollsTheNewOneOnSelfService_andItSignsIn() {
    World.App seeded = app("Payroll-Sync");
    AppRegistration app = find(seeded);
    CertificateKeyPair current = SandboxWorld.currentCertificate(sandbox, "Payroll-Sync");
    CertificateKeyPair next = TestCertificates.pair(1);
    List<String> before = view(seeded).certificates().stream()
        .map(CertificateView::thumbprint).toList();
    long addKeysBefore = state.requestCount("graph.addKey");

    Credential added = directory.addCertificate(production, app, current, next.certificate(),
        "Payroll-Sync 2027");

    List<CertificateView> held = view(seeded).certificates();
    assertThat(before).contains(current.thumbprint()).doesNotContain(next.thumbprint());
    assertThat(held).extracting(CertificateView::thumbprint)
        .containsExactlyInAnyOrderElementsOf(
            Stream.concat(before.stream(), Stream.of(next.thumbprint())).toList());
    CertificateView rolled = held.stream()
        .filter(view -> view.thumbprint().equals(next.thumbprint())).findFirst().orElseThrow();
    assertThat(rolled.displayName()).isEqualTo("Payroll-Sync 2027");
    assertThat(rolled.keyId()).isEqualTo(added.keyId());
    assertThat(rolled.end()).isEqualTo(next.notAfter());
    assertThat(added.thumbprintIfAny()).contains(next.thumbprint());
    assertThat(state.requestCount("graph.addKey") - addKeysBefore).isEqualTo(1);
    assertThat(directory.verifyCertificate(production, app.clientId(), next))
        .isInstanceOf(Verification.Verified.class);
  }

  @Test
  void givenPropagationDelay_verifyCertificate_waitsUntilEntraKnowsTheNewCertificate() {
    AppView created = state.createApp(production.directoryId(), "Propagation-Cert-App", false);
    CertificateKeyPair current = TestCertificates.pair(0);
    state.addCertificate(production.directoryId(), created.appId(), current.certificate());
    AppRegistration app = paced.findApp(production, new ClientId(created.appId())).orElseThrow();
    CertificateKeyPair next = TestCertificates.pair(7);
    state.setPropagationDelay(production.directoryId(), Duration.ofSeconds(15));
    paced.addCertificate(production, app, current, next.certificate(), "propagation spare");
    long before = state.requestCount("entra.token");

    Verification verification = paced.verifyCertificate(production, app.clientId(), next);

    assertThat(verification).isInstanceOfSatisfying(Verification.Verified.class,
        verified -> assertThat(verified.waited()).isGreaterThanOrEqualTo(Duration.ofSeconds(15)));
    assertThat(state.requestCount("entra.token") - before).isGreaterThan(1);
  }

  @Test
  void givenAppOfTheEducationTenant_findApp_usesThatTenantsAccount() {
    World.App seeded = app("LMS-Connector_OND");
    Tenant education = SandboxWorld.tenant(sandbox, "education");

    AppRegistration found = directory.findApp(education, new ClientId(seeded.appId()))
        .orElseThrow();

    assertThat(found.objectId()).isEqualTo(seeded.objectId());
    assertThat(found.tenantName()).isEqualTo("education");
    assertThat(directory.findApp(production, new ClientId(seeded.appId()))).isEmpty();
  }

  @Test
  void givenNoTenantAccount_addCertificate_stillRollsOnTheAppsOwnToken() {
    World.App seeded = app("Rooster_OND");
    Tenant education = SandboxWorld.tenant(sandbox, "education");
    GraphDirectory withoutAccounts = GraphDirectory.create(GraphSettings.builder()
        .authorityHost(sandbox.entraAuthorityHost())
        .graphBaseUrl(sandbox.graphBaseUri())
        .trustStore(sandbox.trustStore())
        .build());
    AppRegistration app = new AppRegistration(education.name(), seeded.objectId(),
        new ClientId(seeded.appId()), seeded.displayName(), List.of());
    CertificateKeyPair current = SandboxWorld.currentCertificate(sandbox, "Rooster_OND");
    CertificateKeyPair next = TestCertificates.pair(6);

    Credential added = withoutAccounts.addCertificate(education, app, current,
        next.certificate(), "Rooster_OND 2027");

    AppView held = state.app(education.directoryId(), seeded.appId()).orElseThrow();
    assertThat(held.administrator()).isFalse();
    assertThat(held.certificates()).extracting(CertificateView::keyId, CertificateView::thumbprint)
        .contains(tuple(added.keyId(), next.thumbprint()));
  }

  @Test
  void givenExpiredCertificate_addCertificate_isRefusedAsExpired_andAddsNothing() {
    World.App seeded = app("Legacy-Cert-App");
    AppRegistration app = find(seeded);
    CertificateKeyPair expired = SandboxWorld.currentCertificate(sandbox, "Legacy-Cert-App");
    long before = state.requestCount("graph.addKey");

    assertThatExceptionOfType(RefusedException.class)
        .isThrownBy(() -> directory.addCertificate(production, app, expired,
            TestCertificates.pair(2).certificate(), "Legacy-Cert-App 2027"))
        .satisfies(e -> {
          assertThat(e.reason()).isEqualTo(RefusalReason.SELF_SERVICE_REJECTED);
          assertThat(e.getMessage()).contains("AADSTS700027").contains("expired")
              .contains(expired.thumbprint());
        });

    assertThat(state.requestCount("graph.addKey")).isEqualTo(before);
    assertThat(view(seeded).certificates()).extracting(CertificateView::thumbprint)
        .containsExactly(expired.thumbprint());
  }

  @Test
  void givenReplyLost_addCertificate_isAmbiguous_andTheCertificateIsFoundByThumbprint() {
    World.App seeded = app("Badge-Reader");
    AppRegistration app = find(seeded);
    CertificateKeyPair current = SandboxWorld.currentCertificate(sandbox, "Badge-Reader");
    CertificateKeyPair next = TestCertificates.pair(3);
    sandbox.faults().inject("POST", "/v1\\.0/applications/[^/]+/addKey", 1, Fault.dropReply());

    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> directory.addCertificate(production, app, current, next.certificate(),
            "Badge-Reader 2027"))
        .satisfies(e -> assertThat(e.kind()).isEqualTo(Kind.AMBIGUOUS));

    UUID heldKeyId = view(seeded).certificates().stream()
        .filter(view -> view.thumbprint().equals(next.thumbprint()))
        .map(CertificateView::keyId).findFirst().orElseThrow();
    assertThat(find(seeded).certificateWithThumbprint(next.thumbprint()))
        .hasValueSatisfying(found -> assertThat(found.keyId()).isEqualTo(heldKeyId));
  }

  @Test
  void givenNoValidCertificateLeft_addCertificateAsAdministrator_keepsTheOldOneAndAddsTheNew() {
    World.App seeded = app("Mediatheek");
    CertificateView old = view(seeded).certificates().get(0);
    state.expireCredential(production.directoryId(), seeded.appId(), old.keyId());
    AppRegistration app = find(seeded);
    CertificateKeyPair next = TestCertificates.pair(4);

    Credential added = directory.addCertificateAsAdministrator(production, app,
        next.certificate(), "Mediatheek 2027");

    List<CertificateView> held = view(seeded).certificates();
    assertThat(held).extracting(CertificateView::keyId)
        .containsExactlyInAnyOrder(old.keyId(), added.keyId());
    assertThat(held).filteredOn(view -> view.keyId().equals(old.keyId())).singleElement()
        .satisfies(kept -> assertThat(kept.certificate()).isEqualTo(old.certificate()));
    assertThat(held).filteredOn(view -> view.keyId().equals(added.keyId())).singleElement()
        .satisfies(rolled -> {
          assertThat(rolled.thumbprint()).isEqualTo(next.thumbprint());
          assertThat(rolled.displayName()).isEqualTo("Mediatheek 2027");
        });
    assertThat(directory.verifyCertificate(production, app.clientId(), next))
        .isInstanceOf(Verification.Verified.class);
  }

  @Test
  void givenSecretOfOurs_removeSecret_removesExactlyIt_andAgainChangesNothing() {
    World.App seeded = app("Finance-Connector");
    AppRegistration app = find(seeded);
    AddedSecret added = directory.addSecret(production, app, "renewal to-remove",
        TIME.instant().plus(30, ChronoUnit.DAYS));
    List<UUID> others = keyIdsOfSecrets(seeded).stream()
        .filter(keyId -> !keyId.equals(added.credential().keyId())).toList();

    directory.removeSecret(production, app, added.credential().keyId());
    long removalsBefore = state.requestCount("graph.removePassword");
    directory.removeSecret(production, app, added.credential().keyId());

    assertThat(keyIdsOfSecrets(seeded)).containsExactlyElementsOf(others);
    assertThat(state.requestCount("graph.removePassword")).isEqualTo(removalsBefore);
  }

  @Test
  void givenRolledCertificate_removeCertificate_removesItWithProofFromTheCurrentOne() {
    World.App seeded = app("Mail-Relay");
    AppRegistration app = find(seeded);
    CertificateKeyPair current = SandboxWorld.currentCertificate(sandbox, "Mail-Relay");
    Credential added = directory.addCertificate(production, app, current,
        TestCertificates.pair(5).certificate(), "Mail-Relay spare");

    directory.removeCertificate(production, app, added.keyId(), current);

    assertThat(view(seeded).certificates()).extracting(CertificateView::thumbprint)
        .containsExactly(current.thumbprint());
  }

  // ----- arrangement and inspection -----

  private static List<UUID> keyIdsOfSecrets(World.App seeded) {
    return view(seeded).secrets().stream().map(SecretView::keyId).toList();
  }


  private static World.App app(String displayName) {
    return sandbox.world().appNamed(displayName).orElseThrow();
  }

  private static AppRegistration find(World.App seeded) {
    return directory.findApp(production, new ClientId(seeded.appId())).orElseThrow();
  }

  private static AppView view(World.App seeded) {
    return state.app(production.directoryId(), seeded.appId()).orElseThrow();
  }

  private static SecretView secret(World.App seeded, UUID keyId) {
    return view(seeded).secrets().stream().filter(secret -> secret.keyId().equals(keyId))
        .findFirst().orElseThrow(() -> new AssertionError("no secret " + keyId + " in Graph"));
  }
}
