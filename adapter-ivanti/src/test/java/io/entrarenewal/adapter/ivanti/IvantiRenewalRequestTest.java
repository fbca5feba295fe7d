package io.entrarenewal.adapter.ivanti;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.entrarenewal.adapter.ivanti.IvantiFixtures.API_KEY;
import static io.entrarenewal.adapter.ivanti.IvantiFixtures.APP_ID;
import static io.entrarenewal.adapter.ivanti.IvantiFixtures.OTHER_SR_REC;
import static io.entrarenewal.adapter.ivanti.IvantiFixtures.PARAMS;
import static io.entrarenewal.adapter.ivanti.IvantiFixtures.SR_REC;
import static io.entrarenewal.adapter.ivanti.IvantiFixtures.answer;
import static io.entrarenewal.adapter.ivanti.IvantiFixtures.answersOf;
import static io.entrarenewal.adapter.ivanti.IvantiFixtures.json;
import static io.entrarenewal.adapter.ivanti.IvantiFixtures.requestPath;
import static io.entrarenewal.adapter.ivanti.IvantiFixtures.rows;
import static io.entrarenewal.adapter.ivanti.IvantiFixtures.serviceRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.entrarenewal.core.domain.ClientId;
import io.entrarenewal.core.domain.CredentialType;
import io.entrarenewal.core.domain.ExternalSystemException;
import io.entrarenewal.core.domain.ExternalSystemException.Kind;
import io.entrarenewal.core.domain.RenewalTaskOrder;
import io.entrarenewal.core.domain.TaskId;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Pins how renewal requests are opened as service requests and recognised as open. */
class IvantiRenewalRequestTest {

  @RegisterExtension
  static WireMockExtension ivanti =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final String SUBMIT = "/api/rest/ServiceRequest/new";
  private static final String SUBSCRIPTION = "0C1780F4EC814CB2B8E045325D8CFB66";
  private static final String APP_PARAM = "A0A0A0A0A0A0A0A0A0A0A0A0A0A0A0A0";
  private static final String TYPE_PARAM = "B0B0B0B0B0B0B0B0B0B0B0B0B0B0B0B0";
  private static final String DAYS_PARAM = "D0D0D0D0D0D0D0D0D0D0D0D0D0D0D0D0";
  private static final String CERT_OPTION = "CE0CE0CE0CE0CE0CE0CE0CE0CE0CE0CE";
  private static final String REQUESTER = "2F851094BFE5437C97D19871D1C539C7";
  private static final String BY_APP_ID =
      "ParameterName eq 'AppID' and ParameterValue eq '" + APP_ID + "'";

  private final ClientId clientId = new ClientId(APP_ID);
  private final RenewalTaskOrder order = new RenewalTaskOrder(clientId,
      CredentialType.CERTIFICATE, "production", "Payroll API",
      Instant.parse("2026-12-20T00:00:00Z"), 17);

  private IvantiWorkQueue queue() {
    return IvantiWorkQueue.create(IvantiFixtures.settings(ivanti)
        .renewalRequests(IvantiSettings.RenewalRequests.notConfigured()
            .withOffering(SUBSCRIPTION, APP_PARAM, TYPE_PARAM, REQUESTER)
            .withSecretTypeOptionIds(Map.of(CredentialType.CERTIFICATE, CERT_OPTION))
            .withDaysLeftParameterId(DAYS_PARAM))
        .build());
  }

  private void givenNoRequestForTheApp() {
    ivanti.stubFor(get(urlPathEqualTo(PARAMS)).withQueryParam("$filter", equalTo(BY_APP_ID))
        .willReturn(aResponse().withStatus(200)));
  }

  private void givenRequestsForTheApp(String... requestIds) {
    ObjectNode[] answers = new ObjectNode[requestIds.length];
    for (int i = 0; i < requestIds.length; i++) {
      answers[i] = answer(requestIds[i], "AppID", APP_ID);
    }
    ivanti.stubFor(get(urlPathEqualTo(PARAMS)).withQueryParam("$filter", equalTo(BY_APP_ID))
        .willReturn(okJson(rows(answers))));
  }

