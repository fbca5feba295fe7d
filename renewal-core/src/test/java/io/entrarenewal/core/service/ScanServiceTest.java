package io.entrarenewal.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.entrarenewal.core.domain.ClientId;
import io.entrarenewal.core.domain.InvalidRequestException;
import io.entrarenewal.core.domain.ScanFinding;
import io.entrarenewal.core.domain.ScanQuery;
import io.entrarenewal.core.domain.ScanReport;
import io.entrarenewal.core.domain.Secret;
import io.entrarenewal.core.fakes.World;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScanServiceTest {

  private static final Duration WINDOW = Duration.ofDays(30);

  private final World world = new World();

  @Test
  void givenExpiringSecretAndCertificate_scanWithTasks_opensOneTaskEach() {
    world.appWithSecret(World.PRODUCTION, "eeeeeeee-0000-4000-8000-000000000001", "Payroll");
    world.appWithCertificate(World.EDUCATION, "eeeeeeee-0000-4000-8000-000000000002", "Lessen",
        0, World.NOW.plus(Duration.ofDays(3)));

    ScanReport report = world.renewals().scan().scan(new ScanQuery(WINDOW, null, true), noop());

    assertThat(report.findings()).extracting(ScanFinding::action)
        .containsExactly(ScanFinding.Action.TASK_OPENED, ScanFinding.Action.TASK_OPENED);
    assertThat(report.findings().get(0).daysLeft()).isEqualTo(3);
    assertThat(world.queue.all()).hasSize(2);
    assertThat(report.appsSeen()).isEqualTo(2);
  }

  @Test
  void givenScanRunTwice_secondRun_findsTheTasksOpenAndOpensNone() {
    world.appWithSecret(World.PRODUCTION, "eeeeeeee-0000-4000-8000-000000000001", "Payroll");
    world.renewals().scan().scan(new ScanQuery(WINDOW, null, true), noop());

    ScanReport second = world.renewals().scan().scan(new ScanQuery(WINDOW, null, true), noop());

    assertThat(second.findings()).singleElement().extracting(ScanFinding::action)
        .isEqualTo(ScanFinding.Action.TASK_ALREADY_OPEN);
    assertThat(world.queue.all()).hasSize(1);
  }

  @Test
  void givenAppWithTwoExpiringSecrets_scan_opensOneTaskForBoth() {
    ClientId app = world.appWithSecret(World.PRODUCTION, "eeeeeeee-0000-4000-8000-000000000001",
        "Payroll");
    world.directory.giveSecret("production", app, Secret.of("another"), World.NOW,
        World.NOW.plus(Duration.ofDays(20)));

    ScanReport report = world.renewals().scan().scan(new ScanQuery(WINDOW, null, true), noop());

    assertThat(report.findings()).extracting(ScanFinding::action).containsExactly(
        ScanFinding.Action.TASK_OPENED, ScanFinding.Action.SAME_TASK_AS_OTHER);
    assertThat(world.queue.all()).hasSize(1);
  }

  @Test
  void givenExpiringSecretWithNewerOneBeside_scan_reportsItCoveredAndOpensNothing() {
    ClientId app = world.appWithSecret(World.PRODUCTION, "eeeeeeee-0000-4000-8000-000000000001",
        "Payroll");
    world.directory.giveSecret("production", app, Secret.of("newer"), World.NOW,
        World.NOW.plus(Duration.ofDays(300)));

    ScanReport report = world.renewals().scan().scan(new ScanQuery(WINDOW, null, true), noop());

    assertThat(report.findings()).singleElement().extracting(ScanFinding::action)
        .isEqualTo(ScanFinding.Action.COVERED_BY_NEWER);
    assertThat(world.queue.all()).isEmpty();
  }

  @Test
  void givenScanWithoutOpeningTasks_scan_reportsNeedAndChangesNothing() {
    world.appWithSecret(World.PRODUCTION, "eeeeeeee-0000-4000-8000-000000000001", "Payroll");
    world.faults.resetCount();

    ScanReport report = world.renewals().scan().scan(new ScanQuery(WINDOW, null, false), noop());

    assertThat(report.findings()).singleElement().extracting(ScanFinding::action)
        .isEqualTo(ScanFinding.Action.TASK_NEEDED);
    assertThat(world.faults.calls()).containsOnly("directory.listApps");
  }

  @Test
  void givenOneTenant_scan_readsOnlyThatTenantAndReportsProgress() {
    world.appWithSecret(World.PRODUCTION, "eeeeeeee-0000-4000-8000-000000000001", "Payroll");
    world.appWithSecret(World.EDUCATION, "eeeeeeee-0000-4000-8000-000000000002", "Lessen");
    List<String> progress = new ArrayList<>();

    ScanReport report = world.renewals().scan().scan(new ScanQuery(WINDOW, "education", false),
        (tenant, apps) -> progress.add(tenant + ":" + apps));

    assertThat(report.findings()).singleElement()
        .satisfies(f -> assertThat(f.app().tenantName()).isEqualTo("education"));
    assertThat(progress).containsExactly("education:1");
  }

  @Test
  void givenUnknownTenant_scan_failsNamingTheConfiguredOnes() {
    assertThatExceptionOfType(InvalidRequestException.class)
        .isThrownBy(() -> world.renewals().scan().scan(new ScanQuery(WINDOW, "staging", false),
            noop()))
        .withMessageContaining("'staging'").withMessageContaining("production, education");
  }

  private static io.entrarenewal.core.port.in.ScanCredentialsUseCase.Progress noop() {
    return (tenant, apps) -> { };
  }
}
