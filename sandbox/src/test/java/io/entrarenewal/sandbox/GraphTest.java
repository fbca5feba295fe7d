package io.entrarenewal.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Graph's application endpoints: reads, paging, credential actions and their checks. */
class GraphTest {

  private static final String AAD_GRAPH = "00000002-0000-0000-c000-000000000000";
  private static Sandbox sandbox;
  private static TestClient client;
  private static String tenantId;
  private static String adminToken;

  @BeforeAll
  static void start() throws Exception {
    sandbox = Sandbox.start(SandboxOptions.defaults().withWorld(SandboxOptions.WorldKind.EMPTY));
    client = new TestClient(sandbox);
    tenantId = sandbox.world().tenant("education").tenantId();
    adminToken = client.administratorToken(tenantId, "Graph-Admin");
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  private static URI graph(String path) {
    return URI.create(sandbox.graphBaseUri() + path);
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return client.get(graph(path), "Authorization", "Bearer " + adminToken);
  }

  private static HttpResponse<String> post(String path, String json, String token)
      throws Exception {
    return client.postJson(graph(path), json, "Authorization", "Bearer " + token);
  }

  private static String keyJson(X509Certificate certificate) {
    return "{\"type\":\"AsymmetricX509Cert\",\"usage\":\"Verify\",\"key\":\""
        + Base64.getEncoder().encodeToString(Crypto.der(certificate)) + "\"}";
  }

  @Test
  void givenManyApps_paging_returnsEveryAppOnce() throws Exception {
    for (int i = 0; i < 230; i++) {
      sandbox.state().createApp(tenantId, "Paged-" + i, false);
    }
    int total = sandbox.state().apps(tenantId).size();
    Set<String> seen = new HashSet<>();
    int pages = 0;
    URI next = graph("/applications?$select=id,appId&$top=100");
    while (next != null) {
      HttpResponse<String> response = client.get(next, "Authorization", "Bearer " + adminToken);
      assertThat(response.statusCode()).isEqualTo(200);
      JsonNode body = TestClient.json(response);
      for (JsonNode app : body.path("value")) {
        assertThat(seen.add(app.path("id").asText())).isTrue();
        assertThat(app.has("displayName")).isFalse();
      }
      pages++;
      next = body.has("@odata.nextLink") ? URI.create(body.path("@odata.nextLink").asText())
          : null;
    }
    assertThat(seen).hasSize(total);
    assertThat(pages).isEqualTo((total + 99) / 100);
    assertThat(get("/applications?$top=1000").statusCode()).isEqualTo(400);
  }

  @Test
  void givenAppId_lookups_findItAndShowKeyOnlyWhenSelected() throws Exception {
    SandboxState.AppView app = sandbox.state().createApp(tenantId, "Lookup-App", false);
    X509Certificate certificate = TestClient.certificateFor(sandbox, Crypto.pooledKeyPair(4),
        "Lookup-App", Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofDays(5)));
    sandbox.state().addCertificate(tenantId, app.appId(), certificate);

    JsonNode plain = TestClient.json(get("/applications(appId='" + app.appId() + "')"));
    JsonNode selected = TestClient.json(get("/applications/" + app.objectId()
        + "?$select=id,keyCredentials"));
    JsonNode filtered = TestClient.json(get("/applications?$filter="
        + Http.encode("appId eq '" + app.appId() + "'")));

    assertThat(plain.path("id").asText()).isEqualTo(app.objectId());
    assertThat(plain.path("keyCredentials").get(0).path("key").isNull()).isTrue();
    assertThat(plain.path("keyCredentials").get(0).path("customKeyIdentifier").asText())
        .isEqualTo(Crypto.thumbprintHex(certificate));
    assertThat(selected.path("keyCredentials").get(0).path("key").asText())
        .isEqualTo(Base64.getEncoder().encodeToString(Crypto.der(certificate)));
    assertThat(selected.has("appId")).isFalse();
    assertThat(filtered.path("value")).hasSize(1);
    assertThat(TestClient.json(get("/applications?$filter=" + Http.encode(
        "appId eq '00000000-0000-0000-0000-000000000000'"))).path("value")).isEmpty();
  }

  @Test
  void givenUnknownId_get_answers404InGraphShapeWithZonedDate() throws Exception {
    HttpResponse<String> response = get("/applications/8d4c1fb5-0000-0000-0000-000000000000");

    assertThat(response.statusCode()).isEqualTo(404);
    JsonNode error = TestClient.json(response).path("error");
    assertThat(error.path("code").asText()).isEqualTo("Request_ResourceNotFound");
    assertThat(error.path("innerError").path("date").asText()).endsWith("Z");
    assertThat(error.path("innerError").path("request-id").asText()).isNotBlank();
  }

