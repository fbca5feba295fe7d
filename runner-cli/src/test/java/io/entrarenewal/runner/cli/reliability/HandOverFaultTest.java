package io.entrarenewal.runner.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.entrarenewal.core.domain.RenewalTask;
import io.entrarenewal.core.domain.TaskId;
import io.entrarenewal.sandbox.Fault;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A fault on the hand-over itself: the note cannot be written. The runner's next pass only sees
 * tasks that are still pending, so a task must either end with its note or stay pending for that
 * pass; it must never sit with the team without a note.
 */
class HandOverFaultTest {

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

  @AfterEach
  void clearFaults() {
    rig.sandbox().faults().clear();
  }

  static Stream<Arguments> noteFaults() {
    return Stream.of(
        Arguments.of("500", Fault.status(500, "application/json",
            "{\"code\":\"ISM_5000\",\"message\":[\"Internal error\"]}")),
        Arguments.of("429", Fault.throttled(429, 1)),
        Arguments.of("hang", Fault.hang(SandboxRig.HANG)),
        Arguments.of("reset", Fault.reset()),
        Arguments.of("reply lost", Fault.dropReply()));
  }

  @ParameterizedTest(name = "the hand-over note meets: {0}")
  @MethodSource("noteFaults")
  void givenNoteCannotBeWritten_theTaskEndsWithItsNoteOrStaysPendingForTheNextPass(
      String label, Fault fault) {
    SandboxRig.SecretCase c = rig.secretCase("note-" + label);
    rig.sandbox().faults().always("POST", "/v1\\.0/applications/[^/]+/addPassword",
        Fault.status(403, "application/json", "{\"error\":{\"code\":"
            + "\"Authorization_RequestDenied\",\"message\":\"Insufficient privileges.\"}}"));
    rig.sandbox().faults().inject("POST", "/api/odata/businessobject/Journal__Notess", 1, fault);

    rig.run(c.task());
    if (stillPending(c.task())) {
      rig.run(c.task());
    }

    assertThat(invariants.assertTaskEnded(c.task()))
        .isEqualTo(SandboxInvariants.Ending.HANDED_OVER);
    assertThat(invariants.notes(c.task())).as("notes of the handed-over task").isNotEmpty();
  }

  /** What the runner's next pass would see: the task among the pending ones. */
  private static boolean stillPending(TaskId task) {
    return rig.workQueue().pendingTasks().stream().map(RenewalTask::id).anyMatch(task::equals);
  }
}
