package io.entrarenewal.adapter.ivanti;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.entrarenewal.adapter.ivanti.IvantiFixtures.API_KEY;
import static io.entrarenewal.adapter.ivanti.IvantiFixtures.APP_ID;
import static io.entrarenewal.adapter.ivanti.IvantiFixtures.NOTES;
import static io.entrarenewal.adapter.ivanti.IvantiFixtures.OTHER_TASK_REC;
import static io.entrarenewal.adapter.ivanti.IvantiFixtures.PARAMS;
import static io.entrarenewal.adapter.ivanti.IvantiFixtures.SR_REC;
import static io.entrarenewal.adapter.ivanti.IvantiFixtures.TASKS;
import static io.entrarenewal.adapter.ivanti.IvantiFixtures.TASK_REC;
import static io.entrarenewal.adapter.ivanti.IvantiFixtures.answer;
import static io.entrarenewal.adapter.ivanti.IvantiFixtures.answersOf;
import static io.entrarenewal.adapter.ivanti.IvantiFixtures.json;
import static io.entrarenewal.adapter.ivanti.IvantiFixtures.rows;
import static io.entrarenewal.adapter.ivanti.IvantiFixtures.sample;
import static io.entrarenewal.adapter.ivanti.IvantiFixtures.task;
import static io.entrarenewal.adapter.ivanti.IvantiFixtures.taskPath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.entrarenewal.core.domain.ExternalSystemException;
import io.entrarenewal.core.domain.ExternalSystemException.Kind;
import io.entrarenewal.core.domain.HandOverNote;
import io.entrarenewal.core.domain.InvalidRequestException;
import io.entrarenewal.core.domain.RenewalTask;
import io.entrarenewal.core.domain.Resolution;
import io.entrarenewal.core.domain.TaskId;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Pins the requests for reading, listing, closing and handing over tasks. */
class IvantiWorkQueueTaskTest {

  @RegisterExtension
  static WireMockExtension ivanti =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private final TaskId taskId = new TaskId(TASK_REC);

  private IvantiWorkQueue queue() {
    return IvantiWorkQueue.create(IvantiFixtures.settings(ivanti).build());
  }

  private void givenTask(String status) {
    ivanti.stubFor(get(urlPathEqualTo(taskPath(TASK_REC)))
        .willReturn(okJson(task(TASK_REC, 4711, status, SR_REC).toString())));
  }

  private void givenTaskChangesOnWrite(String before, String after, String team) {
    String scenario = "task " + TASK_REC;
    ivanti.stubFor(get(urlPathEqualTo(taskPath(TASK_REC))).inScenario(scenario)
        .whenScenarioStateIs(Scenario.STARTED)
        .willReturn(okJson(task(TASK_REC, 4711, before, SR_REC).toString())));
    ivanti.stubFor(get(urlPathEqualTo(taskPath(TASK_REC))).inScenario(scenario)
        .whenScenarioStateIs("written")
        .willReturn(okJson(task(TASK_REC, 4711, after, SR_REC).put("OwnerTeam", team)
            .toString())));
    ivanti.stubFor(patch(urlPathEqualTo(taskPath(TASK_REC))).inScenario(scenario)
        .willReturn(okJson(task(TASK_REC, 4711, after, SR_REC).toString()))
        .willSetStateTo("written"));
  }

  @Test
  void givenRecordId_findTask_readsTaskAndTheAnswersOfItsServiceRequest() {
    givenTask("Logged");
    ivanti.stubFor(answersOf(SR_REC, answer(SR_REC, "AppID", APP_ID),
        answer(SR_REC, "SecretType", "Certificaat"), answer(SR_REC, "Department", "IT")));

    RenewalTask task = queue().findTask(taskId).orElseThrow();

    assertThat(task).isEqualTo(new RenewalTask(taskId, "4711", APP_ID, "Certificaat"));
    ivanti.verify(getRequestedFor(urlPathEqualTo(taskPath(TASK_REC)))
        .withHeader("Authorization", equalTo("rest_api_key=" + API_KEY))
        .withHeader("Accept", equalTo("application/json")));
    ivanti.verify(getRequestedFor(urlPathEqualTo(PARAMS))
        .withQueryParam("$filter", equalTo("ParentLink_RecID eq '" + SR_REC + "'"))
        .withQueryParam("$top", equalTo("100"))
        .withQueryParam("$skip", absent()));
  }

