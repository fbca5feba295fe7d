package io.entrarenewal.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Ivanti's OData business objects and the service-request submit call. */
class IvantiTest {

  private static Sandbox sandbox;
  private static TestClient client;
  private static String auth;

  @BeforeAll
  static void start() {
    sandbox = Sandbox.start(SandboxOptions.defaults().withWorld(SandboxOptions.WorldKind.EMPTY)
        .withIvantiPathPrefix("/HEAT"));
    client = new TestClient(sandbox);
    auth = "rest_api_key=" + sandbox.world().ivanti().apiKey();
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  private static URI odata(String path) {
    return URI.create(sandbox.ivantiBaseUri() + "/api/odata/businessobject/" + path);
  }

  @Test
  void givenTopAbove100_query_isRefusedWithIsm4000() throws Exception {
    HttpResponse<String> response = client.get(odata("Task__Assignments?$top=101"),
        "Authorization", auth);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(TestClient.json(response).path("code").asText()).isEqualTo("ISM_4000");
    assertThat(client.get(odata("Task__Assignments?$top=100"), "Authorization", auth)
        .statusCode()).isEqualTo(200);
  }

  @Test
  void givenNoOrBearerKey_requests_areRefusedWithIsm4001() throws Exception {
    HttpResponse<String> none = client.get(odata("Task__Assignments"));
    HttpResponse<String> bearer = client.get(odata("Task__Assignments"), "Authorization",
        "Bearer " + sandbox.world().ivanti().apiKey());

    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(bearer.statusCode()).isEqualTo(401);
    assertThat(TestClient.json(none).path("code").asText()).isEqualTo("ISM_4001");
  }

  @Test
  void givenOrAndParentheses_filter_selectsAsDocumented() {
    Map<String, Object> logged = Map.of("Status", "Logged", "OwnerTeam", "Entra Automation");
    Map<String, Object> accepted = Map.of("Status", "Accepted", "OwnerTeam", "Entra Automation");
    Map<String, Object> otherTeam = Map.of("Status", "Logged", "OwnerTeam", "Service Desk");

    var filter = IvantiService.parseFilter("OwnerTeam eq 'Entra Automation' and"
        + " (Status eq 'Logged' or Status eq 'Accepted')").orElseThrow();
    var withoutParentheses = IvantiService.parseFilter(
        "Status eq 'Accepted' or Status eq Logged and OwnerTeam eq 'Service Desk'").orElseThrow();

    assertThat(List.of(logged, accepted, otherTeam)).filteredOn(filter)
        .containsExactly(logged, accepted);
    assertThat(List.of(logged, accepted, otherTeam)).filteredOn(withoutParentheses)
        .as("and binds tighter than or").containsExactly(accepted, otherTeam);
    assertThat(IvantiService.parseFilter("(Status eq 'Logged'")).isEmpty();
    assertThat(IvantiService.parseFilter("Status gt 'Logged'")).isEmpty();
  }

  @Test
  void givenOpenTask_filterAndUpdate_behaveAsIvanti() throws Exception {
    String recId = sandbox.state().openRenewalTask("11111111-2222-3333-4444-555555555555",
        "Secret");
    String team = sandbox.world().ivanti().automationTeam();

    JsonNode tasks = TestClient.json(client.get(odata("Task__Assignments?$filter=" + Http.encode(
        "Status eq 'logged' and OwnerTeam eq '" + team + "'")), "Authorization", auth));
    JsonNode task = java.util.stream.StreamSupport.stream(tasks.path("value").spliterator(),
        false).filter(t -> recId.equals(t.path("RecId").asText())).findFirst().orElseThrow();
    String parent = task.path("ParentLink_RecID").asText();
    JsonNode params = TestClient.json(client.get(odata("ServiceReqParams?$filter="
        + Http.encode("ParentLink_RecID eq '" + parent + "'")), "Authorization", auth));
    HttpResponse<String> noMatch = client.get(odata("Task__Assignments?$filter="
        + Http.encode("Status eq 'Nonexistent'")), "Authorization", auth);
    HttpResponse<String> updated = client.send(HttpRequest.newBuilder(
        odata("Task__Assignments('" + recId + "')")).header("Authorization", auth)
        .header("Content-Type", "application/json")
        .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"Status\":\"Completed\"}"))
        .build());
    HttpResponse<String> missing = client.get(odata("Task__Assignments('"
        + "0123456789ABCDEF0123456789ABCDEF')"), "Authorization", auth);

