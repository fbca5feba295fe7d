package io.entrarenewal.adapter.ivanti;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
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
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.entrarenewal.adapter.ivanti.IvantiFixtures.SR_REC;
import static io.entrarenewal.adapter.ivanti.IvantiFixtures.TASK_REC;
import static io.entrarenewal.adapter.ivanti.IvantiFixtures.answersOf;
import static io.entrarenewal.adapter.ivanti.IvantiFixtures.json;
import static io.entrarenewal.adapter.ivanti.IvantiFixtures.sample;
import static io.entrarenewal.adapter.ivanti.IvantiFixtures.task;
import static io.entrarenewal.adapter.ivanti.IvantiFixtures.taskPath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.entrarenewal.core.domain.ExternalSystemException;
import io.entrarenewal.core.domain.ExternalSystemException.Kind;
import io.entrarenewal.core.domain.RefusalReason;
import io.entrarenewal.core.domain.RefusedException;
import io.entrarenewal.core.domain.RenewalTask;
import io.entrarenewal.core.domain.Resolution;
import io.entrarenewal.core.domain.RetryPolicy;
import io.entrarenewal.core.domain.Secret;
import io.entrarenewal.core.domain.TaskId;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Faults, throttling, credentials and odd bodies: what is repeated and how failures read. */
class IvantiFaultTest {

  @RegisterExtension
  static WireMockExtension ivanti =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private final TaskId taskId = new TaskId(TASK_REC);
  private final Resolution done = new Resolution("done", Duration.ofMinutes(1));

  private IvantiWorkQueue queue() {
    return IvantiWorkQueue.create(IvantiFixtures.settings(ivanti).build());
  }

  private void givenFirstTaskReadFails(ResponseDefinitionBuilder failure) {
    ivanti.stubFor(get(urlPathEqualTo(taskPath(TASK_REC))).inScenario("flaky")
        .whenScenarioStateIs(Scenario.STARTED).willReturn(failure).willSetStateTo("recovered"));
    ivanti.stubFor(get(urlPathEqualTo(taskPath(TASK_REC))).inScenario("flaky")
        .whenScenarioStateIs("recovered")
        .willReturn(okJson(task(TASK_REC, 4711, "Logged", null).toString())));
  }

  private static ExternalSystemException.Kind kindOf(Throwable e) {
    return ((ExternalSystemException) e).kind();
  }

  @Test
  void givenServiceUnavailableOnce_findTask_readsAgain() {
    givenFirstTaskReadFails(aResponse().withStatus(503));

    assertThat(queue().findTask(taskId)).isPresent();
    ivanti.verify(2, getRequestedFor(urlPathEqualTo(taskPath(TASK_REC))));
  }

  @Test
  void givenConnectionResetOnce_findTask_readsAgain() {
    givenFirstTaskReadFails(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));

