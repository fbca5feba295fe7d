package io.entrarenewal.adapter.ivanti;

import static io.entrarenewal.adapter.ivanti.SandboxIvanti.NOTES;
import static io.entrarenewal.adapter.ivanti.SandboxIvanti.PARAMS;
import static io.entrarenewal.adapter.ivanti.SandboxIvanti.SERVICE_REQS;
import static io.entrarenewal.adapter.ivanti.SandboxIvanti.TASKS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.entrarenewal.core.domain.ClientId;
import io.entrarenewal.core.domain.CredentialType;
import io.entrarenewal.core.domain.ExternalSystemException;
import io.entrarenewal.core.domain.ExternalSystemException.Kind;
import io.entrarenewal.core.domain.HandOverNote;
import io.entrarenewal.core.domain.RefusalReason;
import io.entrarenewal.core.domain.RefusedException;
import io.entrarenewal.core.domain.RenewalTask;
import io.entrarenewal.core.domain.RenewalTaskOrder;
import io.entrarenewal.core.domain.Resolution;
import io.entrarenewal.core.domain.Secret;
import io.entrarenewal.core.domain.TaskId;
import io.entrarenewal.core.port.out.WorkQueue;
import io.entrarenewal.sandbox.Fault;
import io.entrarenewal.sandbox.Sandbox;
import io.entrarenewal.sandbox.SandboxOptions;
import io.entrarenewal.sandbox.World;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The adapter against the sandbox's Ivanti with its demo world: the tasks the seed describes,
 * closing and handing over, opening renewal requests, Ivanti's quirks and refusals. Each case
 * is judged from the sandbox's records.
 */
class IvantiSandboxTest {

  private static Sandbox sandbox;
  private static SandboxIvanti ivanti;
  private static WorkQueue queue;

  @BeforeAll
  static void startSandbox() {
    sandbox = Sandbox.start(SandboxOptions.defaults());
    ivanti = new SandboxIvanti(sandbox);
    queue = IvantiWorkQueue.create(ivanti.settings().build());
  }

  @AfterAll
  static void stopSandbox() {
    sandbox.close();
  }

  @AfterEach
  void restoreQuirks() {
    sandbox.faults().clear();
    sandbox.state().setIvantiEmptyBodyOnNoMatch(true);
  }

  private static RenewalTaskOrder order(String appId, CredentialType type) {
    return new RenewalTaskOrder(new ClientId(appId), type, "production", "Payroll API",
        Instant.parse("2026-12-20T00:00:00Z"), 17);
  }

  @Test
  void givenDemoWorld_pendingTasks_areTheSeededTasksWithTheirAnswers() {
    List<World.App> withTasks = sandbox.world().apps().stream()
        .filter(a -> a.taskAssignmentId() != null).toList();

    List<RenewalTask> pending = queue.pendingTasks();

    assertThat(withTasks).isNotEmpty();
    for (World.App app : withTasks) {
      assertThat(pending).filteredOn(t -> t.reference().equals(
              String.valueOf(app.taskAssignmentId())))
          .singleElement().satisfies(task -> {
            assertThat(task.appIdParameter()).isEqualTo(app.appId());
            assertThat(task.secretTypeParameter()).isEqualTo(app.taskSecretType());
          });
    }
    assertThat(pending).allSatisfy(task -> assertThat(ivanti.record(TASKS, task.id().value()))
        .containsEntry("OwnerTeam", ivanti.world().automationTeam())
        .containsEntry("Status", "Logged"));
  }

  @Test
  void givenAssignmentNumber_findTask_readsTheTaskAndItsServiceRequestAnswers() {
    World.App app = sandbox.world().appNamed("Payroll-Sync").orElseThrow();
    String number = String.valueOf(app.taskAssignmentId());
    Map<String, Object> seeded = ivanti.records(TASKS, "AssignmentID", number).get(0);

    RenewalTask task = queue.findTask(new TaskId(number)).orElseThrow();

    assertThat(task.id().value()).isEqualTo(seeded.get("RecId"));
    assertThat(task.reference()).isEqualTo(number);
    assertThat(task.appIdParameter()).isEqualTo(app.appId());
    assertThat(task.secretTypeParameter()).isEqualTo("Certificaat");
  }

