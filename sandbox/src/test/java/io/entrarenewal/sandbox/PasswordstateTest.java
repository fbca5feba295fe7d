package io.entrarenewal.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Passwordstate's records, searches, updates, documents and error shapes. */
class PasswordstateTest {

  private static final int LIST = 9100;
  private static final String LIST_KEY = "list-key-9100";
  private static Sandbox sandbox;
  private static TestClient client;

  @BeforeAll
  static void start() {
    sandbox = Sandbox.start(SandboxOptions.defaults().withWorld(SandboxOptions.WorldKind.EMPTY));
    client = new TestClient(sandbox);
    sandbox.state().addPasswordList(LIST, "Test List", LIST_KEY);
    sandbox.state().addPasswordRecord(LIST, Map.of("Title", "Certificaat Rooster",
        "Password", "one"));
    sandbox.state().addPasswordRecord(LIST, Map.of("Title", "Certificaat Rooster_OND",
        "Password", "two"));
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  private static URI api(String path) {
    return URI.create(sandbox.passwordstateBaseUri() + path);
  }

  @Test
  void givenQuotedTitle_search_matchesExactlyWhileBareTitleMatchesSubstrings() throws Exception {
    HttpResponse<String> substring = client.get(api("/api/searchpasswords/" + LIST + "?Title="
        + Http.encode("Certificaat Rooster")), "APIKey", LIST_KEY);
    HttpResponse<String> exact = client.get(api("/api/searchpasswords/" + LIST + "?Title="
        + Http.encode("\"Certificaat Rooster\"")), "APIKey", LIST_KEY);

    assertThat(TestClient.json(substring)).hasSize(2);
    assertThat(TestClient.json(exact)).hasSize(1);
    assertThat(TestClient.json(exact).get(0).path("Title").asText())
        .isEqualTo("Certificaat Rooster");
    assertThat(TestClient.json(exact).get(0).path("PasswordListID").isTextual()).isTrue();
  }

  @Test
  void givenNoMatch_search_answers404WithTheErrorShape() throws Exception {
    HttpResponse<String> response = client.get(api("/api/searchpasswords/" + LIST
        + "?Title=nothing-like-this"), "APIKey", LIST_KEY);

    assertThat(response.statusCode()).isEqualTo(404);
    JsonNode errors = TestClient.json(response).get(0).path("errors");
    assertThat(errors.get(0).path("message").asText()).isEqualTo("Not Found");
    assertThat(errors.get(1).path("phrase").asText()).contains("No Passwords found");
  }

  @Test
  void givenWrongOrMissingKey_requests_areUnauthorised() throws Exception {
    assertThat(client.get(api("/api/passwords/" + LIST + "?QueryAll")).statusCode())
        .isEqualTo(401);
    assertThat(client.get(api("/api/passwords/" + LIST + "?QueryAll"), "APIKey", "wrong")
        .statusCode()).isEqualTo(401);
  }

  @Test
  void givenPartialUpdate_put_changesOnlyTheSentFieldsAndRefusesNulls() throws Exception {
    int id = sandbox.state().addPasswordRecord(LIST, Map.of("Title", "Update-Me",
        "UserName", "user", "Password", "secret-1"));

    HttpResponse<String> updated = send("PUT", "/api/passwords", "{\"PasswordID\":" + id
        + ",\"GenericField6\":\"{\\\"KeyId\\\":\\\"k\\\"}\"}");
    HttpResponse<String> withNull = send("PUT", "/api/passwords", "{\"PasswordID\":" + id
        + ",\"Notes\":null}");

    assertThat(updated.statusCode()).isEqualTo(200);
    JsonNode record = TestClient.json(updated);
    assertThat(record.isArray()).isTrue();
    assertThat(record.get(0).path("GenericField6").asText()).isEqualTo("{\"KeyId\":\"k\"}");
    assertThat(record.get(0).path("UserName").asText()).isEqualTo("user");
    assertThat(sandbox.state().passwordRecord(id).orElseThrow().get("Password"))
        .isEqualTo("secret-1");
    assertThat(withNull.statusCode()).isEqualTo(500);
  }

  @Test
  void givenUnknownId_get_answers404() throws Exception {
    HttpResponse<String> response = client.get(api("/api/passwords/999999"), "APIKey",
        LIST_KEY);

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(TestClient.json(response).get(0).path("errors").get(1).path("phrase").asText())
        .isEqualTo("A Password of ID '999999' was not found in the database, or you do not"
            + " have permissions to it.");
  }

  @Test
  void givenReasonRequired_requestWithoutReason_isRefused() throws Exception {
    sandbox.state().addPasswordList(9200, "Reason List", "reason-key");
    sandbox.state().requireReason(9200, true);
    int id = sandbox.state().addPasswordRecord(9200, Map.of("Title", "Audited"));

    HttpResponse<String> refused = client.get(api("/api/passwords/" + id), "APIKey",
        "reason-key");
    HttpResponse<String> allowed = client.get(api("/api/passwords/" + id), "APIKey",
        "reason-key", "Reason", "renewal");

    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.body()).contains("Reason Header Attribute is mandatory");
    assertThat(allowed.statusCode()).isEqualTo(200);
  }

  @Test
  void givenDocument_uploadThenDownload_returnsTheSameBytes() throws Exception {
    int id = sandbox.state().addPasswordRecord(LIST, Map.of("Title", "With-Document"));
    byte[] content = {0x30, (byte) 0x82, 0x01, 0x00, 0x7f};

    HttpResponse<String> uploaded = client.send(HttpRequest.newBuilder(api(
        "/api/document/password/" + id + "?DocumentName=app.pfx&DocumentDescription=current"))
        .header("APIKey", LIST_KEY).header("Content-Type", "multipart/form-data")
        .POST(HttpRequest.BodyPublishers.ofByteArray(content)).build());
    int documentId = TestClient.json(uploaded).path("DocumentID").asInt();
    HttpResponse<byte[]> downloaded = client.http.send(HttpRequest.newBuilder(api(
        "/api/document/password/" + documentId)).header("APIKey", LIST_KEY).build(),
        HttpResponse.BodyHandlers.ofByteArray());

    assertThat(TestClient.json(uploaded).path("DocumentName").asText()).isEqualTo("app.pfx");
    assertThat(downloaded.body()).isEqualTo(content);
  }

  @Test
  void givenExcludePassword_listAll_omitsPasswords() throws Exception {
    HttpResponse<String> response = client.get(api("/api/passwords/" + LIST
        + "?QueryAll&ExcludePassword=true"), "APIKey", LIST_KEY);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(TestClient.json(response).size()).isGreaterThanOrEqualTo(2);
    assertThat(TestClient.json(response).get(0).has("Password")).isFalse();
  }

  private static HttpResponse<String> send(String method, String path, String json)
      throws Exception {
    return client.send(HttpRequest.newBuilder(api(path)).header("APIKey", LIST_KEY)
        .header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(json)).build());
  }
}
