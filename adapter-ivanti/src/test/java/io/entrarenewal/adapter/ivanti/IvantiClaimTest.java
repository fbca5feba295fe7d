package io.entrarenewal.adapter.ivanti;

import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.entrarenewal.adapter.ivanti.IvantiFixtures.SR_REC;
import static io.entrarenewal.adapter.ivanti.IvantiFixtures.TASK_REC;
import static io.entrarenewal.adapter.ivanti.IvantiFixtures.task;
import static io.entrarenewal.adapter.ivanti.IvantiFixtures.taskPath;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.entrarenewal.core.domain.TaskId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Pins how a task is claimed: the owner is written only to a free task, then read back. */
class IvantiClaimTest {

  private static final String CLAIMANT = "svc-renewal-1";

  @RegisterExtension
  static WireMockExtension ivanti =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private final TaskId taskId = new TaskId(TASK_REC);

  private IvantiWorkQueue queue() {
    return IvantiWorkQueue.create(IvantiFixtures.settings(ivanti).build());
  }

  private void givenOwnerChangesOnWrite(String before, String after) {
    String scenario = "claim";
    ivanti.stubFor(get(urlPathEqualTo(taskPath(TASK_REC))).inScenario(scenario)
        .whenScenarioStateIs(Scenario.STARTED)
        .willReturn(okJson(task(TASK_REC, 4711, "Logged", SR_REC).put("Owner", before)
            .toString())));
    ivanti.stubFor(patch(urlPathEqualTo(taskPath(TASK_REC))).inScenario(scenario)
        .willReturn(okJson(task(TASK_REC, 4711, "Logged", SR_REC).toString()))
        .willSetStateTo("written"));
    ivanti.stubFor(get(urlPathEqualTo(taskPath(TASK_REC))).inScenario(scenario)
        .whenScenarioStateIs("written")
        .willReturn(okJson(task(TASK_REC, 4711, "Logged", SR_REC).put("Owner", after)
            .toString())));
  }

  @Test
  void givenFreeTask_claim_writesOwnerAndConfirmsByReadingBack() {
    givenOwnerChangesOnWrite("", CLAIMANT);

    boolean held = queue().claim(taskId, CLAIMANT);

    assertThat(held).isTrue();
    ivanti.verify(patchRequestedFor(urlPathEqualTo(taskPath(TASK_REC)))
        .withRequestBody(equalToJson("{\"Owner\":\"" + CLAIMANT + "\"}")));
  }

  @Test
  void givenAnotherWriterWinsTheRace_claim_isLost() {
    givenOwnerChangesOnWrite("", "svc-renewal-2");

    boolean held = queue().claim(taskId, CLAIMANT);

    assertThat(held).isFalse();
  }

  @Test
  void givenTaskOwnedBySomeoneElse_claim_isRefusedWithoutWriting() {
    givenOwnerChangesOnWrite("jdoe", "jdoe");

    boolean held = queue().claim(taskId, CLAIMANT);

    assertThat(held).isFalse();
    ivanti.verify(0, patchRequestedFor(anyUrl()));
  }

  @Test
  void givenTaskAlreadyHeldByClaimant_claim_holdsWithoutWriting() {
    givenOwnerChangesOnWrite(CLAIMANT, CLAIMANT);

    boolean held = queue().claim(taskId, CLAIMANT);

    assertThat(held).isTrue();
    ivanti.verify(0, patchRequestedFor(anyUrl()));
  }

  @Test
  void givenTaskNoLongerPending_claim_isRefusedWithoutWriting() {
    ivanti.stubFor(get(urlPathEqualTo(taskPath(TASK_REC)))
        .willReturn(okJson(task(TASK_REC, 4711, "Completed", SR_REC).toString())));

    boolean held = queue().claim(taskId, CLAIMANT);

    assertThat(held).isFalse();
    ivanti.verify(0, patchRequestedFor(anyUrl()));
  }
}
