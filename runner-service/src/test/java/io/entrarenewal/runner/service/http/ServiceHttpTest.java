package io.entrarenewal.runner.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.entrarenewal.core.domain.ClientId;
import io.entrarenewal.core.domain.Credential;
import io.entrarenewal.core.domain.ExternalSystem;
import io.entrarenewal.core.domain.TaskId;
import io.entrarenewal.core.fakes.InMemoryWorkQueue.State;
import io.entrarenewal.core.fakes.World;
import io.entrarenewal.runner.service.Eventually;
import io.entrarenewal.runner.service.ServiceRuntime;
import io.entrarenewal.runner.service.ServiceWorld;
import io.entrarenewal.runner.service.http.PrometheusText.Sample;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Health and metrics over real HTTP, with the service running over core's fakes. */
class ServiceHttpTest {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ServiceWorld fakes = new ServiceWorld();
  private final HttpClient client = HttpClient.newHttpClient();
  private ServiceRuntime service;

  @AfterEach
  void stop() {
    if (service != null) {
      service.stop();
    }
  }

  @Test
  void givenRunningService_endpoints_reportHealthAndCredentialMetrics() throws Exception {
    TaskId task = fakes.secretTasks(1).get(0);
    ClientId app = new ClientId("aaaaaaaa-0000-0000-0000-000000000000");
    Credential old = fakes.world.directory.current("production", app).credentials().get(0);
    service = fakes.service("svc-1", 2, null, true);

    service.start();
    Eventually.until("the task is closed", () -> fakes.state(task) == State.CLOSED, WAIT);
    Eventually.until("the service is ready", () -> get("/health/ready").statusCode() == 200,
        WAIT);
    assertThat(service.engine().awaitIdle(WAIT)).isTrue();

    assertThat(get("/health/live").statusCode()).isEqualTo(200);
    JsonNode ready = JSON.readTree(get("/health/ready").body());
    assertThat(ready.path("checks").path("scan").path("status").asText()).isEqualTo("UP");
    // A collection clears weakly held gauge sources; the gauges must still read numbers.
    System.gc();
    List<Sample> metrics = scrape();
    assertThat(value(metrics, "renewal_credential_expiration_timestamp_seconds",
        Map.of("key_id", old.keyId().toString(), "tenant", "production", "app", "app-0",
            "type", "secret", "client_id", app.value())))
        .isEqualTo((double) World.NOW.plus(Duration.ofDays(10)).getEpochSecond());
    assertThat(value(metrics, "renewal_outcomes_total",
        Map.of("outcome", "renewed", "type", "secret"))).isEqualTo(1.0);
    assertThat(value(metrics, "renewal_tasks_total", Map.of("disposition", "closed")))
        .isEqualTo(1.0);
    assertThat(value(metrics, "renewal_duration_seconds_count", Map.of("outcome", "renewed")))
        .isEqualTo(1.0);
    assertThat(value(metrics, "renewal_external_call_seconds_count",
        Map.of("system", "directory", "operation", "addSecret", "result", "ok")))
        .isEqualTo(1.0);
    assertThat(value(metrics, "renewal_scan_credentials_seen", Map.of("tenant", "production")))
        .isGreaterThanOrEqualTo(1.0);
    assertThat(value(metrics, "renewal_system_up", Map.of("system", "vault"))).isEqualTo(1.0);
    assertThat(value(metrics, "renewal_tasks_in_flight", Map.of())).isZero();
  }

  @Test
  void givenDirectoryOutage_ready_turnsDownAndMetricsCountTheErrors() throws Exception {
    service = fakes.service("svc-1", 2, null, true);
    service.start();
    Eventually.until("the service is ready", () -> get("/health/ready").statusCode() == 200,
        WAIT);

    fakes.world.faults.outage(ExternalSystem.DIRECTORY);
    service.engine().scanOnce();

    HttpResponse<String> ready = get("/health/ready");
    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(JSON.readTree(ready.body()).path("checks").path("directory").path("status")
        .asText()).isEqualTo("DOWN");
    List<Sample> metrics = scrape();
    assertThat(value(metrics, "renewal_system_up", Map.of("system", "directory")))
        .isEqualTo(0.0);
    assertThat(value(metrics, "renewal_external_errors_total",
        Map.of("system", "directory", "kind", "unavailable"))).isGreaterThanOrEqualTo(1.0);
    assertThat(value(metrics, "renewal_scan_failures_total", Map.of("tenant", "production")))
        .isGreaterThanOrEqualTo(1.0);
  }

  @Test
  void givenNoScanYet_ready_isDownAndSaysWhy() throws Exception {
    fakes.world.faults.outage(ExternalSystem.DIRECTORY);
    service = fakes.service("svc-1", 2, null, true);
    service.start();

    HttpResponse<String> ready = get("/health/ready");

    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(JSON.readTree(ready.body()).path("checks").path("scan").path("detail").asText())
        .isEqualTo("no full scan yet");
  }

  @Test
  void givenPost_endpoint_refusesTheMethod() throws Exception {
    service = fakes.service("svc-1", 2, null, true);
    service.start();

    HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri("/metrics"))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(405);
  }

  private List<Sample> scrape() throws IOException, InterruptedException {
    HttpResponse<String> response = get("/metrics");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    return PrometheusText.parse(response.body());
  }

  private static double value(List<Sample> samples, String name, Map<String, String> labels) {
    Predicate<Sample> matches = s -> s.name().equals(name)
        && labels.entrySet().stream()
            .allMatch(l -> l.getValue().equals(s.labels().get(l.getKey())));
    List<Sample> found = samples.stream().filter(matches).toList();
    assertThat(found).as("samples of %s with %s", name, labels).hasSize(1);
    return found.get(0).value();
  }

  private HttpResponse<String> get(String path) {
    try {
      return client.send(HttpRequest.newBuilder(uri(path)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError("GET " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + service.httpPort() + path);
  }
}