    assertThat(tasks.path("@odata.count").asInt()).isEqualTo(tasks.path("value").size());
    assertThat(params.path("value")).extracting(p -> p.path("ParameterName").asText())
        .containsExactly("AppID", "SecretType");
    assertThat(noMatch.statusCode()).isEqualTo(200);
    assertThat(noMatch.body()).isEmpty();
    assertThat(TestClient.json(updated).path("Status").asText()).isEqualTo("Completed");
    assertThat(TestClient.json(updated).path("Subject").asText()).isNotBlank();
    assertThat(missing.statusCode()).isEqualTo(400);
  }

  @Test
  void givenNote_post_creates201WithDefaults() throws Exception {
    String recId = sandbox.state().openRenewalTask("22222222-2222-3333-4444-555555555555",
        "Cert");

    HttpResponse<String> response = client.postJson(odata("Journal__Notess"),
        "{\"ParentLink_RecID\":\"" + recId + "\",\"ParentLink_Category\":\"Task\",\"Subject\":"
            + "\"Secret/Certificaat renewal failed\",\"NotesBody\":\"details\"}",
        "Authorization", auth);

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(TestClient.json(response).path("Category").asText()).isEqualTo("Memo");
    assertThat(TestClient.json(response).path("RecId").asText()).hasSize(32);
    assertThat(sandbox.state().ivantiRecords("Journal__Notess")).hasSize(1);
  }

  @Test
  void givenSubmit_serviceRequestNew_createsRequestParamsAndTaskOrRefusesWith200()
      throws Exception {
    World.Ivanti ivanti = sandbox.world().ivanti();
    String appParam = ivanti.parameterIds().get("AppID");
    String typeParam = ivanti.parameterIds().get("SecretType");
    URI submit = URI.create(sandbox.ivantiBaseUri() + "/api/rest/ServiceRequest/new");
    int tasksBefore = sandbox.state().ivantiRecords("Task__Assignments").size();

    HttpResponse<String> refused = client.postJson(submit, "{\"subscriptionId\":\""
        + ivanti.subscriptionId() + "\",\"parameters\":{\"par-" + appParam + "\":\"x\",\"par-"
        + typeParam + "\":\"Secret\"}}", "Authorization", auth);
    HttpResponse<String> accepted = client.postJson(submit, "{\"subscriptionId\":\""
        + ivanti.subscriptionId() + "\",\"serviceReqData\":{\"Subject\":\"Renew\"},"
        + "\"parameters\":{\"par-" + appParam + "\":\"33333333-2222-3333-4444-555555555555\","
        + "\"par-" + typeParam + "\":\"Secret\",\"par-" + typeParam + "-recId\":\""
        + ivanti.secretTypeOptionIds().get("Secret") + "\"}}", "Authorization", auth);

    assertThat(refused.statusCode()).isEqualTo(200);
    assertThat(TestClient.json(refused).path("IsSuccess").asBoolean()).isFalse();
    assertThat(TestClient.json(refused).path("ErrorText").asText()).contains("identifier");
    assertThat(TestClient.json(accepted).path("IsSuccess").asBoolean()).isTrue();
    String srRecId = TestClient.json(accepted).path("ServiceRequests").get(0)
        .path("strRequestRecId").asText();
    assertThat(sandbox.state().ivantiRecord("ServiceReqs", srRecId)).isPresent();
    assertThat(sandbox.state().ivantiRecords("Task__Assignments")).hasSize(tasksBefore + 1);
  }
}