  @Test
  void givenAssignmentNumber_findTask_filtersOnAssignmentId() {
    ivanti.stubFor(get(urlPathEqualTo(TASKS))
        .withQueryParam("$filter", equalTo("AssignmentID eq 4711"))
        .willReturn(okJson(rows(task(TASK_REC, 4711, "Logged", SR_REC)))));
    ivanti.stubFor(answersOf(SR_REC, answer(SR_REC, "AppID", APP_ID)));

    RenewalTask task = queue().findTask(new TaskId("4711")).orElseThrow();

    assertThat(task.id()).isEqualTo(taskId);
    assertThat(task.reference()).isEqualTo("4711");
    assertThat(task.appIdParameter()).isEqualTo(APP_ID);
    assertThat(task.secretTypeParameter()).isNull();
  }

  @Test
  void givenMissingRecord_findTask_isEmpty() {
    ivanti.stubFor(get(urlPathEqualTo(taskPath(TASK_REC)))
        .willReturn(json(400, sample("error-ism4000-invalid-key.json"))));

    assertThat(queue().findTask(taskId)).isEmpty();
  }

  @Test
  void givenFilterWithoutMatch_findTask_readsTheEmptyBodyAsNoRows() {
    ivanti.stubFor(get(urlPathEqualTo(TASKS)).willReturn(aResponse().withStatus(200)));

    assertThat(queue().findTask(new TaskId("4711"))).isEmpty();
  }

  @Test
  void givenNoInstancesSentinel_findTask_hasNoParameters() {
    givenTask("Logged");
    ivanti.stubFor(get(urlPathEqualTo(PARAMS))
        .willReturn(okJson(sample("related-empty-sentinel.json"))));

    RenewalTask task = queue().findTask(taskId).orElseThrow();

    assertThat(task.appIdParameter()).isNull();
    assertThat(task.secretTypeParameter()).isNull();
  }

  @Test
  void givenTaskWithoutParent_findTask_hasNoParametersAndAsksNothingMore() {
    ivanti.stubFor(get(urlPathEqualTo(taskPath(TASK_REC)))
        .willReturn(okJson(task(TASK_REC, 4711, "Logged", null).toString())));

    RenewalTask task = queue().findTask(taskId).orElseThrow();

    assertThat(task.appIdParameter()).isNull();
    ivanti.verify(0, getRequestedFor(urlPathEqualTo(PARAMS)));
  }

  @Test
  void givenMultiValueAndBlankAnswers_findTask_takesTheFirstNonBlankValue() {
    givenTask("Logged");
    ivanti.stubFor(answersOf(SR_REC, answer(SR_REC, "AppID", " "),
        answer(SR_REC, "AppID", "~^" + APP_ID + "~^other"),
        answer(SR_REC, "secrettype", "Secret")));

    RenewalTask task = queue().findTask(taskId).orElseThrow();

    assertThat(task.appIdParameter()).isEqualTo(APP_ID);
    assertThat(task.secretTypeParameter()).isEqualTo("Secret");
  }

  @Test
  void givenIdThatIsNeitherRecordIdNorNumber_findTask_isRejectedWithoutAnyRequest() {
    IvantiWorkQueue queue = queue();

    assertThatExceptionOfType(InvalidRequestException.class)
        .isThrownBy(() -> queue.findTask(new TaskId("ABC-1_or_1")));
    assertThatExceptionOfType(InvalidRequestException.class)
        .isThrownBy(() -> queue.findTask(new TaskId("12345678901")));
    ivanti.verify(0, anyRequestedFor(anyUrl()));
  }

  @Test
  void givenParentIdWithQuotes_findTask_escapesItInTheFilter() {
    String hostile = "X' or ParameterName ne '";
    ivanti.stubFor(get(urlPathEqualTo(taskPath(TASK_REC)))
        .willReturn(okJson(task(TASK_REC, 4711, "Logged", hostile).toString())));
    ivanti.stubFor(get(urlPathEqualTo(PARAMS)).willReturn(aResponse().withStatus(200)));

    queue().findTask(taskId);

    ivanti.verify(getRequestedFor(urlPathEqualTo(PARAMS))
        .withQueryParam("$filter", equalTo("ParentLink_RecID eq 'X'' or ParameterName ne '''")));
  }

  @Test
  void givenTwoPages_pendingTasks_pagesWithTopAndSkipUntilAShortPage() {
    String filter = "OwnerTeam eq 'Renewal Automation' and (Status eq 'Logged' or "
        + "Status eq 'Accepted')";
    ivanti.stubFor(get(urlPathEqualTo(TASKS)).withQueryParam("$filter", equalTo(filter))
        .withQueryParam("$top", equalTo("2")).withQueryParam("$skip", absent())
        .willReturn(okJson(rows(task(TASK_REC, 1, "Logged", SR_REC),
            task(OTHER_TASK_REC, 2, "Accepted", null)))));
    ivanti.stubFor(get(urlPathEqualTo(TASKS)).withQueryParam("$filter", equalTo(filter))
        .withQueryParam("$top", equalTo("2")).withQueryParam("$skip", equalTo("2"))
        .willReturn(okJson(rows(task("2123456789ABCDEF0123456789ABCDEF", 3, "Logged", null)))));
    ivanti.stubFor(answersOf(SR_REC, answer(SR_REC, "AppID", APP_ID)));
    IvantiWorkQueue queue = IvantiWorkQueue.create(
        IvantiFixtures.settings(ivanti).pageSize(2).build());

    List<RenewalTask> tasks = queue.pendingTasks();

    assertThat(tasks).extracting(RenewalTask::reference).containsExactly("1", "2", "3");
    assertThat(tasks.get(0).appIdParameter()).isEqualTo(APP_ID);
    ivanti.verify(2, getRequestedFor(urlPathEqualTo(TASKS)));
  }