  @Test
  void givenPendingTask_close_storesStatusAndResolutionAndASecondCloseWritesNothing() {
    TaskId id = new TaskId(ivanti.pendingTask(SandboxIvanti.newAppId(), "Secret"));
    Resolution resolution = new Resolution("Secret renewed successfully for Payroll API",
        Duration.ofMinutes(1));

    queue.close(id, resolution);
    long updates = sandbox.state().requestCount("ivanti.update.Task__Assignments");
    queue.close(id, resolution);

    assertThat(ivanti.record(TASKS, id.value())).containsEntry("Status", "Completed")
        .containsEntry("Resolution", resolution.text());
    assertThat(sandbox.state().requestCount("ivanti.update.Task__Assignments"))
        .isEqualTo(updates);
    assertThat(queue.pendingTasks()).extracting(RenewalTask::id).doesNotContain(id);
  }

  @Test
  void givenPendingTask_handOver_movesItToTheHandOverTeamWithOneNote() {
    TaskId id = new TaskId(ivanti.pendingTask(SandboxIvanti.newAppId(), "Secret"));
    String team = ivanti.world().handOverTeam();
    HandOverNote note = new HandOverNote(team, "Secret/Certificaat renewal failed",
        "The vault entry 'Payroll API' is missing in list 7651; create it and reopen the task.",
        "Status Update", Duration.ofMinutes(1));

    queue.handOver(id, note);

    assertThat(ivanti.record(TASKS, id.value())).containsEntry("OwnerTeam", team)
        .containsEntry("Status", "Logged");
    assertThat(ivanti.records(NOTES, "ParentLink_RecID", id.value())).singleElement()
        .satisfies(n -> assertThat(n).containsEntry("Subject", note.subject())
            .containsEntry("NotesBody", note.body()).containsEntry("Category", "Status Update")
            .containsEntry("JournalType", "Notes").containsEntry("PublishToWeb", false));
    assertThat(queue.pendingTasks()).extracting(RenewalTask::id).doesNotContain(id);
  }

  @Test
  void givenNoOpenRequest_openRenewalTask_submitsAServiceRequestWhoseTaskBecomesPendingWork() {
    String appId = SandboxIvanti.newAppId();

    TaskId opened = queue.openRenewalTask(order(appId, CredentialType.CERTIFICATE));

    Map<String, Object> request = ivanti.record(SERVICE_REQS, opened.value());
    assertThat(request).containsEntry("Status", "Submitted")
        .containsEntry("Subject", "Certificate of Payroll API expires in 17 days");
    assertThat(ivanti.records(PARAMS, "ParentLink_RecID", opened.value()))
        .extracting(p -> p.get("ParameterName") + "=" + p.get("ParameterValue"))
        .containsExactlyInAnyOrder("AppID=" + appId, "SecretType=Certificaat");
    Map<String, Object> task = ivanti.records(TASKS, "ParentLink_RecID", opened.value()).get(0);
    assertThat(task).containsEntry("Status", "Logged")
        .containsEntry("OwnerTeam", ivanti.world().automationTeam());
    assertThat(queue.pendingTasks()).filteredOn(t -> t.id().value().equals(task.get("RecId")))
        .singleElement().satisfies(t -> {
          assertThat(t.appIdParameter()).isEqualTo(appId);
          assertThat(t.secretTypeParameter()).isEqualTo("Certificaat");
        });
  }

  @Test
  void givenOpenRequest_openRenewalTaskAgain_submitsNothing() {
    String appId = SandboxIvanti.newAppId();
    TaskId first = queue.openRenewalTask(order(appId, CredentialType.SECRET));
    long submissions = sandbox.state().requestCount("ivanti.submitServiceRequest");

    TaskId second = queue.openRenewalTask(order(appId.toUpperCase(Locale.ROOT),
        CredentialType.SECRET));

    assertThat(second).isEqualTo(first);
    assertThat(sandbox.state().requestCount("ivanti.submitServiceRequest"))
        .isEqualTo(submissions);
    assertThat(ivanti.requestsFor(appId)).containsExactly(first.value());
  }

