package io.entrarenewal.adapter.ivanti;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.entrarenewal.adapter.ivanti.IvantiFixtures.NOTES;
import static io.entrarenewal.adapter.ivanti.IvantiFixtures.PARAMS;
import static io.entrarenewal.adapter.ivanti.IvantiFixtures.SR_REC;
import static io.entrarenewal.adapter.ivanti.IvantiFixtures.TASKS;
import static io.entrarenewal.adapter.ivanti.IvantiFixtures.TASK_REC;
import static io.entrarenewal.adapter.ivanti.IvantiFixtures.answer;
import static io.entrarenewal.adapter.ivanti.IvantiFixtures.answersOf;
import static io.entrarenewal.adapter.ivanti.IvantiFixtures.json;
import static io.entrarenewal.adapter.ivanti.IvantiFixtures.requestPath;
import static io.entrarenewal.adapter.ivanti.IvantiFixtures.rows;
import static io.entrarenewal.adapter.ivanti.IvantiFixtures.sample;
import static io.entrarenewal.adapter.ivanti.IvantiFixtures.serviceRequest;
import static io.entrarenewal.adapter.ivanti.IvantiFixtures.task;
import static io.entrarenewal.adapter.ivanti.IvantiFixtures.taskPath;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.entrarenewal.core.domain.ClientId;
import io.entrarenewal.core.domain.CredentialType;
import io.entrarenewal.core.domain.HandOverNote;
import io.entrarenewal.core.domain.RenewalTaskOrder;
import io.entrarenewal.core.domain.Resolution;
import io.entrarenewal.core.domain.TaskId;
import io.entrarenewal.core.port.out.WorkQueue;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The port's contract against the adapter talking to a stub Ivanti that keeps task state. */
class IvantiWorkQueueContractTest extends WorkQueueContractTest {

  @RegisterExtension
  static WireMockExtension ivanti =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final String SUBMIT = "/api/rest/ServiceRequest/new";
  private static final String BY_APP_ID =
      "ParameterName eq 'AppID' and ParameterValue eq '" + APP.value() + "'";

  private final WorkQueue queue = IvantiWorkQueue.create(IvantiFixtures.settings(ivanti)
      .renewalRequests(IvantiSettings.RenewalRequests.notConfigured().withOffering(
          "0C1780F4EC814CB2B8E045325D8CFB66", "A0A0A0A0A0A0A0A0A0A0A0A0A0A0A0A0",
          "B0B0B0B0B0B0B0B0B0B0B0B0B0B0B0B0", "2F851094BFE5437C97D19871D1C539C7"))
      .build());

  @Override
  protected WorkQueue workQueue() {
    return queue;
  }

  @Override
  protected TaskId givenPendingTask(String appId, String secretType) {
    String scenario = "task";
    ivanti.stubFor(get(urlPathEqualTo(taskPath(TASK_REC))).inScenario(scenario)
        .whenScenarioStateIs(Scenario.STARTED)
        .willReturn(okJson(task(TASK_REC, 4711, "Logged", SR_REC).toString())));
    ivanti.stubFor(patch(urlPathEqualTo(taskPath(TASK_REC))).inScenario(scenario)
        .withRequestBody(matchingJsonPath("$.Status", equalTo("Completed")))
        .willReturn(okJson("{}")).willSetStateTo("closed"));
    ivanti.stubFor(get(urlPathEqualTo(taskPath(TASK_REC))).inScenario(scenario)
        .whenScenarioStateIs("closed")
        .willReturn(okJson(task(TASK_REC, 4711, "Completed", SR_REC).toString())));
    ivanti.stubFor(patch(urlPathEqualTo(taskPath(TASK_REC))).inScenario(scenario)
        .withRequestBody(matchingJsonPath("$.OwnerTeam", equalTo("Systeemsoftware")))
        .willReturn(okJson("{}")).willSetStateTo("handed over"));
    ivanti.stubFor(get(urlPathEqualTo(taskPath(TASK_REC))).inScenario(scenario)
        .whenScenarioStateIs("handed over")
        .willReturn(okJson(task(TASK_REC, 4711, "Logged", SR_REC)
            .put("OwnerTeam", "Systeemsoftware").toString())));
    ivanti.stubFor(post(urlPathEqualTo(NOTES))
        .willReturn(json(201, sample("notes-create-response.json"))));
    ivanti.stubFor(get(urlPathEqualTo(TASKS))
        .willReturn(okJson(rows(task(TASK_REC, 4711, "Logged", SR_REC)))));
    ivanti.stubFor(answersOf(SR_REC, answer(SR_REC, "AppID", appId),
        answer(SR_REC, "SecretType", secretType)));
    return new TaskId(TASK_REC);
  }

