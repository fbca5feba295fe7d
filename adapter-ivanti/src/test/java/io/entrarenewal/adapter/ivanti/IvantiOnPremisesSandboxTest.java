package io.entrarenewal.adapter.ivanti;

import static io.entrarenewal.adapter.ivanti.SandboxIvanti.TASKS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.entrarenewal.core.domain.ExternalSystemException;
import io.entrarenewal.core.domain.ExternalSystemException.Kind;
import io.entrarenewal.core.domain.RenewalTask;
import io.entrarenewal.core.domain.Resolution;
import io.entrarenewal.core.domain.TaskId;
import io.entrarenewal.core.port.out.WorkQueue;
import io.entrarenewal.sandbox.Sandbox;
import io.entrarenewal.sandbox.SandboxOptions;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The adapter against a sandbox that serves Ivanti under {@code /HEAT}, as on premises. */
class IvantiOnPremisesSandboxTest {

  private static Sandbox sandbox;
  private static SandboxIvanti ivanti;

  @BeforeAll
  static void startSandbox() {
    sandbox = Sandbox.start(SandboxOptions.defaults()
        .withWorld(SandboxOptions.WorldKind.EMPTY).withIvantiPathPrefix("/HEAT"));
    ivanti = new SandboxIvanti(sandbox);
  }

  @AfterAll
  static void stopSandbox() {
    sandbox.close();
  }

  @Test
  void givenOnPremises_theAdapterReadsAndClosesTasksUnderHeat() {
    WorkQueue queue = IvantiWorkQueue.create(ivanti.settings().onPremises().build());
    String appId = SandboxIvanti.newAppId();
    TaskId id = new TaskId(ivanti.pendingTask(appId, "Secret"));

    RenewalTask pending = queue.pendingTasks().stream().filter(t -> t.id().equals(id))
        .findFirst().orElseThrow();
    queue.close(id, new Resolution("Secret renewed", Duration.ofMinutes(1)));

    assertThat(pending.appIdParameter()).isEqualTo(appId);
    assertThat(ivanti.record(TASKS, id.value())).containsEntry("Status", "Completed");
  }

  @Test
  void givenNoPrefix_aTenantUnderHeat_isRefusedWithAHintAtThePrefix() {
    WorkQueue queue = IvantiWorkQueue.create(ivanti.settings().build());
    String recId = ivanti.pendingTask(SandboxIvanti.newAppId(), "Secret");

    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> queue.close(new TaskId(recId),
            new Resolution("Secret renewed", Duration.ofMinutes(1))))
        .satisfies(e -> assertThat(e.kind()).isEqualTo(Kind.REFUSED))
        .withMessageContaining("HTTP 404").withMessageContaining("/HEAT");
    assertThat(ivanti.record(TASKS, recId)).containsEntry("Status", "Logged");
  }
}
