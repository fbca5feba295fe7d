package io.entrarenewal.runner.service.dashboard;

import static io.entrarenewal.runner.service.dashboard.Samples.NOW;
import static io.entrarenewal.runner.service.dashboard.Samples.RENEW_BEFORE;
import static io.entrarenewal.runner.service.dashboard.Samples.certificateFinding;
import static io.entrarenewal.runner.service.dashboard.Samples.inDays;
import static io.entrarenewal.runner.service.dashboard.Samples.outcome;
import static io.entrarenewal.runner.service.dashboard.Samples.report;
import static io.entrarenewal.runner.service.dashboard.Samples.secretFinding;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The handlers mounted on the JDK's HTTP server, as the service mounts them. */
class DashboardHttpTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient client = HttpClient.newHttpClient();
  private final AtomicReference<Supplier<DashboardData>> source = new AtomicReference<>();
  private HttpServer server;

  @BeforeEach
  void startServer() throws Exception {
    source.set(DashboardHttpTest::sample);
    Dashboard dashboard = new Dashboard(() -> source.get().get(),
        Clock.fixed(NOW, ZoneOffset.UTC));
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    dashboard.handlers().forEach(server::createContext);
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  @Test
  void givenPage_get_servesHtmlWhoseStyleTheSecurityPolicyAllows() throws Exception {
    HttpResponse<String> response = get("/");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    String style = between(response.body(), "<style>", "</style>");
    String policy = response.headers().firstValue("Content-Security-Policy").orElseThrow();
    assertThat(policy).contains("default-src 'none'", "style-src '" + sha256(style) + "'")
        .doesNotContain("unsafe-inline", "script-src");
    assertThat(response.body()).contains("HR-Portal", "Legacy-Cert-App");
  }

  @Test
  void givenCredentialsApi_get_servesTheSameRowsAsJson() throws Exception {
    HttpResponse<String> response = get("/api/credentials");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode root = JSON.readTree(response.body());
    assertThat(root.path("lastScan").asText()).isEqualTo(NOW.toString());
    assertThat(root.path("renewBeforeDays").asInt()).isEqualTo(30);
    JsonNode tenant = root.path("tenants").get(0);
    assertThat(tenant.path("tenant").asText()).isEqualTo("production");
    assertThat(tenant.path("appsSeen").asLong()).isEqualTo(5);
    JsonNode first = tenant.path("credentials").get(0);
    assertThat(first.path("app").asText()).isEqualTo("Legacy-Cert-App");
    assertThat(first.path("type").asText()).isEqualTo("Certificate");
    assertThat(first.path("daysLeft").asLong()).isEqualTo(-3);
    assertThat(first.path("status").asText()).isEqualTo("expired");
    assertThat(first.path("action").asText()).isEqualTo("TASK_NEEDED");
    assertThat(first.path("task").isNull()).isTrue();
    JsonNode second = tenant.path("credentials").get(1);
    assertThat(second.path("app").asText()).isEqualTo("HR-Portal");
    assertThat(second.path("status").asText()).isEqualTo("due");
    assertThat(second.path("task").asText()).startsWith("T");
  }

  @Test
  void givenOutcomesApi_get_servesThemNewestFirst() throws Exception {
    HttpResponse<String> response = get("/api/outcomes");

    JsonNode outcomes = JSON.readTree(response.body()).path("outcomes");
    assertThat(outcomes).hasSize(2);
    assertThat(outcomes.get(0).path("app").asText()).isEqualTo("Orphan-App");
    assertThat(outcomes.get(0).path("outcome").asText()).isEqualTo("handed over");
    assertThat(outcomes.get(0).path("reason").asText()).isEqualTo("No vault entry");
    assertThat(outcomes.get(1).path("app").asText()).isEqualTo("HR-Portal");
  }

  @Test
  void givenOtherPathBelowPage_get_answersNotFound() throws Exception {
    assertThat(get("/favicon.ico").statusCode()).isEqualTo(404);
    assertThat(get("/api/credentials/extra").statusCode()).isEqualTo(404);
  }

  @Test
  void givenPost_anyHandler_answersMethodNotAllowed() throws Exception {
    HttpResponse<String> response = client.send(request("/api/outcomes")
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD");
  }

  @Test
  void givenHead_page_answersHeadersWithoutBody() throws Exception {
    HttpResponse<String> response = client.send(request("/")
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEmpty();
  }

  @Test
  void givenDataUnavailable_get_answersServiceUnavailableWithoutDetails() throws Exception {
    source.set(() -> {
      throw new IllegalStateException("state store at /secret/place is locked");
    });

    HttpResponse<String> response = get("/");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.body()).doesNotContain("/secret/place");
  }

  @Test
  void givenNewData_get_showsItWithoutRestart() throws Exception {
    source.set(() -> new DashboardData(Map.of("education",
        report(secretFinding("education", "Student-Portal_OND", inDays(10)))), List.of(), NOW,
        RENEW_BEFORE));

    assertThat(get("/").body()).contains("Student-Portal_OND").doesNotContain("HR-Portal");
  }

  private static DashboardData sample() {
    return new DashboardData(Map.of("production", report(
        secretFinding("production", "HR-Portal", inDays(12)),
        certificateFinding("production", "Legacy-Cert-App", inDays(-3)))),
        List.of(outcome("production", "HR-Portal", "renewed", "Renewed and verified", 30),
            outcome("production", "Orphan-App", "handed over", "No vault entry", 2)),
        NOW, RENEW_BEFORE);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return client.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(
        "http://127.0.0.1:" + server.getAddress().getPort() + path));
  }

  private static String between(String text, String start, String end) {
    int from = text.indexOf(start) + start.length();
    return text.substring(from, text.indexOf(end, from));
  }

  private static String sha256(String text) throws Exception {
    byte[] digest = MessageDigest.getInstance("SHA-256")
        .digest(text.getBytes(StandardCharsets.UTF_8));
    return "sha256-" + Base64.getEncoder().encodeToString(digest);
  }
}
