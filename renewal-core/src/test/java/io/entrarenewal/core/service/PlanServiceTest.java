package io.entrarenewal.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.entrarenewal.core.domain.ClientId;
import io.entrarenewal.core.domain.CredentialType;
import io.entrarenewal.core.domain.HandOverReason;
import io.entrarenewal.core.domain.RenewalPlan;
import io.entrarenewal.core.domain.RenewalRequest;
import io.entrarenewal.core.domain.TaskId;
import io.entrarenewal.core.fakes.World;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanServiceTest {

  private static final List<String> READING_CALLS = List.of("queue.findTask",
      "directory.findApp", "vault.findEntry", "vault.readPassword", "vault.readDocument",
      "vault.findLegacyDocumentId");

  private final World world = new World();

  @Test
  void givenExpiringSecret_plan_listsTheChangesAndMakesNone() {
    ClientId app = world.appWithSecret(World.PRODUCTION, "ffffffff-0000-4000-8000-000000000001",
        "Payroll");
    world.faults.resetCount();

    RenewalPlan plan = world.renewals().plan().plan(
        RenewalRequest.direct(app, CredentialType.SECRET, null, "plan-1"));

    assertThat(plan.handOverIfAny()).isEmpty();
    assertThat(plan.steps()).hasSize(3);
    assertThat(plan.steps().get(0)).contains("add a client secret named 'renewal plan-1'");
    assertThat(world.faults.calls()).allMatch(READING_CALLS::contains);
  }

  @Test
  void givenExpiringCertificateTask_planTask_listsSelfServiceRollAndMakesNoChange() {
    world.appWithCertificate(World.PRODUCTION, "ffffffff-0000-4000-8000-000000000001",
        "Payroll", 0, World.NOW.plus(Duration.ofDays(5)));
    TaskId task = world.queue.addTask("ffffffff-0000-4000-8000-000000000001", "Cert");
    world.faults.resetCount();

    RenewalPlan plan = world.renewals().plan().planTask(task);

    assertThat(plan.steps()).anyMatch(s -> s.contains("request a certificate with template"))
        .anyMatch(s -> s.contains("self-service"));
    assertThat(world.faults.calls()).allMatch(READING_CALLS::contains);
    assertThat(world.authority.orders()).isEmpty();
  }

  @Test
  void givenSharedEducationCertificate_plan_saysItWouldHandOver() {
    ClientId app = world.appWithCertificate(World.EDUCATION,
        "ffffffff-0000-4000-8000-000000000001", "Rooster_OND", 0,
        World.NOW.plus(Duration.ofDays(5)));
    world.vault.addEntry(World.CERTIFICATE_LIST, "Certificaat Rooster",
        io.entrarenewal.core.domain.Secret.of("x"), java.util.Map.of());

    RenewalPlan plan = world.renewals().plan().plan(
        RenewalRequest.direct(app, CredentialType.CERTIFICATE, null, "plan-1"));

    assertThat(plan.handOverIfAny()).contains(HandOverReason.SHARED_CERTIFICATE);
    assertThat(plan.steps()).isEmpty();
  }
}
