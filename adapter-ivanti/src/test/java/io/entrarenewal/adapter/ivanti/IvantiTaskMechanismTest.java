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
import static io.entrarenewal.adapter.ivanti.IvantiFixtures.APP_ID;
import static io.entrarenewal.adapter.ivanti.IvantiFixtures.PARAMS;
import static io.entrarenewal.adapter.ivanti.IvantiFixtures.TASKS;
import static io.entrarenewal.adapter.ivanti.IvantiFixtures.TASK_REC;
import static io.entrarenewal.adapter.ivanti.IvantiFixtures.json;
import static io.entrarenewal.adapter.ivanti.IvantiFixtures.rows;
import static io.entrarenewal.adapter.ivanti.IvantiFixtures.task;
import static io.entrarenewal.adapter.ivanti.IvantiFixtures.taskPath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.entrarenewal.adapter.ivanti.IvantiSettings.Mechanism;
import io.entrarenewal.core.domain.ClientId;
import io.entrarenewal.core.domain.CredentialType;
import io.entrarenewal.core.domain.ExternalSystemException;
import io.entrarenewal.core.domain.ExternalSystemException.Kind;
import io.entrarenewal.core.domain.RenewalTask;
import io.entrarenewal.core.domain.RenewalTaskOrder;
import io.entrarenewal.core.domain.TaskId;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The alternative mechanism: renewal requests opened as tasks, chosen by configuration. */
class IvantiTaskMechanismTest {

  @RegisterExtension
  static WireMockExtension ivanti =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final String SUBJECT = "Entra credential renewal";
  private static final String OPEN_TASKS = "Subject eq 'Entra credential renewal'"
      + " and Status ne 'Fulfilled' and Status ne 'Closed' and Status ne 'Cancelled'"
      + " and Status ne 'Canceled' and Status ne 'Approval Rejected' and Status ne 'Rejected'"
      + " and Status ne 'Completed'";
  private static final String DETAILS = "AppID: " + APP_ID + "\nSecretType: Certificaat\n"
      + "App: Payroll API\nTenant: production\nExpires: 2026-12-20T00:00:00Z\nDaysLeft: 17\n";

  private final ClientId clientId = new ClientId(APP_ID);
  private final RenewalTaskOrder order = new RenewalTaskOrder(clientId,
      CredentialType.CERTIFICATE, "production", "Payroll API",
      Instant.parse("2026-12-20T00:00:00Z"), 17);

  private IvantiWorkQueue queue() {
    return IvantiWorkQueue.create(IvantiFixtures.settings(ivanti).pendingSubject(SUBJECT)
        .renewalRequests(IvantiSettings.RenewalRequests.notConfigured()
            .withMechanism(Mechanism.TASK_ASSIGNMENT))
        .build());
  }

  private static ObjectNode renewalTask(String details) {
    return task(TASK_REC, 4711, "Logged", null).put("Subject", SUBJECT).put("Details", details);
  }

  @Test
  void givenNoOpenTask_openRenewalTask_createsOneInTheTeamsQueueWithAnswerLines() {
    ivanti.stubFor(get(urlPathEqualTo(TASKS)).withQueryParam("$filter", equalTo(OPEN_TASKS))
        .willReturn(aResponse().withStatus(200)));
    ivanti.stubFor(post(urlPathEqualTo(TASKS))
        .willReturn(json(201, renewalTask(DETAILS).toString())));
    ivanti.stubFor(get(urlPathEqualTo(taskPath(TASK_REC)))
        .willReturn(okJson(renewalTask(DETAILS).toString())));

    TaskId id = queue().openRenewalTask(order);

    assertThat(id).isEqualTo(new TaskId(TASK_REC));
    ivanti.verify(postRequestedFor(urlPathEqualTo(TASKS)).withRequestBody(equalToJson("""
        {"Subject":"Entra credential renewal","Details":%s,
         "OwnerTeam":"Renewal Automation","Status":"Logged"}"""
        .formatted(new TextNode(DETAILS).toString()))));
  }

  @Test
  void givenOpenTaskWithHtmlLineBreaks_findOpenRenewalTask_findsItByItsDetails() {
    ivanti.stubFor(get(urlPathEqualTo(TASKS)).withQueryParam("$filter", equalTo(OPEN_TASKS))
        .willReturn(okJson(rows(renewalTask(
            "AppID: " + APP_ID.toUpperCase() + "<br/>SecretType: Cert<br>")))));

    assertThat(queue().findOpenRenewalTask(clientId, CredentialType.CERTIFICATE))
        .contains(new TaskId(TASK_REC));
    assertThat(queue().findOpenRenewalTask(clientId, CredentialType.SECRET)).isEmpty();
    ivanti.verify(0, getRequestedFor(urlPathEqualTo(PARAMS)));
  }

  @Test
  void givenOpenTask_openRenewalTask_returnsItWithoutCreating() {
    ivanti.stubFor(get(urlPathEqualTo(TASKS)).withQueryParam("$filter", equalTo(OPEN_TASKS))
        .willReturn(okJson(rows(renewalTask(DETAILS)))));

    assertThat(queue().openRenewalTask(order)).isEqualTo(new TaskId(TASK_REC));
    ivanti.verify(0, postRequestedFor(anyUrl()));
  }

  @Test
  void givenDetailsRewrittenByAWorkflow_openRenewalTask_isRefusedNamingTheTask() {
    ivanti.stubFor(get(urlPathEqualTo(TASKS)).willReturn(aResponse().withStatus(204)));
    ivanti.stubFor(post(urlPathEqualTo(TASKS))
        .willReturn(json(201, renewalTask(DETAILS).toString())));
    ivanti.stubFor(get(urlPathEqualTo(taskPath(TASK_REC)))
        .willReturn(okJson(renewalTask("Created by workflow").toString())));

    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> queue().openRenewalTask(order))
        .satisfies(e -> assertThat(e.kind()).isEqualTo(Kind.REFUSED))
        .withMessageContaining(TASK_REC);
  }

  @Test
  void givenTaskMechanism_findTask_readsTheAnswersFromTheDetails() {
    ivanti.stubFor(get(urlPathEqualTo(taskPath(TASK_REC)))
        .willReturn(okJson(renewalTask(DETAILS).toString())));

    RenewalTask task = queue().findTask(new TaskId(TASK_REC)).orElseThrow();

    assertThat(task.appIdParameter()).isEqualTo(APP_ID);
    assertThat(task.secretTypeParameter()).isEqualTo("Certificaat");
  }

  @Test
  void givenServiceRequestMechanism_findTask_neverTakesAnswersFromFreeText() {
    ivanti.stubFor(get(urlPathEqualTo(taskPath(TASK_REC)))
        .willReturn(okJson(renewalTask(DETAILS).toString())));
    IvantiWorkQueue queue = IvantiWorkQueue.create(IvantiFixtures.settings(ivanti).build());

    RenewalTask task = queue.findTask(new TaskId(TASK_REC)).orElseThrow();

    assertThat(task.appIdParameter()).isNull();
    assertThat(task.secretTypeParameter()).isNull();
  }

  @Test
  void givenTaskMechanismWithoutPendingSubject_settings_areRejected() {
    assertThatIllegalArgumentException().isThrownBy(() -> IvantiFixtures.settings(ivanti)
        .renewalRequests(IvantiSettings.RenewalRequests.notConfigured()
            .withMechanism(Mechanism.TASK_ASSIGNMENT)).build())
        .withMessageContaining("pending subject");
  }
}
