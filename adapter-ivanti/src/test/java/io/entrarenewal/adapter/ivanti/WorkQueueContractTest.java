package io.entrarenewal.adapter.ivanti;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.entrarenewal.core.domain.ClientId;
import io.entrarenewal.core.domain.CredentialType;
import io.entrarenewal.core.domain.HandOverNote;
import io.entrarenewal.core.domain.RenewalTask;
import io.entrarenewal.core.domain.RenewalTaskOrder;
import io.entrarenewal.core.domain.Resolution;
import io.entrarenewal.core.domain.TaskId;
import io.entrarenewal.core.port.out.WorkQueue;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The contract of the {@link WorkQueue} port, stated once and run against every backend: a
 * subclass arranges the backend's state in the {@code given...} hooks and checks its effects in
 * the {@code then...} hooks, so the same tests can run against a stub server or a sandbox.
 */
abstract class WorkQueueContractTest {

  protected static final ClientId APP = new ClientId("11111111-2222-3333-4444-555555555555");

  /**
   * The app the tests are about. A backend shared by the tests of a class overrides this with
   * an app of each test's own, so that no test sees another's requests.
   */
  protected ClientId app() {
    return APP;
  }

  /** The work queue under test, talking to the arranged backend. */
  protected abstract WorkQueue workQueue();

  /** A pending renewal task with these raw parameters. */
  protected abstract TaskId givenPendingTask(String appId, String secretType);

  /** An id that names no task. */
  protected abstract TaskId givenNoSuchTask();

  /** A task that is already closed. */
  protected abstract TaskId givenClosedTask();

  /** Checks that the backend holds the task as closed with the resolution. */
  protected abstract void thenTaskIsClosed(TaskId id, Resolution resolution);

  /** Checks that the backend holds the task as the team's, with the note. */
  protected abstract void thenTaskIsWithTeam(TaskId id, HandOverNote note);

  /** No renewal request is open for the app; one may be opened. */
  protected abstract void givenNoOpenRenewalRequest(RenewalTaskOrder order);

  /** A renewal request is open for the app and type. */
  protected abstract TaskId givenOpenRenewalRequest(ClientId clientId, CredentialType type);

  /** Checks that no renewal request was opened. */
  protected abstract void thenNoRenewalRequestWasOpened();

  private RenewalTaskOrder order(CredentialType type) {
    return new RenewalTaskOrder(app(), type, "production", "Payroll API",
        Instant.parse("2026-12-20T00:00:00Z"), 17);
  }

  @Test
  void givenPendingTask_findTask_returnsItWithItsRawParameters() {
    TaskId id = givenPendingTask(app().value(), "Certificaat");

    RenewalTask task = workQueue().findTask(id).orElseThrow();

    assertThat(task.id()).isEqualTo(id);
    assertThat(task.appIdParameter()).isEqualTo(app().value());
    assertThat(task.secretTypeParameter()).isEqualTo("Certificaat");
  }

  @Test
  void givenMalformedParameters_findTask_returnsThemRawForTheCoreToJudge() {
    TaskId id = givenPendingTask("not-a-guid", "Password");

    RenewalTask task = workQueue().findTask(id).orElseThrow();

    assertThat(task.appIdParameter()).isEqualTo("not-a-guid");
    assertThat(task.secretTypeParameter()).isEqualTo("Password");
  }

  @Test
  void givenNoSuchTask_findTask_isEmpty() {
    TaskId id = givenNoSuchTask();

    assertThat(workQueue().findTask(id)).isEmpty();
  }

  @Test
  void givenPendingTask_pendingTasks_containsIt() {
    TaskId id = givenPendingTask(app().value(), "Secret");

    assertThat(workQueue().pendingTasks()).extracting(RenewalTask::id).contains(id);
  }

  @Test
  void givenPendingTask_close_closesIt() {
    TaskId id = givenPendingTask(app().value(), "Secret");
    Resolution resolution = new Resolution("Secret renewed successfully for Payroll API",
        Duration.ofMinutes(1));

    workQueue().close(id, resolution);

    thenTaskIsClosed(id, resolution);
  }

  @Test
  void givenClosedTask_close_isHarmless() {
    TaskId id = givenClosedTask();

    assertThatCode(() -> workQueue().close(id, new Resolution("again", Duration.ofMinutes(1))))
        .doesNotThrowAnyException();
  }

  @Test
  void givenPendingTask_handOver_givesItToTheTeamWithTheNote() {
    TaskId id = givenPendingTask(app().value(), "Secret");
    HandOverNote note = new HandOverNote("Systeemsoftware", "Secret/Certificaat renewal failed",
        "The vault entry 'Payroll API' is missing; create it and reopen the task.",
        "Status Update", Duration.ofMinutes(1));

    workQueue().handOver(id, note);

    thenTaskIsWithTeam(id, note);
  }

  @Test
  void givenNoOpenRequest_openRenewalTask_opensOneThatIsThenFoundOpen() {
    RenewalTaskOrder order = order(CredentialType.CERTIFICATE);
    givenNoOpenRenewalRequest(order);

    TaskId opened = workQueue().openRenewalTask(order);

    assertThat(workQueue().findOpenRenewalTask(app(), CredentialType.CERTIFICATE))
        .contains(opened);
  }

  @Test
  void givenOpenRequest_openRenewalTask_returnsItAndOpensNoOther() {
    TaskId open = givenOpenRenewalRequest(app(), CredentialType.SECRET);

    TaskId returned = workQueue().openRenewalTask(order(CredentialType.SECRET));

    assertThat(returned).isEqualTo(open);
    thenNoRenewalRequestWasOpened();
  }

  @Test
  void givenOpenRequestForOneType_findOpenRenewalTask_ignoresItForTheOtherType() {
    givenOpenRenewalRequest(app(), CredentialType.SECRET);

    assertThat(workQueue().findOpenRenewalTask(app(), CredentialType.CERTIFICATE)).isEmpty();
  }
}
