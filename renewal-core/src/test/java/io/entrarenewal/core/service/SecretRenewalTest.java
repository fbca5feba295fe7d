package io.entrarenewal.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.entrarenewal.core.domain.ClientId;
import io.entrarenewal.core.domain.CredentialType;
import io.entrarenewal.core.domain.HandOverReason;
import io.entrarenewal.core.domain.MetadataKeys;
import io.entrarenewal.core.domain.RenewalOutcome;
import io.entrarenewal.core.domain.RenewalRequest;
import io.entrarenewal.core.domain.Secret;
import io.entrarenewal.core.fakes.World;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SecretRenewalTest {

  private static final String APP = "bbbbbbbb-0000-4000-8000-000000000001";

  private final World world = new World();

  @Test
  void givenExpiringSecret_renew_storesVerifiedSecretValidForConfiguredDays() {
    ClientId app = world.appWithSecret(World.PRODUCTION, APP, "Payroll");
    Secret old = world.vault.password(World.SECRET_LIST, "Payroll").orElseThrow();

    RenewalOutcome outcome = world.renewals().renewal().renew(request(app));

    assertThat(outcome).isInstanceOf(RenewalOutcome.Renewed.class);
    RenewalOutcome.Renewed renewed = (RenewalOutcome.Renewed) outcome;
    assertThat(renewed.credential().end()).isEqualTo(World.NOW.plus(Duration.ofDays(365)));
    assertThat(renewed.credential().displayName()).isEqualTo("renewal direct-1");
    Secret stored = world.vault.password(World.SECRET_LIST, "Payroll").orElseThrow();
    assertThat(stored).isNotEqualTo(old);
    assertThat(world.directory.secretValue(renewed.credential().keyId())).contains(stored);
    assertThat(world.vault.metadata(World.SECRET_LIST, "Payroll"))
        .containsEntry(MetadataKeys.KEY_ID, renewed.credential().keyId().toString())
        .containsEntry(MetadataKeys.END, "2028-01-15T09:00:00Z")
        .containsEntry(MetadataKeys.REQUEST, "direct-1");
    assertThat(world.directory.current("production", app).credentials(CredentialType.SECRET))
        .as("the old secret stays").hasSize(2);
  }

  @Test
  void givenAppInEducationTenant_renew_findsItThereAndUsesThatTenantsList() {
    ClientId app = world.appWithSecret(World.EDUCATION, APP, "Lessons");

    RenewalOutcome outcome = world.renewals().renewal().renew(request(app));

    assertThat(outcome.tenantName()).contains("education");
    assertThat(world.vault.metadata(World.EDUCATION_SECRET_LIST, "Lessons"))
        .containsEntry(MetadataKeys.REQUEST, "direct-1");
  }

  @Test
  void givenNoVaultEntry_renew_handsOverWithoutAddingASecret() {
    ClientId app = new ClientId(APP);
    world.directory.addApp("production", app, "Unfiled");

    RenewalOutcome outcome = world.renewals().renewal().renew(request(app));

    assertThat(outcome).isInstanceOfSatisfying(RenewalOutcome.HandedOver.class, h -> {
      assertThat(h.reason()).isEqualTo(HandOverReason.NO_VAULT_ENTRY);
      assertThat(h.detail()).contains("'Unfiled'").contains("7651");
    });
    assertThat(world.directory.secretsIssued()).isZero();
  }

  @Test
  void givenUnknownApp_renew_handsOverNamingEveryTenantSearched() {
    RenewalOutcome outcome = world.renewals().renewal().renew(request(new ClientId(APP)));

    assertThat(outcome).isInstanceOfSatisfying(RenewalOutcome.HandedOver.class, h -> {
      assertThat(h.reason()).isEqualTo(HandOverReason.APP_NOT_FOUND);
      assertThat(h.detail()).contains("production").contains("education");
    });
  }

  @Test
  void givenLifetimePolicyShorterThanValidity_renew_handsOverWithPolicyReason() {
    ClientId app = world.appWithSecret(World.PRODUCTION, APP, "Payroll");
    world.directory.limitSecretLifetime(Duration.ofDays(90));

    RenewalOutcome outcome = world.renewals().renewal().renew(request(app));

    assertThat(outcome).isInstanceOfSatisfying(RenewalOutcome.HandedOver.class,
        h -> assertThat(h.reason()).isEqualTo(HandOverReason.LIFETIME_POLICY));
    assertThat(world.directory.current("production", app).credentials()).hasSize(1);
  }

  @Test
  void givenSecretRenewedByEarlierTask_renewForSecondTask_keepsItWithoutAddingAnother() {
    ClientId app = world.appWithSecret(World.PRODUCTION, APP, "Payroll");
    world.renewals().renewal().renew(request(app));

    RenewalOutcome second = world.renewals().renewal().renew(
        RenewalRequest.direct(app, CredentialType.SECRET, null, "direct-2"));

    assertThat(second).isInstanceOf(RenewalOutcome.Renewed.class);
    assertThat(world.directory.secretsIssued()).isEqualTo(1);
  }

  @Test
  void givenTenantNamedInRequestIsUnknown_renew_handsOverAsInvalidRequest() {
    ClientId app = world.appWithSecret(World.PRODUCTION, APP, "Payroll");

    RenewalOutcome outcome = world.renewals().renewal().renew(
        RenewalRequest.direct(app, CredentialType.SECRET, "staging", "direct-1"));

    assertThat(outcome).isInstanceOfSatisfying(RenewalOutcome.HandedOver.class,
        h -> assertThat(h.reason()).isEqualTo(HandOverReason.INVALID_REQUEST));
  }

  private static RenewalRequest request(ClientId app) {
    return RenewalRequest.direct(app, CredentialType.SECRET, null, "direct-1");
  }
}
