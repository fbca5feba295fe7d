package io.entrarenewal.core.fakes;

import static org.assertj.core.api.Assertions.assertThat;

import io.entrarenewal.core.domain.Resolution;
import io.entrarenewal.core.domain.TaskId;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The fake queue's claims check for real, so that tests of two runners on one queue mean it. */
class InMemoryWorkQueueClaimTest {

  private final InMemoryWorkQueue queue = new InMemoryWorkQueue(new Faults());
  private final TaskId task = queue.addTask("aaaaaaaa-0000-0000-0000-000000000000", "Secret");

  @Test
  void givenFreeTask_claim_holdsItForTheClaimant() {
    boolean held = queue.claim(task, "svc-1");

    assertThat(held).isTrue();
    assertThat(queue.task(task).claimant()).isEqualTo("svc-1");
  }

  @Test
  void givenTaskHeldByAnother_claim_isRefused() {
    queue.claim(task, "svc-1");

    boolean held = queue.claim(task, "svc-2");

    assertThat(held).isFalse();
    assertThat(queue.task(task).claimant()).isEqualTo("svc-1");
  }

  @Test
  void givenTaskHeldByTheSameClaimant_claim_holdsItAgain() {
    queue.claim(task, "svc-1");

    assertThat(queue.claim(task, "svc-1")).isTrue();
  }

  @Test
  void givenClosedTask_claim_isRefused() {
    queue.close(task, new Resolution("done", Duration.ofMinutes(1)));

    assertThat(queue.claim(task, "svc-1")).isFalse();
  }

  @Test
  void givenUnknownTask_claim_isRefused() {
    assertThat(queue.claim(new TaskId("9999"), "svc-1")).isFalse();
  }
}
