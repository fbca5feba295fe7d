package io.entrarenewal.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The token endpoint's checks and Entra-shaped errors, over raw HTTP. */
class TokenEndpointTest {

  private static Sandbox sandbox;
  private static TestClient client;
  private static String tenantId;

  @BeforeAll
  static void start() {
    sandbox = Sandbox.start(SandboxOptions.defaults().withWorld(SandboxOptions.WorldKind.EMPTY));
    client = new TestClient(sandbox);
    tenantId = sandbox.world().tenant("production").tenantId();
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  private static void assertEntraError(HttpResponse<String> response, int status, String error,
      int code) throws Exception {
    assertThat(response.statusCode()).isEqualTo(status);
    JsonNode body = TestClient.json(response);
    assertThat(body.path("error").asText()).isEqualTo(error);
    assertThat(body.path("error_codes").get(0).asInt()).isEqualTo(code);
    assertThat(body.path("error_description").asText()).startsWith("AADSTS" + code + ": ")
        .contains("\r\nTrace ID: ").contains("\r\nCorrelation ID: ");
    assertThat(body.path("error_uri").asText()).endsWith("?code=" + code);
    assertThat(body.path("timestamp").asText())
        .matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ");
  }

  @Test
  void givenSecretWithinPropagationDelay_token_isRefusedWith7000215UntilItPropagates()
      throws Exception {
    SandboxState.AppView admin = sandbox.state().createApp(tenantId, "Delay-Admin", true);
    String adminSecret = sandbox.state().addSecret(tenantId, admin.appId(), Duration.ofDays(9));
    SandboxState.AppView app = sandbox.state().createApp(tenantId, "Delayed", false);
    sandbox.state().setPropagationDelay(tenantId, Duration.ofHours(1));
    try {
      String token = client.tokenWithSecret(tenantId, admin.appId(), adminSecret);
      HttpResponse<String> added = client.postJson(
          java.net.URI.create(sandbox.graphBaseUri() + "/applications/" + app.objectId()
              + "/addPassword"), "{\"passwordCredential\":{\"displayName\":\"new\"}}",
          "Authorization", "Bearer " + token);
      String secret = TestClient.json(added).path("secretText").asText();

      HttpResponse<String> response = client.postForm(sandbox.tokenEndpoint(tenantId),
          TestClient.secretForm(app.appId(), secret));

      assertEntraError(response, 401, "invalid_client", 7000215);
      sandbox.state().setPropagationDelay(tenantId, Duration.ZERO);
    } finally {
      sandbox.state().setPropagationDelay(tenantId, Duration.ZERO);
    }
  }

  @Test
  void givenExpiredSecret_token_isRefusedWith7000222() throws Exception {
    SandboxState.AppView app = sandbox.state().createApp(tenantId, "Expired-Secret", false);
    String secret = sandbox.state().addSecret(tenantId, app.appId(), Duration.ofDays(1));
    UUID keyId = sandbox.state().app(tenantId, app.appId()).orElseThrow().secrets().get(0)
        .keyId();
    sandbox.state().expireCredential(tenantId, app.appId(), keyId);

    HttpResponse<String> response = client.postForm(sandbox.tokenEndpoint(tenantId),
        TestClient.secretForm(app.appId(), secret));

    assertEntraError(response, 401, "invalid_client", 7000222);
  }

  @Test
  void givenSecretInBasicAuth_token_isIssued() throws Exception {
    SandboxState.AppView app = sandbox.state().createApp(tenantId, "Basic-Secret", false);
    String secret = sandbox.state().addSecret(tenantId, app.appId(), Duration.ofDays(1));
    String basic = Base64.getEncoder().encodeToString((Http.encode(app.appId()) + ":"
        + Http.encode(secret)).getBytes(java.nio.charset.StandardCharsets.UTF_8));

    HttpResponse<String> response = client.postForm(sandbox.tokenEndpoint(tenantId), Map.of(
        "grant_type", "client_credentials", "scope", "https://graph.microsoft.com/.default"),
        "Authorization", "Basic " + basic);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(TestClient.json(response).path("token_type").asText()).isEqualTo("Bearer");
    assertThat(TestClient.json(response).path("expires_in").asInt()).isEqualTo(3599);
  }

  @Test
  void givenTheSandboxGraphAddressAsScope_token_isRefusedAsEntraWould() throws Exception {
    SandboxState.AppView app = sandbox.state().createApp(tenantId, "Own-Cloud-Scope", false);
    String secret = sandbox.state().addSecret(tenantId, app.appId(), Duration.ofDays(1));
    java.net.URI graph = sandbox.graphBaseUri();
    Map<String, String> form = new java.util.HashMap<>(TestClient.secretForm(app.appId(), secret));
    form.put("scope", graph.getScheme() + "://" + graph.getAuthority() + "/.default");

    HttpResponse<String> response = client.postForm(sandbox.tokenEndpoint(tenantId), form);

    // Entra knows Graph by its resource name, never by the address a stand-in serves it on.
    assertEntraError(response, 400, "invalid_scope", 70011);
  }

  @Test
  void givenUnknownTenantAppOrNoCredential_token_answersTheMatchingCodes() throws Exception {
    SandboxState.AppView app = sandbox.state().createApp(tenantId, "No-Credential", false);

    assertEntraError(client.postForm(sandbox.tokenEndpoint(UUID.randomUUID().toString()),
        TestClient.secretForm(app.appId(), "x")), 400, "invalid_request", 90002);
    assertEntraError(client.postForm(sandbox.tokenEndpoint(tenantId),
        TestClient.secretForm(UUID.randomUUID().toString(), "x")), 400,
        "unauthorized_client", 700016);
    assertEntraError(client.postForm(sandbox.tokenEndpoint(tenantId), Map.of("client_id",
        app.appId(), "scope", "https://graph.microsoft.com/.default", "grant_type",
        "client_credentials")), 401, "invalid_client", 7000218);
    Map<String, String> otherScope = new java.util.HashMap<>(
        TestClient.secretForm(app.appId(), "x"));
    otherScope.put("scope", "https://management.azure.com/.default");
    assertEntraError(client.postForm(sandbox.tokenEndpoint(tenantId), otherScope), 400,
        "invalid_scope", 70011);
  }

  @Test
  void givenAssertions_token_checksAudienceKeyAlgorithmAndTime() throws Exception {
    SandboxState.AppView app = sandbox.state().createApp(tenantId, "Assertion-App", false);
    KeyPair keys = Crypto.pooledKeyPair(5);
    KeyPair otherKeys = Crypto.pooledKeyPair(6);
    Instant now = Instant.now();
    X509Certificate certificate = TestClient.certificateFor(sandbox, keys, "Assertion-App",
        now.minusSeconds(60), now.plus(Duration.ofDays(10)));
    sandbox.state().addCertificate(tenantId, app.appId(), certificate);
    String audience = sandbox.tokenEndpoint(tenantId).toString();

    HttpResponse<String> good = client.postForm(sandbox.tokenEndpoint(tenantId),
        TestClient.assertionForm(app.appId(), TestClient.assertion(audience, app.appId(),
            certificate, keys.getPrivate(), now)));
    assertThat(good.statusCode()).as(good.body()).isEqualTo(200);

    assertEntraError(client.postForm(sandbox.tokenEndpoint(tenantId), TestClient.assertionForm(
        app.appId(), TestClient.assertion("https://login.microsoftonline.com/" + tenantId
            + "/oauth2/v2.0/token", app.appId(), certificate, keys.getPrivate(), now))),
        401, "invalid_client", 700023);
    assertEntraError(client.postForm(sandbox.tokenEndpoint(tenantId), TestClient.assertionForm(
        app.appId(), TestClient.assertion(audience, app.appId(), certificate,
            otherKeys.getPrivate(), now))), 401, "invalid_client", 700027);
    assertEntraError(client.postForm(sandbox.tokenEndpoint(tenantId), TestClient.assertionForm(
        app.appId(), TestClient.assertion(audience, app.appId(), certificate, keys.getPrivate(),
            now.minus(Duration.ofHours(1))))), 401, "invalid_client", 700024);
    String es256 = Base64.getUrlEncoder().withoutPadding().encodeToString(
        "{\"alg\":\"ES256\",\"typ\":\"JWT\"}".getBytes()) + ".e30.c2ln";
    assertEntraError(client.postForm(sandbox.tokenEndpoint(tenantId),
        TestClient.assertionForm(app.appId(), es256)), 400, "invalid_request", 5002738);
  }

  @Test
  void givenX5tS256InStandardBase64WithPaddingAndPs256_token_isIssued() throws Exception {
    SandboxState.AppView app = sandbox.state().createApp(tenantId, "Ps256-App", false);
    KeyPair keys = Crypto.pooledKeyPair(7);
    Instant now = Instant.now();
    X509Certificate certificate = TestClient.certificateFor(sandbox, keys, "Ps256-App",
        now.minusSeconds(60), now.plus(Duration.ofDays(10)));
    sandbox.state().addCertificate(tenantId, app.appId(), certificate);
    String x5tS256 = Base64.getEncoder().encodeToString(
        Crypto.digest("SHA-256", Crypto.der(certificate)));
    String header = "{\"alg\":\"PS256\",\"typ\":\"JWT\",\"x5t#S256\":\"" + x5tS256 + "\"}";
    String payload = "{\"aud\":\"" + sandbox.tokenEndpoint(tenantId) + "\",\"iss\":\""
        + app.appId() + "\",\"sub\":\"" + app.appId() + "\",\"nbf\":" + now.getEpochSecond()
        + ",\"exp\":" + (now.getEpochSecond() + 600) + "}";

    HttpResponse<String> response = client.postForm(sandbox.tokenEndpoint(tenantId),
        TestClient.assertionForm(app.appId(),
            TestClient.jwt(header, payload, keys.getPrivate(), false, "PS256")));

    assertThat(x5tS256).endsWith("=");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }
}
