package io.entrarenewal.adapter.ivanti;

import io.entrarenewal.core.domain.CredentialType;
import io.entrarenewal.core.domain.RetryPolicy;
import io.entrarenewal.core.domain.Secret;
import io.entrarenewal.sandbox.Sandbox;
import io.entrarenewal.sandbox.World;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The adapter's view of the sandbox's Ivanti: settings for its demo tenant, and the few ways a
 * test arranges or inspects records there without going through the adapter under test.
 *
 * <p>Limitation: the sandbox serves REST API keys only, not the session login, so
 * {@link IvantiSettings.SessionLogin} is tested against WireMock alone.
 */
final class SandboxIvanti {

  static final String TASKS = "Task__Assignments";
  static final String SERVICE_REQS = "ServiceReqs";
  static final String PARAMS = "ServiceReqParams";
  static final String NOTES = "Journal__Notess";
  /** The sandbox does not check the requester; any record id stands for the employee. */
  static final String REQUESTER = "2F851094BFE5437C97D19871D1C539C7";

  private final Sandbox sandbox;
  private final HttpClient http;

  SandboxIvanti(Sandbox sandbox) {
    this.sandbox = sandbox;
    this.http = HttpClient.newBuilder().sslContext(sandbox.clientSslContext()).build();
  }

  World.Ivanti world() {
    return sandbox.world().ivanti();
  }

  /** The scheme, host and port of the sandbox's Ivanti, without any path prefix. */
  URI host() {
    URI base = sandbox.ivantiBaseUri();
    return URI.create(base.getScheme() + "://" + base.getRawAuthority());
  }

  /** Settings for the demo tenant: its key, team, offering and the sandbox's CA. */
  IvantiSettings.Builder settings() {
    World.Ivanti ivanti = world();
    return IvantiSettings.builder(host(), new IvantiSettings.ApiKey(Secret.of(ivanti.apiKey())))
        .ownerTeam(ivanti.automationTeam())
        .trustStore(sandbox.trustStore())
        .retryPolicy(new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(5)))
        .timeouts(Duration.ofSeconds(5), Duration.ofSeconds(10))
        .renewalRequests(IvantiSettings.RenewalRequests.notConfigured()
            .withOffering(ivanti.subscriptionId(), ivanti.parameterIds().get("AppID"),
                ivanti.parameterIds().get("SecretType"), REQUESTER)
            .withSecretTypeOptionIds(Map.of(
                CredentialType.SECRET, ivanti.secretTypeOptionIds().get("Secret"),
                CredentialType.CERTIFICATE, ivanti.secretTypeOptionIds().get("Certificaat"))));
  }

  /** A client id no test has used before. */
  static String newAppId() {
    return UUID.randomUUID().toString();
  }

  /** A record id that names nothing. */
  static String unknownRecId() {
    return UUID.randomUUID().toString().replace("-", "").toUpperCase(Locale.ROOT);
  }

  /** Opens a service request with a Logged task for the automation team; the task's RecId. */
  String pendingTask(String appId, String secretType) {
    return sandbox.state().openRenewalTask(appId, secretType);
  }

  /** The record of an entity set as the sandbox holds it. */
  Map<String, Object> record(String set, String recId) {
    return sandbox.state().ivantiRecord(set, recId).orElseThrow(() ->
        new AssertionError("the sandbox has no " + set + " record " + recId));
  }

  /** The records of an entity set whose field equals the value. */
  List<Map<String, Object>> records(String set, String field, String value) {
    return sandbox.state().ivantiRecords(set).stream()
        .filter(r -> Objects.equals(value, String.valueOf(r.get(field)))).toList();
  }

  /** The record ids of the service requests holding this AppID answer. */
  List<String> requestsFor(String appId) {
    return records(PARAMS, "ParameterValue", appId).stream()
        .filter(p -> "AppID".equals(p.get("ParameterName")))
        .map(p -> String.valueOf(p.get("ParentLink_RecID"))).distinct().toList();
  }

  /**
   * Changes a record as a human or the tenant's workflow would, through the API rather than
   * the adapter under test.
   */
  void change(String set, String recId, String json) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(sandbox.ivantiBaseUri()
            + "/api/odata/businessobject/" + set + "('" + recId + "')"))
        .header("Authorization", "rest_api_key=" + world().apiKey())
        .header("Content-Type", "application/json")
        .method("PATCH", HttpRequest.BodyPublishers.ofString(json))
        .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("the sandbox refused to change " + set + " " + recId
            + ": HTTP " + response.statusCode());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** The raw reply to a query, to see which of Ivanti's "no rows" shapes the sandbox uses. */
  HttpResponse<String> query(String set, String filter) throws IOException, InterruptedException {
    String encoded = URLEncoder.encode(filter, StandardCharsets.UTF_8)
        .replace("+", "%20");
    HttpRequest request = HttpRequest.newBuilder(URI.create(sandbox.ivantiBaseUri()
            + "/api/odata/businessobject/" + set + "?$filter=" + encoded))
        .header("Authorization", "rest_api_key=" + world().apiKey())
        .GET().build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
