package io.entrarenewal.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.entrarenewal.core.domain.CertificateKeyPair;
import io.entrarenewal.core.domain.ClientId;
import io.entrarenewal.core.domain.CredentialType;
import io.entrarenewal.core.domain.HandOverReason;
import io.entrarenewal.core.domain.MetadataKeys;
import io.entrarenewal.core.domain.RenewalOutcome;
import io.entrarenewal.core.domain.RenewalRequest;
import io.entrarenewal.core.domain.Secret;
import io.entrarenewal.core.fakes.InMemoryCertificateAuthority;
import io.entrarenewal.core.fakes.World;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CertificateRenewalTest {

  private static final String APP = "cccccccc-0000-4000-8000-000000000001";
  private static final Instant SOON = World.NOW.plus(Duration.ofDays(12));

  private final World world = new World();

  @Test
  void givenExpiringCertificate_renew_rollsNewOneSelfServiceAndStoresPfxWithNewPassword() {
    ClientId app = world.appWithCertificate(World.PRODUCTION, APP, "Payroll", 0, SOON);
    Secret oldPassword = password("Payroll");

    RenewalOutcome outcome = world.renewals().renewal().renew(request(app));

    assertThat(outcome).isInstanceOf(RenewalOutcome.Renewed.class);
    CertificateKeyPair issued = world.authority.issued().get(0);
    Map<String, String> metadata = world.vault.metadata(World.CERTIFICATE_LIST,
        "Certificaat Payroll");
    assertThat(metadata).containsEntry(MetadataKeys.THUMBPRINT, issued.thumbprint())
        .containsEntry(MetadataKeys.USED_TEMPLATE, "_D09-CA2-SHA256-EntraID")
        .doesNotContainKey(MetadataKeys.STAGED_DOCUMENT_ID);
    Secret newPassword = password("Payroll");
    assertThat(newPassword).isNotEqualTo(oldPassword);
    CertificateKeyPair stored = world.pfxFiles.open(
        world.vault.document(metadata.get(MetadataKeys.DOCUMENT_ID)), newPassword);
    assertThat(stored.thumbprint()).isEqualTo(issued.thumbprint());
    assertThat(world.directory.current("production", app).credentials(CredentialType.CERTIFICATE))
        .as("the old certificate stays").hasSize(2);
    assertThat(world.authority.orders()).singleElement()
        .satisfies(o -> assertThat(o.appDisplayName()).isEqualTo("Payroll"));
  }

  @Test
  void givenEducationAppWhoseCertificateIsShared_renew_handsOverForManualUpload() {
    ClientId app = world.appWithCertificate(World.EDUCATION, APP, "Rooster_OND", 0, SOON);
    world.vault.addEntry(World.CERTIFICATE_LIST, "Certificaat Rooster", Secret.of("x"), Map.of());

    RenewalOutcome outcome = world.renewals().renewal().renew(request(app));

    assertThat(outcome).isInstanceOfSatisfying(RenewalOutcome.HandedOver.class, h -> {
      assertThat(h.reason()).isEqualTo(HandOverReason.SHARED_CERTIFICATE);
      assertThat(h.detail()).contains("Certificaat Rooster");
    });
    assertThat(world.authority.orders()).isEmpty();
  }

  @Test
  void givenEducationAppWithOwnCertificateOnly_renew_renewsIt() {
    ClientId app = world.appWithCertificate(World.EDUCATION, APP, "Rooster_OND", 0, SOON);

    RenewalOutcome outcome = world.renewals().renewal().renew(request(app));

    assertThat(outcome).isInstanceOf(RenewalOutcome.Renewed.class);
  }

  @Test
  void givenOnlyCertificateAlreadyExpired_renew_handsOverBeforeAskingThePki() {
    ClientId app = world.appWithCertificate(World.PRODUCTION, APP, "Payroll", 0,
        World.NOW.minus(Duration.ofDays(1)));

    RenewalOutcome outcome = world.renewals().renewal().renew(request(app));

    assertThat(outcome).isInstanceOfSatisfying(RenewalOutcome.HandedOver.class, h -> {
      assertThat(h.reason()).isEqualTo(HandOverReason.NO_VALID_CERTIFICATE);
      assertThat(h.detail()).contains("not valid now");
    });
    assertThat(world.authority.orders()).isEmpty();
  }

  @Test
  void givenExpiredCertificateAndAdministrativePath_renew_addsItAsAdministrator() {
    World admin = new World().withAdministrativePath();
    ClientId app = admin.appWithCertificate(World.PRODUCTION, APP, "Payroll", 0,
        World.NOW.minus(Duration.ofDays(1)));

    RenewalOutcome outcome = admin.renewals().renewal().renew(request(app));

    assertThat(outcome).isInstanceOf(RenewalOutcome.Renewed.class);
    assertThat(admin.faults.calls()).contains("directory.addCertificateAsAdministrator")
        .doesNotContain("directory.addCertificate");
  }

  @Test
  void givenVaultCertificateNotRegisteredOnApp_renew_handsOverAsNoValidCertificate() {
    ClientId app = world.appWithCertificate(World.PRODUCTION, APP, "Payroll", 0, SOON);
    world.directory.addApp("production", app, "Payroll");

    RenewalOutcome outcome = world.renewals().renewal().renew(request(app));

    assertThat(outcome).isInstanceOfSatisfying(RenewalOutcome.HandedOver.class, h ->
        assertThat(h.detail()).contains("is not registered on the app"));
  }

  @Test
  void givenPfxPasswordWrong_renew_handsOverAsUnreadableCertificate() {
    ClientId app = world.appWithCertificate(World.PRODUCTION, APP, "Payroll", 0, SOON);
    var entry = world.vault.findEntry(World.CERTIFICATE_LIST, "Certificaat Payroll").orElseThrow();
    world.vault.update(entry, java.util.Optional.of(Secret.of("wrong")), Map.of());

    RenewalOutcome outcome = world.renewals().renewal().renew(request(app));

    assertThat(outcome).isInstanceOfSatisfying(RenewalOutcome.HandedOver.class, h ->
        assertThat(h.reason()).isEqualTo(HandOverReason.UNREADABLE_CERTIFICATE));
  }

  @Test
  void givenPkiHoldsRequest_renewTwiceThenApprove_collectsTheSameRequestWithoutASecond() {
    ClientId app = world.appWithCertificate(World.PRODUCTION, APP, "Payroll", 0, SOON);
    world.authority.policy(InMemoryCertificateAuthority.Policy.HOLD);

    RenewalOutcome first = world.renewals().renewal().renew(request(app));
    RenewalOutcome second = world.renewals().renewal().renew(request(app));
    String requestId = world.vault.metadata(World.CERTIFICATE_LIST, "Certificaat Payroll")
        .get(MetadataKeys.PENDING_REQUEST_ID);
    world.authority.approve(requestId);
    RenewalOutcome third = world.renewals().renewal().renew(request(app));

    assertThat(first).isInstanceOfSatisfying(RenewalOutcome.HandedOver.class, h -> {
      assertThat(h.reason()).isEqualTo(HandOverReason.CERTIFICATE_PENDING);
      assertThat(h.detail()).contains(requestId);
    });
    assertThat(second).isInstanceOfSatisfying(RenewalOutcome.HandedOver.class,
        h -> assertThat(h.reason()).isEqualTo(HandOverReason.CERTIFICATE_PENDING));
    assertThat(third).isInstanceOf(RenewalOutcome.Renewed.class);
    assertThat(world.authority.orders()).hasSize(1);
    assertThat(world.vault.metadata(World.CERTIFICATE_LIST, "Certificaat Payroll"))
        .doesNotContainKey(MetadataKeys.PENDING_REQUEST_ID);
  }

  @Test
  void givenPkiDeniesRequest_renew_handsOverWithTheDispositionMessage() {
    ClientId app = world.appWithCertificate(World.PRODUCTION, APP, "Payroll", 0, SOON);
    world.authority.policy(InMemoryCertificateAuthority.Policy.DENY);

    RenewalOutcome outcome = world.renewals().renewal().renew(request(app));

    assertThat(outcome).isInstanceOfSatisfying(RenewalOutcome.HandedOver.class, h -> {
      assertThat(h.reason()).isEqualTo(HandOverReason.CERTIFICATE_DENIED);
      assertThat(h.detail()).contains("0x80094800");
    });
  }

  @Test
  void givenCertificateJustRenewed_renewForAnotherRequest_keepsItWithoutAskingThePki() {
    ClientId app = world.appWithCertificate(World.PRODUCTION, APP, "Payroll", 0, SOON);
    world.renewals().renewal().renew(request(app));

    RenewalOutcome again = world.renewals().renewal().renew(
        RenewalRequest.direct(app, CredentialType.CERTIFICATE, null, "direct-2"));

    assertThat(again).isInstanceOf(RenewalOutcome.Renewed.class);
    assertThat(world.authority.orders()).hasSize(1);
  }

  private Secret password(String app) {
    return world.vault.password(World.CERTIFICATE_LIST, "Certificaat " + app).orElseThrow();
  }

  private static RenewalRequest request(ClientId app) {
    return RenewalRequest.direct(app, CredentialType.CERTIFICATE, null, "direct-1");
  }
}