  private void givenRequest(String recId, String status, String appId, String type) {
    ivanti.stubFor(get(urlPathEqualTo(requestPath(recId)))
        .willReturn(okJson(serviceRequest(recId, 10288, status).toString())));
    ivanti.stubFor(answersOf(recId, answer(recId, "AppID", appId),
        answer(recId, "SecretType", type)));
  }

  private void givenSubmissionSucceeds() {
    ivanti.stubFor(post(urlPathEqualTo(SUBMIT)).willReturn(okJson("""
        {"IsSuccess":true,"ErrorText":"","ServiceRequests":[{"bNew":true,
         "strSubscriptionRecId":"%s","strRequestRecId":"%s","strIssueRecId":null,
         "strRequestNum":"10288","strName":"Credential renewal","strStatus":null,
         "parameterTemplateParameterIds":{},"DateApproved":null}],
         "InvalidServiceRequests":{}}""".formatted(SUBSCRIPTION, SR_REC))));
  }

  @Test
  void givenNoOpenRequest_openRenewalTask_submitsTheOfferingAndReadsTheAnswersBack() {
    givenNoRequestForTheApp();
    givenSubmissionSucceeds();
    ivanti.stubFor(answersOf(SR_REC, answer(SR_REC, "AppID", APP_ID),
        answer(SR_REC, "SecretType", "Certificaat")));

    TaskId id = queue().openRenewalTask(order);

    assertThat(id).isEqualTo(new TaskId(SR_REC));
    ivanti.verify(postRequestedFor(urlPathEqualTo(SUBMIT))
        .withHeader("Authorization", equalTo("rest_api_key=" + API_KEY))
        .withHeader("Content-Type", equalTo("application/json"))
        .withRequestBody(equalToJson("""
            {"attachmentsToDelete":[],"attachmentsToUpload":[],
             "parameters":{"par-%s":"%s","par-%s":"Certificaat","par-%s-recId":"%s",
                           "par-%s":"17"},
             "delayedFulfill":false,
             "formName":"ServiceReq.ResponsiveAnalyst.DefaultLayout",
             "saveReqState":false,
             "serviceReqData":{"Subject":"Certificate of Payroll API expires in 17 days",
                               "Symptom":"Certificate of Payroll API expires in 17 days"},
             "strCustomerLocation":"","strUserId":"%s","subscriptionId":"%s",
             "localOffset":0}""".formatted(APP_PARAM, APP_ID, TYPE_PARAM, TYPE_PARAM,
            CERT_OPTION, DAYS_PARAM, REQUESTER, SUBSCRIPTION))));
    ivanti.verify(getRequestedFor(urlPathEqualTo(PARAMS))
        .withQueryParam("$filter", equalTo("ParentLink_RecID eq '" + SR_REC + "'")));
  }

  @Test
  void givenOpenRequestForTheApp_openRenewalTask_returnsItWithoutSubmitting() {
    givenRequestsForTheApp(SR_REC);
    givenRequest(SR_REC, "Active", APP_ID, "Cert");

    TaskId id = queue().openRenewalTask(order);

    assertThat(id).isEqualTo(new TaskId(SR_REC));
    ivanti.verify(0, postRequestedFor(anyUrl()));
  }