  @Test
  void givenAddPassword_reply_showsSecretOnceAndHonoursEndDate() throws Exception {
    SandboxState.AppView app = sandbox.state().createApp(tenantId, "Secret-App", false);

    HttpResponse<String> response = post("/applications/" + app.objectId() + "/addPassword",
        "{\"passwordCredential\":{\"displayName\":\"renewal\",\"endDateTime\":"
            + "\"2027-06-01T00:00:00Z\"}}", adminToken);
    HttpResponse<String> defaulted = post("/applications/" + app.objectId() + "/addPassword",
        "{}", adminToken);

    JsonNode body = TestClient.json(response);
    assertThat(body.path("secretText").asText()).hasSizeGreaterThanOrEqualTo(16);
    assertThat(body.path("hint").asText()).isEqualTo(body.path("secretText").asText()
        .substring(0, 3));
    assertThat(body.path("endDateTime").asText()).isEqualTo("2027-06-01T00:00:00Z");
    Instant start = Instant.parse(TestClient.json(defaulted).path("startDateTime").asText());
    Instant end = Instant.parse(TestClient.json(defaulted).path("endDateTime").asText());
    assertThat(Duration.between(start, end).toDays()).isBetween(730L, 731L);
    JsonNode listed = TestClient.json(get("/applications/" + app.objectId()));
    assertThat(listed.path("passwordCredentials")).hasSize(2);
    assertThat(listed.path("passwordCredentials").get(0).path("secretText").isNull()).isTrue();
  }

  @Test
  void givenLifetimePolicy_addPassword_isRefusedAsPerAppPolicy() throws Exception {
    SandboxState.AppView app = sandbox.state().createApp(tenantId, "Policy-App", false);
    sandbox.state().setSecretLifetimePolicy(tenantId, app.appId(), Duration.ofDays(90));

    HttpResponse<String> tooLong = post("/applications/" + app.objectId() + "/addPassword",
        "{\"passwordCredential\":{\"endDateTime\":\""
            + Instant.now().plus(Duration.ofDays(365)) + "\"}}", adminToken);
    HttpResponse<String> shortEnough = post("/applications/" + app.objectId()
        + "/addPassword", "{\"passwordCredential\":{\"endDateTime\":\""
            + Instant.now().plus(Duration.ofDays(60)) + "\"}}", adminToken);

    assertThat(tooLong.statusCode()).isEqualTo(400);
    JsonNode error = TestClient.json(tooLong).path("error");
    assertThat(error.path("code").asText()).isEqualTo("CredentialInvalidLifetimeAsPerAppPolicy");
    assertThat(error.path("details").get(0).path("target").asText()).isEqualTo("EndDate");
    assertThat(shortEnough.statusCode()).isEqualTo(200);
  }

  @Test
  void givenProofs_addKey_acceptsOnlyAValidProofFromTheAppItself() throws Exception {
    SandboxState.AppView app = sandbox.state().createApp(tenantId, "Roll-App", false);
    KeyPair oldKeys = Crypto.pooledKeyPair(5);
    KeyPair newKeys = Crypto.pooledKeyPair(6);
    Instant now = Instant.now();
    X509Certificate oldCert = TestClient.certificateFor(sandbox, oldKeys, "Roll-App",
        now.minusSeconds(60), now.plus(Duration.ofDays(5)));
    X509Certificate newCert = TestClient.certificateFor(sandbox, newKeys, "Roll-App",
        now.minusSeconds(60), now.plus(Duration.ofDays(365)));
    sandbox.state().addCertificate(tenantId, app.appId(), oldCert);
    String appToken = TestClient.json(client.postForm(sandbox.tokenEndpoint(tenantId),
        TestClient.assertionForm(app.appId(), TestClient.assertion(
            sandbox.tokenEndpoint(tenantId).toString(), app.appId(), oldCert,
            oldKeys.getPrivate(), now)))).path("access_token").asText();
    String path = "/applications/" + app.objectId() + "/addKey";

    String wrongKey = TestClient.proof(app.objectId(), oldCert, newKeys.getPrivate(), now,
        Duration.ofMinutes(10), AAD_GRAPH, false);
    String wrongAudience = TestClient.proof(app.objectId(), oldCert, oldKeys.getPrivate(), now,
        Duration.ofMinutes(10), "00000003-0000-0000-c000-000000000000", false);
    String padded = TestClient.proof(app.objectId(), oldCert, oldKeys.getPrivate(), now,
        Duration.ofMinutes(10), AAD_GRAPH, true);
    String tooLong = TestClient.proof(app.objectId(), oldCert, oldKeys.getPrivate(), now,
        Duration.ofMinutes(15), AAD_GRAPH, false);
    String wrongIssuer = TestClient.proof(app.appId(), oldCert, oldKeys.getPrivate(), now,
        Duration.ofMinutes(10), AAD_GRAPH, false);
    for (String bad : new String[] {wrongKey, wrongAudience, padded, tooLong, wrongIssuer}) {
      HttpResponse<String> refused = post(path, "{\"keyCredential\":" + keyJson(newCert)
          + ",\"passwordCredential\":null,\"proof\":\"" + bad + "\"}", appToken);
      assertThat(refused.statusCode()).isEqualTo(401);
      assertThat(TestClient.json(refused).path("error").path("code").asText())
          .isEqualTo("Authentication_MissingOrMalformed");
    }
    assertThat(padded.split("\\.")[0] + padded.split("\\.")[1]).contains("=");

    String good = TestClient.proof(app.objectId(), oldCert, oldKeys.getPrivate(), now,
        Duration.ofMinutes(10), AAD_GRAPH, false);
    HttpResponse<String> added = post(path, "{\"keyCredential\":" + keyJson(newCert)
        + ",\"passwordCredential\":null,\"proof\":\"" + good + "\"}", appToken);

    assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
    assertThat(TestClient.json(added).path("customKeyIdentifier").asText())
        .isEqualTo(Crypto.thumbprintHex(newCert));
    assertThat(sandbox.state().app(tenantId, app.appId()).orElseThrow().certificates())
        .hasSize(2);
  }

