package io.entrarenewal.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.entrarenewal.core.domain.ClientId;
import io.entrarenewal.core.domain.CredentialType;
import io.entrarenewal.core.domain.RenewalOutcome;
import io.entrarenewal.core.domain.RenewalRequest;
import io.entrarenewal.core.domain.ScanQuery;
import io.entrarenewal.core.fakes.World;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** An embedding tool may leave out the ports it has no use for. */
class PartialRenewalsTest {

  private final World world = new World();
  private final Renewals secretsOnly = Renewals.builder()
      .settings(world.settings())
      .vault(world.vault)
      .directory(world.directory)
      .clock(world.clock)
      .build();

  @Test
  void withoutQueueAndCertificateAuthority_renewsASecret() {
    ClientId app = world.appWithSecret(World.PRODUCTION,
        "bbbbbbbb-0000-4000-8000-000000000001", "Payroll");

    RenewalOutcome outcome = secretsOnly.renewal().renew(
        RenewalRequest.direct(app, CredentialType.SECRET, null, "direct-1"));

    assertThat(outcome).isInstanceOf(RenewalOutcome.Renewed.class);
  }

  @Test
  void withoutCertificateAuthority_certificateRequest_isRefusedBeforeAnyCall() {
    ClientId app = world.appWithCertificate(World.PRODUCTION,
        "bbbbbbbb-0000-4000-8000-000000000002", "Badges", 0, World.NOW.plus(Duration.ofDays(9)));

    assertThatIllegalStateException()
        .isThrownBy(() -> secretsOnly.renewal().renew(
            RenewalRequest.direct(app, CredentialType.CERTIFICATE, null, "direct-1")))
        .withMessageContaining(".certificateAuthority(...)");
    assertThat(world.faults.calls()).as("no system was called").isEmpty();
  }

  @Test
  void withoutQueue_scanThatOpensTasks_namesTheMissingPort() {
    world.appWithSecret(World.PRODUCTION, "bbbbbbbb-0000-4000-8000-000000000003", "Rota");

    assertThatIllegalStateException()
        .isThrownBy(() -> secretsOnly.scan().scan(
            new ScanQuery(Duration.ofDays(30), null, true), (tenant, apps) -> { }))
        .withMessageContaining("no WorkQueue was given").withMessageContaining(".workQueue(...)");
  }

  @Test
  void withoutQueue_scanThatOnlyReports_findsTheExpiringSecret() {
    world.appWithSecret(World.PRODUCTION, "bbbbbbbb-0000-4000-8000-000000000004", "Canteen");

    var report = secretsOnly.scan().scan(new ScanQuery(Duration.ofDays(30), null, false),
        (tenant, apps) -> { });

    assertThat(report.findings()).anySatisfy(
        finding -> assertThat(finding.app().displayName()).isEqualTo("Canteen"));
  }
}
