package io.entrarenewal.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.entrarenewal.core.domain.CredentialType;
import io.entrarenewal.core.domain.HandOverNote;
import io.entrarenewal.core.domain.TaskDisposition;
import io.entrarenewal.core.domain.TaskId;
import io.entrarenewal.core.domain.TaskResult;
import io.entrarenewal.core.fakes.Faults;
import io.entrarenewal.core.fakes.InMemoryWorkQueue;
import io.entrarenewal.core.fakes.World;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TaskProcessingTest {

  private static final String APP = "dddddddd-0000-4000-8000-000000000001";

  private final World world = new World();

  @Test
  void givenSecretTask_process_closesItWithTheSeedsResolutionText() {
    world.appWithSecret(World.PRODUCTION, APP, "Payroll");
    TaskId task = world.queue.addTask(APP, "Secret");

    TaskResult result = world.renewals().tasks().process(task);

    assertThat(result.disposition()).isEqualTo(TaskDisposition.CLOSED);
    InMemoryWorkQueue.Task state = world.queue.task(task);
    assertThat(state.resolution().text()).isEqualTo("Secret renewed successfully for Payroll");
    assertThat(state.resolution().timeSpent()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void givenTaskForAppWithoutEntry_process_handsItToTheTeamWithANote() {
    world.directory.addApp("production", new io.entrarenewal.core.domain.ClientId(APP), "X");
    TaskId task = world.queue.addTask(APP, "Certificaat");

    TaskResult result = world.renewals().tasks().process(task);

    assertThat(result.disposition()).isEqualTo(TaskDisposition.HANDED_OVER);
    HandOverNote note = world.queue.task(task).notes().get(0);
    assertThat(note.team()).isEqualTo("Systeemsoftware");
    assertThat(note.subject()).isEqualTo("Secret/Certificaat renewal failed");
    assertThat(note.category()).isEqualTo("Status Update");
    assertThat(note.body()).contains("Certificaat X").contains("Step that stopped")
        .contains("What to do").contains(APP);
  }

  @Test
  void givenGraphOutageAndLeavePendingPolicy_process_leavesTaskForALaterRun() {
    world.appWithSecret(World.PRODUCTION, APP, "Payroll");
    TaskId task = world.queue.addTask(APP, "Secret");
    world.faults.resetCount();
    world.faults.failCall(2, Faults.Mode.UNAVAILABLE);
    var tasks = new TaskProcessingService(world.settings(), world.queue,
        world.renewals().renewal(), TaskProcessingService.TransientFailures.LEAVE_PENDING);

    TaskResult result = tasks.process(task);

    assertThat(result.disposition()).isEqualTo(TaskDisposition.LEFT_PENDING);
    assertThat(world.queue.task(task).state()).isEqualTo(InMemoryWorkQueue.State.PENDING);
  }

  @Test
  void givenUnknownTask_process_reportsNotFoundAndChangesNothing() {
    TaskResult result = world.renewals().tasks().process(new TaskId("999999"));

    assertThat(result.disposition()).isEqualTo(TaskDisposition.NOT_FOUND);
  }

  @Test
  void givenThreePendingTasks_processPending_endsEveryOne() {
    world.appWithSecret(World.PRODUCTION, APP, "Payroll");
    List<TaskId> tasks = List.of(world.queue.addTask(APP, "Secret"),
        world.queue.addTask("not-a-guid", "Secret"), world.queue.addTask(APP, "Password"));

    List<TaskResult> results = world.renewals().tasks().processPending();

    assertThat(results).extracting(TaskResult::disposition).containsExactly(
        TaskDisposition.CLOSED, TaskDisposition.HANDED_OVER, TaskDisposition.HANDED_OVER);
    assertThat(tasks).allSatisfy(t ->
        assertThat(world.queue.task(t).state()).isNotEqualTo(InMemoryWorkQueue.State.PENDING));
  }

  static Stream<Arguments> badParameters() {
    return Stream.of(
        Arguments.of(null, "Secret", "'appId' is missing"),
        Arguments.of("", "Secret", "'appId' is missing"),
        Arguments.of("   ", "Secret", "'appId' is missing"),
        Arguments.of("12345", "Secret", "'appId' must be a GUID"),
        Arguments.of("dddddddd-0000-4000-8000-00000000000g", "Secret", "must be a GUID"),
        Arguments.of("dddddddd-0000-4000-8000-000000000001' or 1 eq 1", "Secret", "GUID"),
        Arguments.of("dddddddd-0000-4000-8000-000000000001\nforged", "Secret", "\\u000a"),
        Arguments.of("ｄｄｄｄｄｄｄｄ-0000-4000-8000-000000000001", "Secret", "GUID"),
        Arguments.of("x".repeat(5000), "Secret", "(cut, 5000 characters in all)"),
        Arguments.of(APP, null, "'SecretType' is missing"),
        Arguments.of(APP, "", "'SecretType' is missing"),
        Arguments.of(APP, "Password", "'SecretType' must be Secret, Certificaat, Cert"),
        Arguments.of(APP, "Secrets", "got 'Secrets'"),
        Arguments.of(APP, "Certi ficaat", "must be"),
        Arguments.of(APP, "Sec\u200Bret", "\\u200b"));
  }

  @ParameterizedTest
  @MethodSource("badParameters")
  void givenMalformedParameters_process_handsOverWithPreciseReasonAndChangesNothing(
      String appId, String secretType, String expectedText) {
    world.appWithSecret(World.PRODUCTION, APP, "Payroll");
    TaskId task = world.queue.addTask(appId, secretType);
    world.faults.resetCount();

    TaskResult result = world.renewals().tasks().process(task);

    assertThat(result.disposition()).isEqualTo(TaskDisposition.HANDED_OVER);
    assertThat(world.queue.task(task).notes().get(0).body()).contains(expectedText);
    assertThat(world.faults.calls()).containsExactly("queue.findTask", "queue.handOver");
    assertThat(world.directory.secretsIssued()).isZero();
  }

  @ParameterizedTest
  @MethodSource("goodSpellings")
  void givenAnySpellingOfAType_process_acceptsIt(String secretType, boolean certificate) {
    world.appWithSecret(World.PRODUCTION, APP, "Payroll");
    TaskId task = world.queue.addTask(" " + APP.toUpperCase() + " ", secretType);

    TaskResult result = world.renewals().tasks().process(task);

    assertThat(result.outcome().request().type())
        .isEqualTo(certificate ? CredentialType.CERTIFICATE : CredentialType.SECRET);
  }

  static Stream<Arguments> goodSpellings() {
    return Stream.of(Arguments.of("Secret", false), Arguments.of("SECRET", false),
        Arguments.of(" secret ", false), Arguments.of("Certificaat", true),
        Arguments.of("cert", true), Arguments.of("CERTIFICATE", true));
  }
}
