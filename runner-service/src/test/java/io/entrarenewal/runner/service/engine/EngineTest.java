package io.entrarenewal.runner.service.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.entrarenewal.core.domain.ExternalSystem;
import io.entrarenewal.core.domain.ScanFinding;
import io.entrarenewal.core.domain.TaskId;
import io.entrarenewal.core.fakes.Faults;
import io.entrarenewal.core.fakes.InMemoryWorkQueue.State;
import io.entrarenewal.core.fakes.Invariants;
import io.entrarenewal.core.fakes.ManualClock;
import io.entrarenewal.core.fakes.World;
import io.entrarenewal.runner.service.Eventually;
import io.entrarenewal.runner.service.ServiceRuntime;
import io.entrarenewal.runner.service.ServiceWorld;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The engine over core's fakes: concurrency, exclusion, claims, backoff and stopping. */
class EngineTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  private final ServiceWorld fakes = new ServiceWorld();

  @Test
  void givenFiveApps_poll_neverRunsMoreThanTheBoundAtOnce() throws Exception {
    List<TaskId> tasks = fakes.secretTasks(5);
    ServiceRuntime service = fakes.service("svc-1", 2, null, false);
    fakes.holdEach("directory.addSecret", 2);

    int started = service.engine().pollOnce();

    assertThat(started).isEqualTo(2);
    assertThat(fakes.awaitHeld(2)).isTrue();
    assertThat(service.engine().tasksInFlight()).hasSize(2);
    fakes.releaseHeld();
    pollUntilQuiet(service);
    assertThat(fakes.mostHeldAtOnce()).isEqualTo(2);
    assertThat(tasks).allSatisfy(task -> assertThat(fakes.state(task)).isEqualTo(State.CLOSED));
  }

  @Test
  void givenMoreTasksThanSlots_onePoll_worksThroughTheWholeListing() throws Exception {
    List<TaskId> tasks = fakes.secretTasks(6);
    ServiceRuntime service = fakes.service("svc-1", 2, null, false);

    int started = service.engine().pollOnce();

    assertThat(started).isEqualTo(2);
    assertThat(service.engine().awaitIdle(WAIT)).isTrue();
    assertThat(tasks).allSatisfy(task -> assertThat(fakes.state(task)).isEqualTo(State.CLOSED));
  }

  @Test
  void givenTwoTasksOfOneApp_poll_renewsTheAppOnceAndOneTaskAtATime() throws Exception {
    TaskId first = fakes.secretTasks(1).get(0);
    TaskId second = fakes.world.queue.addTask("aaaaaaaa-0000-0000-0000-000000000000", "Secret");
    ServiceRuntime service = fakes.service("svc-1", 4, null, false);
    fakes.holdEach("directory.addSecret", 1);

    int started = service.engine().pollOnce();

    assertThat(started).isEqualTo(1);
    assertThat(fakes.awaitHeld(1)).isTrue();
    assertThat(service.engine().tasksInFlight()).containsExactly(first);
    fakes.releaseHeld();
    pollUntilQuiet(service);
    assertThat(fakes.state(first)).isEqualTo(State.CLOSED);
    assertThat(fakes.state(second)).isEqualTo(State.CLOSED);
    assertThat(fakes.world.directory.secretsIssued()).isEqualTo(1);
  }

  @Test
  void givenTwoEnginesOnOneQueue_claim_letsOnlyOneProcessTheTask() throws Exception {
    TaskId task = fakes.secretTasks(1).get(0);
    ServiceRuntime first = fakes.service("svc-1", 2, null, false);
    ServiceRuntime second = fakes.service("svc-2", 2, null, false);
    fakes.holdEach("directory.addSecret", 1);

    first.engine().pollOnce();
    assertThat(fakes.awaitHeld(1)).isTrue();
    second.engine().pollOnce();
    assertThat(second.engine().awaitIdle(WAIT)).isTrue();
    fakes.releaseHeld();
    assertThat(first.engine().awaitIdle(WAIT)).isTrue();

    assertThat(fakes.world.queue.task(task).claimant()).isEqualTo("svc-1");
    assertThat(fakes.state(task)).isEqualTo(State.CLOSED);
    assertThat(fakes.world.directory.secretsIssued()).isEqualTo(1);
    assertThat(second.view().recent()).isEmpty();
    assertThat(first.view().recent()).hasSize(1);
  }

  @Test
  void givenTwoEnginesRacingOverManyTasks_claims_processEachTaskOnce() throws Exception {
    List<TaskId> tasks = fakes.secretTasks(8);
    ServiceRuntime first = fakes.service("svc-1", 3, null, false);
    ServiceRuntime second = fakes.service("svc-2", 3, null, false);

    CompletableFuture<Void> a = CompletableFuture.runAsync(() -> pollUntilQuiet(first));
    CompletableFuture<Void> b = CompletableFuture.runAsync(() -> pollUntilQuiet(second));
    CompletableFuture.allOf(a, b).get(60, TimeUnit.SECONDS);

    assertThat(tasks).allSatisfy(task -> assertThat(fakes.state(task)).isEqualTo(State.CLOSED));
    assertThat(fakes.world.directory.secretsIssued()).isEqualTo(tasks.size());
    assertThat(first.view().recent().size() + second.view().recent().size())
        .isEqualTo(tasks.size());
  }

  @Test
  void givenVaultOutage_poll_leavesTheTaskPendingAndPausesUntilTheBackoffPassed()
      throws Exception {
    TaskId task = fakes.secretTasks(1).get(0);
    ServiceRuntime service = fakes.service("svc-1", 2, null, false);
    fakes.world.faults.outage(ExternalSystem.VAULT);

    assertThat(service.engine().pollOnce()).isEqualTo(1);
    assertThat(service.engine().awaitIdle(WAIT)).isTrue();
    assertThat(fakes.state(task)).isEqualTo(State.PENDING);
    assertThat(fakes.world.queue.task(task).notes()).isEmpty();

    fakes.world.faults.restore(ExternalSystem.VAULT);
    fakes.clock.advance(ServiceWorld.BACKOFF.minusSeconds(1));
    assertThat(service.engine().pollOnce()).isZero();

    fakes.clock.advance(Duration.ofSeconds(2));
    assertThat(service.engine().pollOnce()).isEqualTo(1);
    assertThat(service.engine().awaitIdle(WAIT)).isTrue();
    assertThat(fakes.state(task)).isEqualTo(State.CLOSED);
    assertThat(fakes.world.queue.task(task).notes()).isEmpty();
  }

  @Test
  void givenSchedule_scan_runsWhenDueAndOpensOneTaskPerCredential() {
    fakes.world.appWithSecret(World.PRODUCTION, "cccccccc-0000-0000-0000-000000000001", "due");
    ServiceRuntime service = fakes.service("svc-1", 2, null, false);

    boolean first = service.engine().scanIfDue();
    fakes.clock.advance(Duration.ofHours(6).minusSeconds(1));
    boolean early = service.engine().scanIfDue();
    fakes.clock.advance(Duration.ofSeconds(1));
    boolean due = service.engine().scanIfDue();

    assertThat(List.of(first, early, due)).containsExactly(true, false, true);
    assertThat(fakes.world.queue.all()).hasSize(1);
    assertThat(service.view().engine().latestScans().get("production").findings())
        .singleElement()
        .satisfies(f -> assertThat(f.action()).isEqualTo(ScanFinding.Action.TASK_ALREADY_OPEN));
  }

  @Test
  void givenDirectoryOutage_scan_waitsOutThePauseThenRuns() {
    fakes.world.faults.outage(ExternalSystem.DIRECTORY);
    ServiceRuntime service = fakes.service("svc-1", 2, null, false);

    assertThat(service.engine().scanIfDue()).isTrue();
    assertThat(service.engine().status().lastFullScanIfAny()).isEmpty();
    fakes.world.faults.restore(ExternalSystem.DIRECTORY);
    assertThat(service.engine().scanIfDue()).isFalse();
    fakes.clock.advance(ServiceWorld.BACKOFF);

    assertThat(service.engine().scanIfDue()).isTrue();
    assertThat(service.engine().status().lastFullScanIfAny()).contains(fakes.clock.instant());
  }

  @Test
  void givenRefusedScan_scan_isTriedAgainAfterAPauseNotAtEveryTick() {
    ServiceRuntime service = fakes.service("svc-1", 2, null, false);
    fakes.world.faults.failCall(1, Faults.Mode.REFUSE);

    assertThat(service.engine().scanIfDue()).isTrue();
    assertThat(service.engine().scanIfDue()).isFalse();
    fakes.clock.advance(ServiceWorld.BACKOFF);

    assertThat(service.engine().scanIfDue()).isTrue();
    assertThat(service.engine().status().lastFullScanIfAny()).isPresent();
  }

  @Test
  void givenLongOutage_backoff_doublesAfterEachFailedProbe() {
    MutableClockOutages outages = new MutableClockOutages();

    outages.failAndWait(Duration.ofSeconds(30));
    outages.failAndWait(Duration.ofSeconds(60));
    outages.failAndWait(Duration.ofSeconds(120));

    assertThat(outages.pauses).containsExactly(30L, 60L, 120L);
  }

  @Test
  void givenStopWhileRenewing_restart_finishesTheRestWithOneCredentialPerApp()
      throws Exception {
    List<TaskId> tasks = fakes.secretTasks(3);
    ServiceRuntime service = fakes.service("svc-1", 1, null, false);
    fakes.holdEach("directory.addSecret", 1);
    service.engine().pollOnce();
    assertThat(fakes.awaitHeld(1)).isTrue();

    CompletableFuture<Boolean> stopped = CompletableFuture.supplyAsync(service::stop);
    // Released only once the stop has begun: a renewal ending earlier would hand its slot on.
    Eventually.until("the stop has begun", () -> service.engine().stopping(),
        Duration.ofSeconds(30));
    assertThat(service.engine().pollOnce()).isZero();
    fakes.releaseHeld();

    assertThat(stopped.get(30, TimeUnit.SECONDS)).isTrue();
    assertThat(fakes.state(tasks.get(0))).isEqualTo(State.CLOSED);
    assertThat(fakes.state(tasks.get(1))).isEqualTo(State.PENDING);
    assertThat(fakes.world.queue.task(tasks.get(1)).claimant()).isNull();

    ServiceRuntime restarted = fakes.service("svc-1", 1, null, false);
    pollUntilQuiet(restarted);
    Invariants invariants = new Invariants(fakes.world);
    tasks.forEach(invariants::assertTaskEnded);
    assertThat(tasks).allSatisfy(task -> assertThat(fakes.state(task)).isEqualTo(State.CLOSED));
    assertThat(fakes.world.directory.secretsIssued()).isEqualTo(3);
  }

  /** Polls and waits until a poll starts nothing. */
  private static void pollUntilQuiet(ServiceRuntime service) {
    try {
      for (int round = 0; round < 50; round++) {
        assertThat(service.engine().awaitIdle(WAIT)).isTrue();
        int started = service.engine().pollOnce();
        assertThat(service.engine().awaitIdle(WAIT)).isTrue();
        if (started == 0) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
    throw new AssertionError("the engine kept finding work after 50 polls");
  }

  /** Drives {@link Outages} through failed probes with a clock moved by hand. */
  private static final class MutableClockOutages {
    final ManualClock clock = new ManualClock(World.NOW);
    final Outages outages =
        new Outages(new Backoff(Duration.ofSeconds(30), Duration.ofMinutes(10)), clock);
    final List<Long> pauses = new ArrayList<>();

    void failAndWait(Duration expected) {
      outages.unavailable(ExternalSystem.DIRECTORY);
      outages.unavailable(ExternalSystem.DIRECTORY);
      long pause = outages.snapshot().get(ExternalSystem.DIRECTORY).pausedUntil()
          .getEpochSecond() - clock.instant().getEpochSecond();
      pauses.add(pause);
      clock.advance(expected.minusSeconds(1));
      assertThat(outages.isPaused(ExternalSystem.DIRECTORY)).isTrue();
      clock.advance(Duration.ofSeconds(1));
      assertThat(outages.isPaused(ExternalSystem.DIRECTORY)).isFalse();
    }
  }
}
