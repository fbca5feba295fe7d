package io.entrarenewal.runner.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.entrarenewal.core.domain.TaskDisposition;
import io.entrarenewal.core.domain.TaskId;
import io.entrarenewal.core.domain.TaskResult;
import io.entrarenewal.core.port.in.ProcessTasksUseCase;
import io.entrarenewal.sandbox.SandboxState;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;

/**
 * Two tasks for the same app, processed at the same moment by two threads of one runner: exactly
 * one renewal, both tasks closed, every invariant kept.
 */
class ConcurrencyTest {

  private static SandboxRig rig;
  private static SandboxInvariants invariants;

  @BeforeAll
  static void startSandbox() {
    rig = SandboxRig.start();
    invariants = new SandboxInvariants(rig);
  }

  @AfterAll
  static void stopSandbox() {
    rig.close();
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