  @Test
  void givenNoValidCertificate_addKey_isRefused() throws Exception {
    SandboxState.AppView app = sandbox.state().createApp(tenantId, "Expired-Cert-App", false);
    KeyPair keys = Crypto.pooledKeyPair(7);
    Instant now = Instant.now();
    X509Certificate expired = TestClient.certificateFor(sandbox, keys, "Expired",
        now.minus(Duration.ofDays(400)), now.minus(Duration.ofDays(1)));
    X509Certificate fresh = TestClient.certificateFor(sandbox, keys, "Fresh",
        now.minusSeconds(60), now.plus(Duration.ofDays(365)));
    sandbox.state().addCertificate(tenantId, app.appId(), expired);
    String proof = TestClient.proof(app.objectId(), expired, keys.getPrivate(), now,
        Duration.ofMinutes(10), AAD_GRAPH, false);

    HttpResponse<String> refused = post("/applications/" + app.objectId() + "/addKey",
        "{\"keyCredential\":" + keyJson(fresh) + ",\"passwordCredential\":null,\"proof\":\""
            + proof + "\"}", adminToken);
    HttpRequest patch = HttpRequest.newBuilder(graph("/applications/" + app.objectId()))
        .header("Authorization", "Bearer " + adminToken)
        .header("Content-Type", "application/json")
        .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"keyCredentials\":["
            + keyJson(fresh) + "]}")).build();
    HttpResponse<String> patched = client.send(patch);

    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(patched.statusCode()).isEqualTo(204);
    assertThat(sandbox.state().app(tenantId, app.appId()).orElseThrow().certificates())
        .extracting(SandboxState.CertificateView::thumbprint)
        .containsExactly(Crypto.thumbprintHex(fresh));
  }

  @Test
  void givenAppWithoutRights_adminCalls_areForbidden() throws Exception {
    SandboxState.AppView app = sandbox.state().createApp(tenantId, "Plain-App", false);
    String token = client.tokenWithSecret(tenantId, app.appId(),
        sandbox.state().addSecret(tenantId, app.appId(), Duration.ofDays(1)));

    HttpResponse<String> response = post("/applications/" + app.objectId() + "/addPassword",
        "{}", token);
    HttpResponse<String> noToken = client.get(graph("/applications"));

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(TestClient.json(response).path("error").path("code").asText())
        .isEqualTo("Authorization_RequestDenied");
    assertThat(noToken.statusCode()).isEqualTo(401);
  }

  @Test
  void givenKeyId_removePassword_answers204AndRemovesIt() throws Exception {
    SandboxState.AppView app = sandbox.state().createApp(tenantId, "Remove-App", false);
    sandbox.state().addSecret(tenantId, app.appId(), Duration.ofDays(1));
    String keyId = sandbox.state().app(tenantId, app.appId()).orElseThrow().secrets().get(0)
        .keyId().toString();

    HttpResponse<String> response = post("/applications/" + app.objectId() + "/removePassword",
        "{\"keyId\":\"" + keyId + "\"}", adminToken);

    assertThat(response.statusCode()).isEqualTo(204);
    assertThat(sandbox.state().app(tenantId, app.appId()).orElseThrow().secrets()).isEmpty();
  }
}