  @Test
  void givenSubmissionRefused_openRenewalTask_isRefusedWithIvantisErrorText() {
    givenNoRequestForTheApp();
    ivanti.stubFor(post(urlPathEqualTo(SUBMIT)).willReturn(okJson("""
        {"IsSuccess":false,"ErrorText":"'SecretType' validation list's value was submitted \
        without it's identifier.","ServiceRequests":[]}""")));

    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> queue().openRenewalTask(order))
        .satisfies(e -> assertThat(e.kind()).isEqualTo(Kind.REFUSED))
        .withMessageContaining("submitted without it's identifier")
        .withMessageContaining(APP_ID);
  }

  @Test
  void givenAnswersThatDidNotStick_openRenewalTask_isRefusedNamingTheEmptyRequest() {
    givenNoRequestForTheApp();
    givenSubmissionSucceeds();
    ivanti.stubFor(answersOf(SR_REC));

    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> queue().openRenewalTask(order))
        .satisfies(e -> assertThat(e.kind()).isEqualTo(Kind.REFUSED))
        .withMessageContaining("10288")
        .withMessageContaining("do not belong to one offering");
  }

  @Test
  void givenSuccessWithoutRecordId_openRenewalTask_isAmbiguous() {
    givenNoRequestForTheApp();
    ivanti.stubFor(post(urlPathEqualTo(SUBMIT)).willReturn(okJson(
        "{\"IsSuccess\":true,\"ErrorText\":\"\",\"ServiceRequests\":[]}")));

    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> queue().openRenewalTask(order))
        .satisfies(e -> assertThat(e.kind()).isEqualTo(Kind.AMBIGUOUS));
  }

  @Test
  void givenTimeoutOnSubmit_openRenewalTask_isAmbiguousAndSubmitsOnce() {
    givenNoRequestForTheApp();
    ivanti.stubFor(post(urlPathEqualTo(SUBMIT)).willReturn(okJson("{}").withFixedDelay(2000)));

    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> queue().openRenewalTask(order))
        .satisfies(e -> assertThat(e.kind()).isEqualTo(Kind.AMBIGUOUS));
    ivanti.verify(1, postRequestedFor(anyUrl()));
  }

  @Test
  void givenResetOnSubmit_openRenewalTask_isAmbiguousAndSubmitsOnce() {
    givenNoRequestForTheApp();
    ivanti.stubFor(post(urlPathEqualTo(SUBMIT))
        .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> queue().openRenewalTask(order))
        .satisfies(e -> assertThat(e.kind()).isEqualTo(Kind.AMBIGUOUS));
    ivanti.verify(1, postRequestedFor(anyUrl()));
  }

  @Test
  void givenOfferingNotConfigured_openRenewalTask_isRefusedWithoutSubmitting() {
    givenNoRequestForTheApp();
    IvantiWorkQueue queue = IvantiWorkQueue.create(IvantiFixtures.settings(ivanti).build());

    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> queue.openRenewalTask(order))
        .satisfies(e -> assertThat(e.kind()).isEqualTo(Kind.REFUSED))
        .withMessageContaining("not all configured");
    ivanti.verify(0, postRequestedFor(anyUrl()));
  }

  @Test
  void givenRequestWithAnotherSpellingOfTheType_findOpenRenewalTask_findsIt() {
    givenRequestsForTheApp(SR_REC);
    givenRequest(SR_REC, "Submitted", APP_ID.toUpperCase(), " certificaat ");

    assertThat(queue().findOpenRenewalTask(clientId, CredentialType.CERTIFICATE))
        .contains(new TaskId(SR_REC));
  }

  @Test
  void givenFinishedRequestAndOpenOne_findOpenRenewalTask_skipsTheFinishedOne() {
    givenRequestsForTheApp(OTHER_SR_REC, SR_REC);
    givenRequest(OTHER_SR_REC, "Fulfilled", APP_ID, "Secret");
    givenRequest(SR_REC, "Active", APP_ID, "Secret");

    assertThat(queue().findOpenRenewalTask(clientId, CredentialType.SECRET))
        .contains(new TaskId(SR_REC));
  }

  @Test
  void givenOpenRequestForTheOtherType_findOpenRenewalTask_isEmpty() {
    givenRequestsForTheApp(SR_REC);
    givenRequest(SR_REC, "Active", APP_ID, "Secret");

    assertThat(queue().findOpenRenewalTask(clientId, CredentialType.CERTIFICATE)).isEmpty();
  }

  @Test
  void givenAnswerRowOfAVanishedRequest_findOpenRenewalTask_isEmpty() {
    givenRequestsForTheApp(SR_REC);
    ivanti.stubFor(get(urlPathEqualTo(requestPath(SR_REC)))
        .willReturn(json(400, IvantiFixtures.sample("error-ism4000-invalid-key.json"))));

    assertThat(queue().findOpenRenewalTask(clientId, CredentialType.SECRET)).isEmpty();
  }
}