  @Override
  protected TaskId givenNoSuchTask() {
    ivanti.stubFor(get(urlPathEqualTo(taskPath(TASK_REC)))
        .willReturn(json(400, sample("error-ism4000-invalid-key.json"))));
    return new TaskId(TASK_REC);
  }

  @Override
  protected TaskId givenClosedTask() {
    ivanti.stubFor(get(urlPathEqualTo(taskPath(TASK_REC)))
        .willReturn(okJson(task(TASK_REC, 4711, "Completed", SR_REC).toString())));
    return new TaskId(TASK_REC);
  }

  @Override
  protected void thenTaskIsClosed(TaskId id, Resolution resolution) {
    ivanti.verify(patchRequestedFor(urlPathEqualTo(taskPath(id.value())))
        .withRequestBody(equalToJson("{\"Status\":\"Completed\",\"Resolution\":\""
            + resolution.text() + "\"}")));
  }

  @Override
  protected void thenTaskIsWithTeam(TaskId id, HandOverNote note) {
    ivanti.verify(patchRequestedFor(urlPathEqualTo(taskPath(id.value())))
        .withRequestBody(matchingJsonPath("$.OwnerTeam", equalTo(note.team()))));
    ivanti.verify(postRequestedFor(urlPathEqualTo(NOTES))
        .withRequestBody(matchingJsonPath("$.ParentLink_RecID", equalTo(id.value())))
        .withRequestBody(matchingJsonPath("$.Subject", equalTo(note.subject())))
        .withRequestBody(matchingJsonPath("$.NotesBody", equalTo(note.body()))));
  }

  @Override
  protected void givenNoOpenRenewalRequest(RenewalTaskOrder order) {
    String scenario = "requests";
    ivanti.stubFor(get(urlPathEqualTo(PARAMS)).withQueryParam("$filter", equalTo(BY_APP_ID))
        .inScenario(scenario).whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(200)));
    ivanti.stubFor(post(urlPathEqualTo(SUBMIT)).inScenario(scenario)
        .willReturn(okJson("{\"IsSuccess\":true,\"ErrorText\":\"\",\"ServiceRequests\":[{"
            + "\"strRequestRecId\":\"" + SR_REC + "\",\"strRequestNum\":\"10288\"}]}"))
        .willSetStateTo("opened"));
    String type = order.type() == CredentialType.SECRET ? "Secret" : "Certificaat";
    ivanti.stubFor(get(urlPathEqualTo(PARAMS)).withQueryParam("$filter", equalTo(BY_APP_ID))
        .inScenario(scenario).whenScenarioStateIs("opened")
        .willReturn(okJson(rows(answer(SR_REC, "AppID", order.clientId().value())))));
    givenRequest(type);
  }

  @Override
  protected TaskId givenOpenRenewalRequest(ClientId clientId, CredentialType type) {
    ivanti.stubFor(get(urlPathEqualTo(PARAMS)).withQueryParam("$filter", equalTo(BY_APP_ID))
        .willReturn(okJson(rows(answer(SR_REC, "AppID", clientId.value())))));
    givenRequest(type == CredentialType.SECRET ? "Secret" : "Cert");
    return new TaskId(SR_REC);
  }

  private void givenRequest(String type) {
    ivanti.stubFor(get(urlPathEqualTo(requestPath(SR_REC)))
        .willReturn(okJson(serviceRequest(SR_REC, 10288, "Submitted").toString())));
    ivanti.stubFor(answersOf(SR_REC, answer(SR_REC, "AppID", APP.value()),
        answer(SR_REC, "SecretType", type)));
  }

  @Override
  protected void thenNoRenewalRequestWasOpened() {
    ivanti.verify(0, postRequestedFor(anyUrl()));
  }
}