    assertThat(queue().findTask(taskId)).isPresent();
  }

  @Test
  void givenTimeoutOnce_findTask_readsAgain() {
    givenFirstTaskReadFails(okJson("{}").withFixedDelay(2000));

    assertThat(queue().findTask(taskId)).isPresent();
  }

  @Test
  void givenThrottlingWithRetryAfter_findTask_waitsAsLongAsAsked() {
    givenFirstTaskReadFails(aResponse().withStatus(429).withHeader("Retry-After", "1"));
    IvantiWorkQueue queue = IvantiWorkQueue.create(IvantiFixtures.settings(ivanti)
        .retryPolicy(new RetryPolicy(2, Duration.ofMillis(1), Duration.ofSeconds(2))).build());
    long started = System.nanoTime();

    assertThat(queue.findTask(taskId)).isPresent();

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(
        Duration.ofMillis(950));
  }

  @Test
  void givenServerErrorOnEveryAttempt_findTask_isUnavailableAfterTheConfiguredAttempts() {
    ivanti.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(500)
        .withBody("{\"code\":\"ISM_5000\",\"SessionId\":\"leaky-session-id\"}")));

    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> queue().findTask(taskId))
        .satisfies(e -> assertThat(kindOf(e)).isEqualTo(Kind.UNAVAILABLE))
        .withMessageContaining("HTTP 500")
        .withMessageNotContaining("leaky-session-id");
    ivanti.verify(3, getRequestedFor(urlPathEqualTo(taskPath(TASK_REC))));
  }

  @Test
  void givenNothingListening_findTask_isUnavailable() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    IvantiWorkQueue queue = IvantiWorkQueue.create(IvantiSettings
        .builder(URI.create("http://127.0.0.1:" + closedPort),
            new IvantiSettings.ApiKey(Secret.of("k")))
        .ownerTeam("team").retryPolicy(new RetryPolicy(2, Duration.ZERO, Duration.ZERO))
        .build());

    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> queue.findTask(taskId))
        .satisfies(e -> assertThat(kindOf(e)).isEqualTo(Kind.UNAVAILABLE))
        .withMessageContaining("could not connect");
  }

  @Test
  void givenMalformedJson_findTask_isUnavailable() {
    ivanti.stubFor(get(anyUrl()).willReturn(okJson("{\"RecId\": ")));

    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> queue().findTask(taskId))
        .satisfies(e -> assertThat(kindOf(e)).isEqualTo(Kind.UNAVAILABLE))
        .withMessageContaining("malformed JSON");
  }

  @Test
  void givenHtmlPage_findTask_isUnavailableAndSaysSo() {
    ivanti.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "text/html").withBody("<html><body>Sign in</body></html>")));

    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> queue().findTask(taskId))
        .satisfies(e -> assertThat(kindOf(e)).isEqualTo(Kind.UNAVAILABLE))
        .withMessageContaining("HTML");
  }

  @Test
  void givenWrongApiKey_findTask_isRefusedNamingTheTenantButNotTheKey() {
    ivanti.stubFor(get(anyUrl()).willReturn(json(401, sample(
        "error-ism4001-unauthorized-doc.json"))));

    assertThatExceptionOfType(RefusedException.class)
        .isThrownBy(() -> queue().findTask(taskId))
        .satisfies(e -> assertThat(e.reason()).isEqualTo(RefusalReason.PERMISSION_MISSING))
        .withMessageContaining(ivanti.baseUrl())
        .withMessageContaining("ISM_4001")
        .withMessageNotContaining(IvantiFixtures.API_KEY);
    ivanti.verify(1, getRequestedFor(anyUrl()));
  }

  @Test
  void givenUnknownEntitySet_findTask_isRefusedWithAHintAboutThePathPrefix() {
    ivanti.stubFor(get(anyUrl()).willReturn(json(404,
        "{\"code\":\"ISM_4004\",\"description\":\"Not Found\"}")));

    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> queue().findTask(taskId))
        .satisfies(e -> assertThat(kindOf(e)).isEqualTo(Kind.REFUSED))
        .withMessageContaining("/HEAT");
  }

  @Test
  void givenTimeoutOnPatch_close_isAmbiguousAndNotRepeated() {
    ivanti.stubFor(get(urlPathEqualTo(taskPath(TASK_REC)))
        .willReturn(okJson(task(TASK_REC, 4711, "Logged", null).toString())));
    ivanti.stubFor(patch(anyUrl()).willReturn(okJson("{}").withFixedDelay(2000)));

    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> queue().close(taskId, done))
        .satisfies(e -> assertThat(kindOf(e)).isEqualTo(Kind.AMBIGUOUS))
        .withMessageContaining("may or may not");
    ivanti.verify(1, patchRequestedFor(anyUrl()));
  }

  @Test
  void givenResetOnPatch_close_isAmbiguousAndNotRepeated() {
    ivanti.stubFor(get(urlPathEqualTo(taskPath(TASK_REC)))
        .willReturn(okJson(task(TASK_REC, 4711, "Logged", null).toString())));
    ivanti.stubFor(patch(anyUrl()).willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));

    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> queue().close(taskId, done))
        .satisfies(e -> assertThat(kindOf(e)).isEqualTo(Kind.AMBIGUOUS));
    ivanti.verify(1, patchRequestedFor(anyUrl()));
  }

  @Test
  void givenServerErrorOnPatch_close_isAmbiguousAndNotRepeated() {
    ivanti.stubFor(get(urlPathEqualTo(taskPath(TASK_REC)))
        .willReturn(okJson(task(TASK_REC, 4711, "Logged", null).toString())));
    ivanti.stubFor(patch(anyUrl()).willReturn(aResponse().withStatus(502)));

    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> queue().close(taskId, done))
        .satisfies(e -> assertThat(kindOf(e)).isEqualTo(Kind.AMBIGUOUS));
    ivanti.verify(1, patchRequestedFor(anyUrl()));
  }

  @Test
  void givenThrottledPatch_close_sendsItAgainBecauseNothingWasProcessed() {
    ivanti.stubFor(get(urlPathEqualTo(taskPath(TASK_REC))).inScenario("close")
        .whenScenarioStateIs(Scenario.STARTED)
        .willReturn(okJson(task(TASK_REC, 4711, "Logged", null).toString())));
    ivanti.stubFor(patch(anyUrl()).inScenario("close").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(429)).willSetStateTo("throttled"));
    ivanti.stubFor(patch(anyUrl()).inScenario("close").whenScenarioStateIs("throttled")
        .willReturn(okJson("{}")).willSetStateTo("closed"));
    ivanti.stubFor(get(urlPathEqualTo(taskPath(TASK_REC))).inScenario("close")
        .whenScenarioStateIs("closed")
        .willReturn(okJson(task(TASK_REC, 4711, "Completed", null).toString())));

    queue().close(taskId, done);

    ivanti.verify(2, patchRequestedFor(anyUrl()));
  }

  @Test
  void givenSessionLogin_firstCall_logsInAndSendsTheSessionIdAsItIs() {
    String sessionId = "tenant.example.org#0123456789ABCDEF0123456789ABCDEF#2";
    ivanti.stubFor(post(urlPathEqualTo("/HEAT/api/rest/authentication/login"))
        .willReturn(okJson("\"" + sessionId + "\"")));
    ivanti.stubFor(get(urlPathEqualTo("/HEAT" + taskPath(TASK_REC)))
        .withHeader("Authorization", equalTo(sessionId))
        .willReturn(okJson(task(TASK_REC, 4711, "Logged", null).toString())));
    IvantiWorkQueue queue = IvantiWorkQueue.create(IvantiSettings
        .builder(URI.create(ivanti.baseUrl()), new IvantiSettings.SessionLogin(
            "tenant.example.org", "svc_renewal", Secret.of("Pa55-DoNotLeak"), "Admin"))
        .onPremises().ownerTeam("team").build());

    assertThat(queue.findTask(taskId)).isPresent();
    assertThat(queue.findTask(taskId)).isPresent();

    ivanti.verify(1, postRequestedFor(urlPathEqualTo("/HEAT/api/rest/authentication/login"))
        .withRequestBody(equalToJson("""
            {"tenant":"tenant.example.org","username":"svc_renewal",
             "password":"Pa55-DoNotLeak","role":"Admin"}""")));
  }

  @Test
  void givenSessionLoginAndManyThreads_findTask_logsInOnceAndServesThemAll() throws Exception {
    ivanti.stubFor(post(urlPathEqualTo("/api/rest/authentication/login"))
        .willReturn(okJson("\"shared-session\"")));
    ivanti.stubFor(get(urlPathEqualTo(taskPath(TASK_REC)))
        .withHeader("Authorization", equalTo("shared-session"))
        .willReturn(okJson(task(TASK_REC, 4711, "Logged", null).toString())));
    IvantiWorkQueue queue = IvantiWorkQueue.create(IvantiSettings
        .builder(URI.create(ivanti.baseUrl()), new IvantiSettings.SessionLogin(
            "tenant", "svc_renewal", Secret.of("pw"), "Admin"))
        .ownerTeam("team").build());
    ExecutorService threads = Executors.newFixedThreadPool(8);

    try {
      List<Future<Optional<RenewalTask>>> results = threads.invokeAll(
          Collections.nCopies(16, () -> queue.findTask(taskId)));
      for (Future<Optional<RenewalTask>> result : results) {
        assertThat(result.get()).isPresent();
      }
    } finally {
      threads.shutdownNow();
    }

    ivanti.verify(1, postRequestedFor(urlPathEqualTo("/api/rest/authentication/login")));
    ivanti.verify(16, getRequestedFor(urlPathEqualTo(taskPath(TASK_REC))));
  }

  @Test
  void givenExpiredSession_findTask_logsInOnceMoreAndRepeatsTheCall() {
    ivanti.stubFor(post(urlPathEqualTo("/api/rest/authentication/login")).inScenario("login")
        .whenScenarioStateIs(Scenario.STARTED).willReturn(okJson("\"old-session\""))
        .willSetStateTo("second"));
    ivanti.stubFor(post(urlPathEqualTo("/api/rest/authentication/login")).inScenario("login")
        .whenScenarioStateIs("second").willReturn(okJson("\"new-session\"")));
    ivanti.stubFor(get(anyUrl()).withHeader("Authorization", equalTo("old-session"))
        .willReturn(json(401, sample("error-ism4001-unauthorized-doc.json"))));
    ivanti.stubFor(get(anyUrl()).withHeader("Authorization", equalTo("new-session"))
        .willReturn(okJson(task(TASK_REC, 4711, "Logged", null).toString())));
    IvantiWorkQueue queue = IvantiWorkQueue.create(IvantiSettings
        .builder(URI.create(ivanti.baseUrl()), new IvantiSettings.SessionLogin(
            "tenant", "svc_renewal", Secret.of("pw"), "Admin"))
        .ownerTeam("team").build());

    assertThat(queue.findTask(taskId)).isPresent();

    ivanti.verify(2, postRequestedFor(urlPathEqualTo("/api/rest/authentication/login")));
  }

  @Test
  void givenRefusedLogin_findTask_isRefusedNamingUserButNotPassword() {
    ivanti.stubFor(post(urlPathEqualTo("/api/rest/authentication/login"))
        .willReturn(json(400, "{\"code\":\"ISM_4000\",\"message\":[\"Invalid login\"]}")));
    IvantiWorkQueue queue = IvantiWorkQueue.create(IvantiSettings
        .builder(URI.create(ivanti.baseUrl()), new IvantiSettings.SessionLogin(
            "tenant", "svc_renewal", Secret.of("Pa55-DoNotLeak"), "Admin"))
        .ownerTeam("team").build());

    assertThatExceptionOfType(RefusedException.class)
        .isThrownBy(() -> queue.findTask(taskId))
        .withMessageContaining("svc_renewal")
        .withMessageNotContaining("Pa55-DoNotLeak");
    ivanti.verify(0, getRequestedFor(anyUrl()));
  }

  @Test
  void givenUnknownFieldsAndAnswersOfAnotherShape_findTask_ignoresWhatItDoesNotRead() {
    ivanti.stubFor(get(urlPathEqualTo(taskPath(TASK_REC)))
        .willReturn(okJson(task(TASK_REC, 4711, "Logged", SR_REC)
            .put("AssignmentID", "4711").put("Extra", 12.5).toString())));
    ivanti.stubFor(answersOf(SR_REC));

    assertThat(queue().findTask(taskId)).get()
        .satisfies(t -> assertThat(t.reference()).isEqualTo("4711"));
  }
}