  @Test
  void givenFulfilledRequest_findOpenRenewalTask_ignoresIt() {
    String appId = SandboxIvanti.newAppId();
    TaskId first = queue.openRenewalTask(order(appId, CredentialType.SECRET));
    // The workflow fulfils the request; the state API has no write for service requests.
    ivanti.change(SERVICE_REQS, first.value(), "{\"Status\":\"Fulfilled\"}");

    assertThat(queue.findOpenRenewalTask(new ClientId(appId), CredentialType.SECRET)).isEmpty();
  }

  @Test
  void givenNoMatch_bothEmptyReplies_meanNoRows() throws Exception {
    String appId = SandboxIvanti.newAppId();
    String filter = "ParameterName eq 'AppID' and ParameterValue eq '" + appId + "'";

    HttpResponse<String> emptyBody = ivanti.query(PARAMS, filter);
    boolean foundWithEmptyBody =
        queue.findOpenRenewalTask(new ClientId(appId), CredentialType.SECRET).isPresent();
    boolean taskWithEmptyBody = queue.findTask(new TaskId("999999")).isPresent();
    sandbox.state().setIvantiEmptyBodyOnNoMatch(false);
    HttpResponse<String> emptyValue = ivanti.query(PARAMS, filter);
    boolean foundWithEmptyValue =
        queue.findOpenRenewalTask(new ClientId(appId), CredentialType.SECRET).isPresent();
    boolean taskWithEmptyValue = queue.findTask(new TaskId("999999")).isPresent();

    assertThat(emptyBody.statusCode()).isEqualTo(200);
    assertThat(emptyBody.body()).isEmpty();
    assertThat(emptyValue.body()).isEqualTo("{\"value\":[]}");
    assertThat(List.of(foundWithEmptyBody, taskWithEmptyBody, foundWithEmptyValue,
        taskWithEmptyValue)).containsOnly(false);
  }

  @Test
  void givenUnknownRecordId_findTask_isEmptyOnIvantis400() {
    String recId = SandboxIvanti.unknownRecId();

    assertThat(queue.findTask(new TaskId(recId))).isEmpty();
    assertThat(sandbox.state().ivantiRecord(TASKS, recId)).isEmpty();
  }

  @Test
  void givenInvalidKey_everyCall_isRefusedWithoutQuotingTheKeyAndChangesNothing() {
    String recId = ivanti.pendingTask(SandboxIvanti.newAppId(), "Secret");
    String wrongKey = "Wrong-Key-" + SandboxIvanti.unknownRecId();
    WorkQueue wrong = IvantiWorkQueue.create(IvantiSettings
        .builder(ivanti.host(), new IvantiSettings.ApiKey(Secret.of(wrongKey)))
        .ownerTeam(ivanti.world().automationTeam())
        .trustStore(sandbox.trustStore())
        .build());

    assertThatExceptionOfType(RefusedException.class).isThrownBy(wrong::pendingTasks)
        .satisfies(e -> assertThat(e.reason()).isEqualTo(RefusalReason.PERMISSION_MISSING))
        .withMessageContaining("ISM_4001").withMessageNotContaining(wrongKey);
    assertThatExceptionOfType(RefusedException.class).isThrownBy(() ->
        wrong.close(new TaskId(recId), new Resolution("done", Duration.ofMinutes(1))));
    assertThat(ivanti.record(TASKS, recId)).containsEntry("Status", "Logged");
  }

