package io.entrarenewal.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Injected faults: resets, hangs, throttling, malformed bodies and lost replies. */
class FaultsTest {

  private static Sandbox sandbox;
  private static TestClient client;
  private static String tenantId;
  private static String adminToken;

  @BeforeAll
  static void start() throws Exception {
    sandbox = Sandbox.start(SandboxOptions.defaults().withWorld(SandboxOptions.WorldKind.EMPTY));
    client = new TestClient(sandbox);
    tenantId = sandbox.world().tenant("production").tenantId();
    adminToken = client.administratorToken(tenantId, "Fault-Admin");
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  @AfterEach
  void clearFaults() {
    sandbox.faults().clear();
  }

  private static HttpResponse<String> addPassword(String objectId) throws Exception {
    return client.postJson(URI.create(sandbox.graphBaseUri() + "/applications/" + objectId
        + "/addPassword"), "{}", "Authorization", "Bearer " + adminToken);
  }

  @Test
  void givenDropReply_addPassword_takesEffectButTheClientGetsNoAnswer() {
    SandboxState.AppView app = sandbox.state().createApp(tenantId, "Dropped", false);
    sandbox.faults().inject("POST", "/v1\\.0/applications/[^/]+/addPassword", 1,
        Fault.dropReply());

    assertThatThrownBy(() -> addPassword(app.objectId())).isInstanceOf(IOException.class);
    assertThat(sandbox.state().app(tenantId, app.appId()).orElseThrow().secrets()).hasSize(1);
    assertThat(sandbox.state().requestCount("graph.addPassword")).isGreaterThanOrEqualTo(1);
  }

  @Test
  void givenReset_addPassword_failsAndChangesNothingThenRecovers() throws Exception {
    SandboxState.AppView app = sandbox.state().createApp(tenantId, "Reset", false);
    sandbox.faults().inject("POST", ".*/addPassword", 1, Fault.reset());

    assertThatThrownBy(() -> addPassword(app.objectId())).isInstanceOf(IOException.class);
    assertThat(sandbox.state().app(tenantId, app.appId()).orElseThrow().secrets()).isEmpty();
    assertThat(addPassword(app.objectId()).statusCode()).isEqualTo(200);
  }

  @Test
  void givenThrottling_requests_get429WithRetryAfterForTheNextCallsOnly() throws Exception {
    sandbox.faults().inject("GET", "/v1\\.0/applications", 2, Fault.throttled(429, 7));
    URI list = URI.create(sandbox.graphBaseUri() + "/applications?$top=1");

    HttpResponse<String> first = client.get(list, "Authorization", "Bearer " + adminToken);
    HttpResponse<String> second = client.get(list, "Authorization", "Bearer " + adminToken);
    HttpResponse<String> third = client.get(list, "Authorization", "Bearer " + adminToken);

    assertThat(first.statusCode()).isEqualTo(429);
    assertThat(first.headers().firstValue("Retry-After")).hasValue("7");
    assertThat(second.statusCode()).isEqualTo(429);
    assertThat(third.statusCode()).isEqualTo(200);
  }

  @Test
  void givenHang_request_timesOutOnTheClient() {
    sandbox.faults().inject("GET", "/api/passwords/.*", 1, Fault.hang(Duration.ofSeconds(30)));
    HttpRequest request = HttpRequest.newBuilder(URI.create(sandbox.passwordstateBaseUri()
        + "/api/passwords/1")).timeout(Duration.ofMillis(300)).build();

    assertThatThrownBy(() -> client.send(request)).isInstanceOf(HttpTimeoutException.class);
  }

  @Test
  void givenMalformedJsonAndStatus_replies_comeAsInjected() throws Exception {
    sandbox.faults().inject("GET", ".*businessobject.*", 1, Fault.malformedJson());
    sandbox.faults().inject("GET", ".*businessobject.*", 1,
        Fault.status(503, "text/plain", "busy"));
    URI tasks = URI.create(sandbox.ivantiBaseUri() + "/api/odata/businessobject/Tasks");

    HttpResponse<String> malformed = client.get(tasks);
    HttpResponse<String> unavailable = client.get(tasks);

    assertThatThrownBy(() -> Http.JSON.readTree(malformed.body()))
        .isInstanceOf(IOException.class);
    assertThat(unavailable.statusCode()).isEqualTo(503);
    assertThat(unavailable.body()).isEqualTo("busy");
  }

  @Test
  void givenLatency_request_isServedAfterTheDelay() throws Exception {
    sandbox.faults().inject("GET", "/v1\\.0/applications", 1,
        Fault.latency(Duration.ofMillis(400)));
    long started = System.nanoTime();

    HttpResponse<String> response = client.get(URI.create(sandbox.graphBaseUri()
        + "/applications?$top=1"), "Authorization", "Bearer " + adminToken);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(
        Duration.ofMillis(400));
  }

  @Test
  void givenGate_addPassword_takesEffectOnlyOnceTheGateOpens() throws Exception {
    SandboxState.AppView app = sandbox.state().createApp(tenantId, "Gated", false);
    Fault.Gate gate = Fault.gate();
    sandbox.faults().inject("POST", ".*/addPassword", 1, gate);
    long before = sandbox.state().requestCount("graph.addPassword");

    CompletableFuture<HttpResponse<String>> reply = CompletableFuture.supplyAsync(() -> {
      try {
        return addPassword(app.objectId());
      } catch (Exception e) {
        throw new CompletionException(e);
      }
    });
    awaitArrival("graph.addPassword", before + 1);
    assertThat(sandbox.state().app(tenantId, app.appId()).orElseThrow().secrets())
        .as("held at the gate").isEmpty();
    assertThat(reply).isNotDone();
    gate.open();

    assertThat(reply.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    assertThat(sandbox.state().app(tenantId, app.appId()).orElseThrow().secrets()).hasSize(1);
  }

  private static void awaitArrival(String endpoint, long count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (sandbox.state().requestCount(endpoint) < count) {
      assertThat(System.nanoTime() - deadline).as("%s arrived in time", endpoint).isNegative();
      Thread.sleep(10);
    }
  }
}