  @Test
  void givenServerThatIgnoresSkip_pendingTasks_failsInsteadOfLoopingForever() {
    ivanti.stubFor(get(urlPathEqualTo(TASKS)).willReturn(okJson(rows(
        task(TASK_REC, 1, "Logged", null), task(OTHER_TASK_REC, 2, "Logged", null)))));
    IvantiWorkQueue queue = IvantiWorkQueue.create(
        IvantiFixtures.settings(ivanti).pageSize(2).build());

    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(queue::pendingTasks)
        .satisfies(e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE))
        .withMessageContaining("$skip");
    ivanti.verify(2, getRequestedFor(urlPathEqualTo(TASKS)));
  }

  @Test
  void givenConfiguredNamesWithQuotes_pendingTasks_escapesEveryLiteral() {
    ivanti.stubFor(get(urlPathEqualTo(TASKS)).willReturn(aResponse().withStatus(204)));
    IvantiWorkQueue queue = IvantiWorkQueue.create(IvantiFixtures.settings(ivanti)
        .ownerTeam("O'Brien's team").pendingStatuses(List.of("Logged"))
        .pendingSubject("Renew 'it'").pendingCategory("Entra").build());

    assertThat(queue.pendingTasks()).isEmpty();

    ivanti.verify(getRequestedFor(urlPathEqualTo(TASKS)).withQueryParam("$filter", equalTo(
        "OwnerTeam eq 'O''Brien''s team' and (Status eq 'Logged') and Subject eq 'Renew ''it'''"
            + " and Category eq 'Entra'")));
  }

  @Test
  void givenNoPendingTasks_pendingTasks_acceptsEveryNoRowsShape() {
    ivanti.stubFor(get(urlPathEqualTo(TASKS)).willReturn(okJson(
        sample("related-empty-sentinel.json"))));

    assertThat(queue().pendingTasks()).isEmpty();
  }

  @Test
  void givenLoggedTask_close_sendsStateResolutionOwnerTimeAndPickListIdsThenReadsBack() {
    givenTaskChangesOnWrite("Logged", "Completed", IvantiFixtures.TEAM);
    IvantiWorkQueue queue = IvantiWorkQueue.create(IvantiFixtures.settings(ivanti)
        .closeOwner("svc_renewal").timeSpentField("ActualEffort").sendValidCompanions(true)
        .validRecId("Status", "Completed", "C0C0C0C0C0C0C0C0C0C0C0C0C0C0C0C0")
        .validRecId("Owner", "svc_renewal", "0E0E0E0E0E0E0E0E0E0E0E0E0E0E0E0E").build());

    queue.close(taskId, new Resolution("Secret renewed successfully for App",
        Duration.ofMinutes(1)));

    ivanti.verify(patchRequestedFor(urlPathEqualTo(taskPath(TASK_REC)))
        .withHeader("Authorization", equalTo("rest_api_key=" + API_KEY))
        .withHeader("Content-Type", equalTo("application/json"))
        .withRequestBody(equalToJson("""
            {"Status":"Completed","Status_Valid":"C0C0C0C0C0C0C0C0C0C0C0C0C0C0C0C0",
             "Resolution":"Secret renewed successfully for App",
             "Owner":"svc_renewal","Owner_Valid":"0E0E0E0E0E0E0E0E0E0E0E0E0E0E0E0E",
             "ActualEffort":1}""")));
    ivanti.verify(2, getRequestedFor(urlPathEqualTo(taskPath(TASK_REC))));
  }

  @Test
  void givenDefaults_close_sendsOnlyStateAndResolution() {
    givenTaskChangesOnWrite("Accepted", "Completed", IvantiFixtures.TEAM);

    queue().close(taskId, new Resolution("done", Duration.ofMinutes(1)));

    ivanti.verify(patchRequestedFor(urlPathEqualTo(taskPath(TASK_REC)))
        .withRequestBody(equalToJson("{\"Status\":\"Completed\",\"Resolution\":\"done\"}")));
  }

  @Test
  void givenPutConfigured_close_usesPut() {
    givenTask("Logged");
    ivanti.stubFor(put(urlPathEqualTo(taskPath(TASK_REC))).willReturn(okJson("{}")));
    IvantiWorkQueue queue = IvantiWorkQueue.create(IvantiFixtures.settings(ivanti)
        .writeMethod(IvantiSettings.WriteMethod.PUT).build());

    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> queue.close(taskId, new Resolution("done", Duration.ZERO)));

    ivanti.verify(putRequestedFor(urlPathEqualTo(taskPath(TASK_REC))));
    ivanti.verify(0, patchRequestedFor(anyUrl()));
  }

  @Test
  void givenCompletedTask_close_changesNothing() {
    givenTask("completed");

    queue().close(taskId, new Resolution("done", Duration.ofMinutes(1)));

    ivanti.verify(0, patchRequestedFor(anyUrl()));
  }

  @Test
  void givenStateThatDoesNotStick_close_isRefusedLoudly() {
    givenTaskChangesOnWrite("Logged", "Logged", IvantiFixtures.TEAM);

    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> queue().close(taskId, new Resolution("done", Duration.ZERO)))
        .satisfies(e -> assertThat(e.kind()).isEqualTo(Kind.REFUSED))
        .withMessageContaining("Status is 'Logged' instead of 'Completed'");
  }

  @Test
  void givenPromptGatedTransition_close_isRefusedWithIvantisReason() {
    givenTask("Logged");
    ivanti.stubFor(patch(urlPathEqualTo(taskPath(TASK_REC)))
        .willReturn(json(400, sample("error-ism4000-prompt-exception.json"))));

    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> queue().close(taskId, new Resolution("done", Duration.ZERO)))
        .satisfies(e -> assertThat(e.kind()).isEqualTo(Kind.REFUSED))
        .withMessageContaining("ISM_4000")
        .withMessageContaining("DataLayer.PromptException");
  }

  @Test
  void givenMissingTask_close_isRefusedWithoutWriting() {
    ivanti.stubFor(get(urlPathEqualTo(taskPath(TASK_REC)))
        .willReturn(json(400, sample("error-ism4000-record-not-found-doc.json"))));

    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> queue().close(taskId, new Resolution("done", Duration.ZERO)))
        .satisfies(e -> assertThat(e.kind()).isEqualTo(Kind.REFUSED))
        .withMessageContaining("no such task");
    ivanti.verify(0, patchRequestedFor(anyUrl()));
  }

  @Test
  void givenTask_handOver_assignsTeamAndStateThenAddsTheNote() {
    givenTaskChangesOnWrite("Logged", "Logged", "Systeemsoftware");
    ivanti.stubFor(post(urlPathEqualTo(NOTES))
        .willReturn(json(201, sample("notes-create-response.json"))));
    IvantiWorkQueue queue = IvantiWorkQueue.create(IvantiFixtures.settings(ivanti)
        .timeSpentField("ActualEffort").sendValidCompanions(true)
        .validRecId("OwnerTeam", "Systeemsoftware", "7E7E7E7E7E7E7E7E7E7E7E7E7E7E7E7E")
        .build());

    queue.handOver(taskId, new HandOverNote("Systeemsoftware",
        "Secret/Certificaat renewal failed", "The vault entry is missing; create it.",
        "Status Update", Duration.ofMinutes(1)));

    ivanti.verify(patchRequestedFor(urlPathEqualTo(taskPath(TASK_REC)))
        .withRequestBody(equalToJson("""
            {"OwnerTeam":"Systeemsoftware","OwnerTeam_Valid":"7E7E7E7E7E7E7E7E7E7E7E7E7E7E7E7E",
             "Status":"Logged","ActualEffort":1}""")));
    ivanti.verify(postRequestedFor(urlPathEqualTo(NOTES))
        .withHeader("Authorization", equalTo("rest_api_key=" + API_KEY))
        .withRequestBody(equalToJson("""
            {"ParentLink_RecID":"%s","ParentLink_Category":"Task",
             "Subject":"Secret/Certificaat renewal failed",
             "NotesBody":"The vault entry is missing; create it.",
             "Category":"Status Update","PublishToWeb":false}""".formatted(TASK_REC))));
  }

  @Test
  void givenTeamThatDoesNotStick_handOver_isRefusedLoudly() {
    givenTaskChangesOnWrite("Logged", "Logged", IvantiFixtures.TEAM);
    ivanti.stubFor(post(urlPathEqualTo(NOTES))
        .willReturn(json(201, sample("notes-create-response.json"))));

    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> queue().handOver(taskId, new HandOverNote("Systeemsoftware", "s",
            "b", "Status Update", Duration.ZERO)))
        .satisfies(e -> assertThat(e.kind()).isEqualTo(Kind.REFUSED))
        .withMessageContaining("OwnerTeam");
  }
}
