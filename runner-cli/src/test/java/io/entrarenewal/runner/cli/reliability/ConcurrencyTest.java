package io.entrarenewal.runner.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.entrarenewal.core.domain.TaskDisposition;
import io.entrarenewal.core.domain.TaskId;
import io.entrarenewal.core.domain.TaskResult;
import io.entrarenewal.core.port.in.ProcessTasksUseCase;
import io.entrarenewal.runner.cli.SandboxConfiguration;
import io.entrarenewal.sandbox.Fault;
import io.entrarenewal.sandbox.Faults;
import io.entrarenewal.sandbox.SandboxState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * Renewals of one app at the same moment: two tasks for it on two threads of one runner, and the
 * same task or two tasks for it in two separate runner processes. Exactly one renewal, every
 * task ended, every invariant kept.
 *
 * <p>Between processes the sandbox holds the first run's change at a gate until the second run
 * says it waits for the app; without a lock shared by the processes the second would reach the
 * same change instead, and the test would fail waiting for that line.
 */
class ConcurrencyTest {

  private static final String WAITING = "is being renewed by another runner";

  private static SandboxRig rig;
  private static SandboxInvariants invariants;
  private static Path config;

  @BeforeAll
  static void startSandbox() throws IOException {
    rig = SandboxRig.start();
    invariants = new SandboxInvariants(rig);
    config = SandboxConfiguration.write(rig.sandbox(), Files.createTempDirectory("concurrency"));
  }

  @AfterAll
  static void stopSandbox() {
    rig.close();
    SandboxConfiguration.delete(config.getParent());
  }

  @Test
  void sameSecretTask_givenToTwoProcessesAtOnce_renewsOnce() throws Exception {
    SandboxRig.SecretCase c = rig.secretCase("two-processes-secret");
    SandboxState.SecretView old = invariants.app(c.appId()).secrets().get(0);

    List<CommandLineProcess> runs = inTwoProcesses(ADD_PASSWORD, c.task(), c.task());

    assertThat(runs).allSatisfy(run -> assertThat(run.exitCode()).as(run.output()).isZero());
    assertThat(invariants.assertSecretInvariants(c, old)).as("secrets added").isEqualTo(1);
    invariants.assertTaskEnded(c.task());
  }

  @Test
  void twoSecretTasksForOneApp_givenToTwoProcessesAtOnce_renewOnce() throws Exception {
    SandboxRig.SecretCase c = rig.secretCase("two-processes-two-tasks");
    SandboxState.SecretView old = invariants.app(c.appId()).secrets().get(0);
    TaskId second = new TaskId(rig.state().openRenewalTask(c.appId(), "Secret"));

    List<CommandLineProcess> runs = inTwoProcesses(ADD_PASSWORD, c.task(), second);

    assertThat(runs).allSatisfy(run -> assertThat(run.exitCode()).as(run.output()).isZero());
    assertThat(invariants.assertSecretInvariants(c, old)).as("secrets added").isEqualTo(1);
    invariants.assertTaskEnded(c.task());
    invariants.assertTaskEnded(second);
  }

  @Test
  void sameCertificateTask_givenToTwoProcessesAtOnce_renewsOnce() throws Exception {
    SandboxRig.CertificateCase c = rig.certificateCase("two-processes-certificate");
    SandboxState.CertificateView old = invariants.app(c.appId()).certificates().get(0);

    List<CommandLineProcess> runs = inTwoProcesses(CA_SUBMIT, c.task(), c.task());

    assertThat(runs).allSatisfy(run -> assertThat(run.exitCode()).as(run.output()).isZero());
    assertThat(invariants.assertCertificateInvariants(c, old)).as("certificates added")
        .isEqualTo(1);
    invariants.assertTaskEnded(c.task());
  }

  @RepeatedTest(3)
  void twoSecretTasksForOneApp_processedAtOnce_renewOnce() throws Exception {
    SandboxRig.SecretCase c = rig.secretCase("concurrent-secret");
    SandboxState.SecretView old = invariants.app(c.appId()).secrets().get(0);
    TaskId second = new TaskId(rig.state().openRenewalTask(c.appId(), "Secret"));

    List<TaskResult> results = atOnce(rig.renewals().tasks(), c.task(), second);

    assertThat(results).extracting(TaskResult::disposition)
        .as("%s", results).containsOnly(TaskDisposition.CLOSED);
    assertThat(invariants.assertSecretInvariants(c, old)).as("secrets added").isEqualTo(1);
    invariants.assertTaskEnded(c.task());
    invariants.assertTaskEnded(second);
  }

