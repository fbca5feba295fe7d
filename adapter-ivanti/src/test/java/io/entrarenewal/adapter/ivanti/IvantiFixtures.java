package io.entrarenewal.adapter.ivanti;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.entrarenewal.core.domain.RetryPolicy;
import io.entrarenewal.core.domain.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** Stubs and settings shared by the WireMock contract tests of the Ivanti adapter. */
final class IvantiFixtures {

  static final String API_KEY = "ApiKey-7Qe9-DoNotLeak";
  static final String TEAM = "Renewal Automation";
  static final String TASK_REC = "0123456789ABCDEF0123456789ABCDEF";
  static final String OTHER_TASK_REC = "1123456789ABCDEF0123456789ABCDEF";
  static final String SR_REC = "FEDCBA9876543210FEDCBA9876543210";
  static final String OTHER_SR_REC = "AEDCBA9876543210FEDCBA9876543210";
  static final String APP_ID = "11111111-2222-3333-4444-555555555555";
  static final String ODATA = "/api/odata/businessobject/";
  static final String TASKS = ODATA + "Task__Assignments";
  static final String PARAMS = ODATA + "ServiceReqParams";
  static final String REQUESTS = ODATA + "ServiceReqs";
  static final String NOTES = ODATA + "Journal__Notess";

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final AtomicLong ANSWER_IDS = new AtomicLong();

  private IvantiFixtures() {}

  /** Settings for the stub server with tiny retry delays and short timeouts. */
  static IvantiSettings.Builder settings(WireMockExtension server) {
    return IvantiSettings.builder(URI.create(server.baseUrl()),
            new IvantiSettings.ApiKey(Secret.of(API_KEY)))
        .ownerTeam(TEAM)
        .retryPolicy(new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5)))
        .timeouts(Duration.ofSeconds(2), Duration.ofMillis(700));
  }

  static String taskPath(String recId) {
    return TASKS + "('" + recId + "')";
  }

  static String requestPath(String recId) {
    return REQUESTS + "('" + recId + "')";
  }

  /** A task row as Ivanti returns it, with fields this adapter does not read. */
  static ObjectNode task(String recId, long number, String status, String parentRecId) {
    ObjectNode task = MAPPER.createObjectNode()
        .put("@odata.context", "https://example.org/api/odata/$metadata#task__assignments/$entity")
        .put("RecId", recId)
        .put("AssignmentID", number)
        .put("Subject", "Renew app credential")
        .put("Status", status)
        .put("Status_Valid", "AB3D0090B6D8471FB0D2720D301A22AF")
        .put("OwnerTeam", TEAM)
        .put("Owner", "")
        .put("ParentLink_Category", "ServiceReq")
        .put("IsInFinalState", false)
        .put("CreatedDateTime", "2026-11-30T09:12:00-07:00");
    task.putObject("ivnt_FutureField").putArray("nested").add(1);
    if (parentRecId != null) {
      task.put("ParentLink_RecID", parentRecId);
    }
    return task;
  }

  /** A service request as Ivanti returns it. */
  static ObjectNode serviceRequest(String recId, long number, String status) {
    return MAPPER.createObjectNode()
        .put("RecId", recId)
        .put("ServiceReqNumber", number)
        .put("Status", status)
        .put("IsInFinalState", false);
  }

  /** A service-request answer row. */
  static ObjectNode answer(String parentRecId, String name, String value) {
    return MAPPER.createObjectNode()
        .put("RecId", String.format("%032X", ANSWER_IDS.incrementAndGet()))
        .put("ParentLink_RecID", parentRecId)
        .put("ParameterName", name)
        .put("ParameterValue", value)
        .put("SvcReqTmplParamLink_RecID", "P1");
  }

  /** A list reply: {@code @odata.context}, an unasked {@code @odata.count} and the rows. */
  static String rows(ObjectNode... rows) {
    ObjectNode reply = MAPPER.createObjectNode()
        .put("@odata.context", "https://example.org/api/odata/$metadata#rows")
        .put("@odata.count", rows.length);
    ArrayNode value = reply.putArray("value");
    for (ObjectNode row : rows) {
      value.add(row);
    }
    return reply.toString();
  }

  static String filterOfAnswers(String parentRecId) {
    return "ParentLink_RecID eq '" + parentRecId + "'";
  }

  /** Stubs the answers of a service request. */
  static MappingBuilder answersOf(String parentRecId, ObjectNode... answers) {
    return get(urlPathEqualTo(PARAMS))
        .withQueryParam("$filter", equalTo(filterOfAnswers(parentRecId)))
        .willReturn(okJson(rows(answers)));
  }

  static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
        .withBody(body);
  }

  /** A public sample reply body. */
  static String sample(String name) {
    try (InputStream in = IvantiFixtures.class.getResourceAsStream("/ivanti/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing sample " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