  @Test
  void givenWrongSubscription_openRenewalTask_isRefusedWithIvantisTextAndCreatesNothing() {
    String appId = SandboxIvanti.newAppId();
    World.Ivanti world = ivanti.world();
    WorkQueue misconfigured = IvantiWorkQueue.create(ivanti.settings()
        .renewalRequests(IvantiSettings.RenewalRequests.notConfigured()
            .withOffering(SandboxIvanti.unknownRecId(), world.parameterIds().get("AppID"),
                world.parameterIds().get("SecretType"), SandboxIvanti.REQUESTER))
        .build());
    int requests = sandbox.state().ivantiRecords(SERVICE_REQS).size();

    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> misconfigured.openRenewalTask(order(appId, CredentialType.SECRET)))
        .satisfies(e -> assertThat(e.kind()).isEqualTo(Kind.REFUSED))
        .withMessageContaining("The subscription");
    assertThat(sandbox.state().ivantiRecords(SERVICE_REQS)).hasSize(requests);
  }

  @Test
  void givenLostReplyToClose_close_isAmbiguousAndTheTaskIsClosedAllTheSame() {
    TaskId id = new TaskId(ivanti.pendingTask(SandboxIvanti.newAppId(), "Secret"));
    Resolution resolution = new Resolution("Secret renewed", Duration.ofMinutes(1));
    sandbox.faults().inject("PATCH", "/api/odata/businessobject/Task__Assignments\\(.*\\)", 1,
        Fault.dropReply());

    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> queue.close(id, resolution))
        .satisfies(e -> assertThat(e.kind()).isEqualTo(Kind.AMBIGUOUS));

    assertThat(ivanti.record(TASKS, id.value())).containsEntry("Status", "Completed");
    long updates = sandbox.state().requestCount("ivanti.update.Task__Assignments");
    queue.close(id, resolution);
    assertThat(sandbox.state().requestCount("ivanti.update.Task__Assignments"))
        .isEqualTo(updates);
  }

  @Test
  void givenTaskMechanism_openRenewalTask_createsATaskWhoseDetailsAreItsAnswers() {
    String appId = SandboxIvanti.newAppId();
    WorkQueue tasks = IvantiWorkQueue.create(ivanti.settings()
        .pendingSubject("Renew an Entra credential")
        .renewalRequests(IvantiSettings.RenewalRequests.notConfigured()
            .withMechanism(IvantiSettings.Mechanism.TASK_ASSIGNMENT))
        .build());

    TaskId opened = tasks.openRenewalTask(order(appId, CredentialType.SECRET));
    TaskId again = tasks.openRenewalTask(order(appId, CredentialType.SECRET));

    Map<String, Object> task = ivanti.record(TASKS, opened.value());
    assertThat(task).containsEntry("Subject", "Renew an Entra credential")
        .containsEntry("OwnerTeam", ivanti.world().automationTeam())
        .containsEntry("Status", "Logged");
    assertThat(task.get("AssignmentID")).isInstanceOf(Integer.class);
    assertThat(String.valueOf(task.get("Details")))
        .contains("AppID: " + appId, "SecretType: Secret");
    assertThat(again).isEqualTo(opened);
    assertThat(ivanti.records(TASKS, "Subject", "Renew an Entra credential")).hasSize(1);
    RenewalTask read = tasks.findTask(opened).orElseThrow();
    assertThat(read.reference()).isEqualTo(String.valueOf(task.get("AssignmentID")));
    assertThat(read.appIdParameter()).isEqualTo(appId);
    assertThat(read.secretTypeParameter()).isEqualTo("Secret");
  }

  @Test
  void givenThrottledClose_close_isSentAgainAndTakesEffectOnce() {
    TaskId id = new TaskId(ivanti.pendingTask(SandboxIvanti.newAppId(), "Secret"));
    long updates = sandbox.state().requestCount("ivanti.update.Task__Assignments");
    // A 429 means Ivanti did not process the write, so sending it again is safe.
    sandbox.faults().inject("PATCH", "/api/odata/businessobject/Task__Assignments\\(.*\\)", 1,
        Fault.throttled(429, 0));

    queue.close(id, new Resolution("Secret renewed", Duration.ofMinutes(1)));

    assertThat(ivanti.record(TASKS, id.value())).containsEntry("Status", "Completed");
    assertThat(sandbox.state().requestCount("ivanti.update.Task__Assignments"))
        .isEqualTo(updates + 2);
  }
}
