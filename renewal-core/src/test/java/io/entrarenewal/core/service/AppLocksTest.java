package io.entrarenewal.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.entrarenewal.core.domain.ClientId;
import io.entrarenewal.core.domain.CredentialType;
import io.entrarenewal.core.domain.RenewalException;
import io.entrarenewal.core.domain.RenewalOutcome;
import io.entrarenewal.core.domain.RenewalRequest;
import io.entrarenewal.core.domain.Secret;
import io.entrarenewal.core.domain.Step;
import io.entrarenewal.core.domain.TaskDisposition;
import io.entrarenewal.core.domain.TaskId;
import io.entrarenewal.core.domain.TaskResult;
import io.entrarenewal.core.fakes.World;
import io.entrarenewal.core.port.out.AppLocks;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The renewal service holds the app through {@link AppLocks} for the whole renewal. */
class AppLocksTest {

  private static final String APP = "bbbbbbbb-0000-4000-8000-000000000001";
  private static final String BUSY = "Another runner has been renewing app " + APP
      + " for longer than 15 minutes";

  private final World world = new World();

  @Test
  void renew_holdsTheAppWhileAddingAndStoringTheSecret_thenReleasesIt() {
    ClientId app = world.appWithSecret(World.PRODUCTION, APP, "Payroll");
    RecordingLocks locks = new RecordingLocks(world);
    world.withAppLocks(locks);

    RenewalOutcome outcome = world.renewals().renewal().renew(request(app));

    assertThat(outcome).isInstanceOf(RenewalOutcome.Renewed.class);
    assertThat(locks.events).containsExactly(
        "hold " + APP + " (0 secrets issued)", "release " + APP + " (1 secrets issued)");
  }

  @Test
  void givenAppHeldByAnotherRunner_renew_failsTransientlyBeforeReadingAnything() {
    ClientId app = world.appWithSecret(World.PRODUCTION, APP, "Payroll");
    Secret old = world.vault.password(World.SECRET_LIST, "Payroll").orElseThrow();
    world.withAppLocks(clientId -> {
      throw new RenewalException(BUSY);
    });
    world.faults.resetCount();

    RenewalOutcome outcome = world.renewals().renewal().renew(request(app));

    assertThat(outcome).isInstanceOfSatisfying(RenewalOutcome.Failed.class, failed -> {
      assertThat(failed.step()).isEqualTo(Step.WAIT_FOR_APP);
      assertThat(failed.detail()).isEqualTo(BUSY);
      assertThat(failed.transientFailure()).isTrue();
      assertThat(failed.appIfFound()).isEmpty();
    });
    assertThat(world.faults.calls()).as("calls to the fakes").isEmpty();
    assertThat(world.directory.secretsIssued()).isZero();
    assertThat(world.vault.password(World.SECRET_LIST, "Payroll")).contains(old);
  }

  @Test
  void givenAppHeldByAnotherRunner_processTask_handsOverNamingTheWait() {
    world.appWithSecret(World.PRODUCTION, APP, "Payroll");
    world.withAppLocks(clientId -> {
      throw new RenewalException(BUSY);
    });
    TaskId task = world.queue.addTask(APP, "Secret");

    TaskResult result = world.renewals().tasks().process(task);

    assertThat(result.disposition()).isEqualTo(TaskDisposition.HANDED_OVER);
    assertThat(world.queue.task(task).notes().get(0).body())
        .contains(BUSY).contains(Step.WAIT_FOR_APP.description());
    assertThat(world.directory.secretsIssued()).isZero();
  }

  private static RenewalRequest request(ClientId app) {
    return RenewalRequest.direct(app, CredentialType.SECRET, null, "direct-1");
  }

  /** Records holds and releases with how many secrets Entra had issued at that moment. */
  private static final class RecordingLocks implements AppLocks {
    final List<String> events = new ArrayList<>();
    private final World world;

    RecordingLocks(World world) {
      this.world = world;
    }

    @Override
    public Hold hold(ClientId clientId) {
      events.add(event("hold", clientId));
      return () -> events.add(event("release", clientId));
    }

    private String event(String what, ClientId clientId) {
      return what + " " + clientId.value() + " (" + world.directory.secretsIssued()
          + " secrets issued)";
    }
  }
}