  @RepeatedTest(3)
  void twoCertificateTasksForOneApp_processedAtOnce_renewOnce() throws Exception {
    SandboxRig.CertificateCase c = rig.certificateCase("concurrent-certificate");
    SandboxState.CertificateView old = invariants.app(c.appId()).certificates().get(0);
    TaskId second = new TaskId(rig.state().openRenewalTask(c.appId(), "Cert"));

    List<TaskResult> results = atOnce(rig.renewals().tasks(), c.task(), second);

    assertThat(results).extracting(TaskResult::disposition)
        .as("%s", results).containsOnly(TaskDisposition.CLOSED);
    assertThat(invariants.assertCertificateInvariants(c, old)).as("certificates added")
        .isEqualTo(1);
    invariants.assertTaskEnded(c.task());
    invariants.assertTaskEnded(second);
  }

  private static final GatedCall ADD_PASSWORD =
      new GatedCall("POST", "/v1\\.0/applications/[^/]+/addPassword", "graph.addPassword");
  private static final GatedCall CA_SUBMIT =
      new GatedCall("POST", ".*/certfnsh\\.asp", "adcs.submit");

  /** The request where the first run is held, and the sandbox's name for it. */
  private record GatedCall(String method, String pathRegex, String endpoint) {}

  /**
   * Starts one process per task at once, holds the first of them to reach {@code call} at a
   * gate until the other says it waits for the app, then lets both finish.
   */
  private static List<CommandLineProcess> inTwoProcesses(GatedCall call, TaskId first,
      TaskId second) throws Exception {
    Faults faults = rig.sandbox().faults();
    Fault.Gate gate = Fault.gate();
    faults.inject(call.method(), call.pathRegex(), 1, gate);
    long arrivedBefore = rig.state().requestCount(call.endpoint());
    CommandLineProcess a = CommandLineProcess.task(config, first);
    CommandLineProcess b = CommandLineProcess.task(config, second);
    try {
      await("one run reached " + call.endpoint(), a, b,
          () -> rig.state().requestCount(call.endpoint()) > arrivedBefore);
      await("the other run waits for the app", a, b, () -> {
        assertThat(rig.state().requestCount(call.endpoint()))
            .as("requests to %s: the second run must not get there", call.endpoint())
            .isEqualTo(arrivedBefore + 1);
        return a.output().contains(WAITING) || b.output().contains(WAITING);
      });
      gate.open();
      return List.of(a, b);
    } catch (AssertionError | RuntimeException e) {
      a.kill();
      b.kill();
      throw e;
    } finally {
      gate.open();
      faults.clear();
    }
  }

  private static void await(String what, CommandLineProcess a, CommandLineProcess b,
      BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + CommandLineProcess.PATIENCE.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime() - deadline)
          .as("%s in time; the runs' output:%n%s%n---%n%s", what, a.output(), b.output())
          .isNegative();
      a.process().waitFor(20, TimeUnit.MILLISECONDS);
    }
  }

  /** Both tasks on their own thread, released together. */
  private static List<TaskResult> atOnce(ProcessTasksUseCase tasks, TaskId first, TaskId second)
      throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      CountDownLatch start = new CountDownLatch(1);
      CompletableFuture<TaskResult> a = CompletableFuture.supplyAsync(
          () -> awaitThen(start, () -> tasks.process(first)), threads);
      CompletableFuture<TaskResult> b = CompletableFuture.supplyAsync(
          () -> awaitThen(start, () -> tasks.process(second)), threads);
      start.countDown();
      return List.of(a.get(60, TimeUnit.SECONDS), b.get(60, TimeUnit.SECONDS));
    } finally {
      threads.shutdownNow();
    }
  }

  private static TaskResult awaitThen(CountDownLatch start,
      java.util.function.Supplier<TaskResult> work) {
    try {
      start.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return work.get();
  }
}
