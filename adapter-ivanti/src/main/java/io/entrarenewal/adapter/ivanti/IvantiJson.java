package io.entrarenewal.adapter.ivanti;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.entrarenewal.core.domain.ExternalSystem;
import io.entrarenewal.core.domain.ExternalSystemException;
import io.entrarenewal.core.domain.ExternalSystemException.Kind;
import io.entrarenewal.core.domain.Texts;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes Ivanti's JSON, including its three ways of saying "no rows": an empty body,
 * HTTP 204, and {@code {"value":"No instances found."}} where {@code value} is a string.
 */
final class IvantiJson {

  private static final Logger LOG = LoggerFactory.getLogger(IvantiJson.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private IvantiJson() {}

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree could not be written", e);
    }
  }

  /**
   * Parses a reply body; an empty body is a missing node.
   *
   * @param kind what a malformed body means for the caller: unavailable for a read, ambiguous
   *     for a write that may have taken effect
   */
  static JsonNode parse(String body, String purpose, Kind kind) {
    if (body == null || body.isBlank()) {
      return MissingNode.getInstance();
    }
    if (body.stripLeading().startsWith("<")) {
      // A proxy, a login page or a maintenance page answered instead of the API.
      throw new ExternalSystemException(ExternalSystem.WORK_QUEUE, kind,
          "Ivanti answered the request to " + purpose + " with HTML instead of JSON");
    }
    try {
      return MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw new ExternalSystemException(ExternalSystem.WORK_QUEUE, kind,
          "Ivanti answered the request to " + purpose + " with malformed JSON", e);
    }
  }

  /** The rows of a list reply, or none for any of Ivanti's "no rows" shapes. */
  static List<JsonNode> rows(IvantiHttp.Reply reply, String purpose) {
    if (reply.status() == 204) {
      return List.of();
    }
    JsonNode root = parse(reply.body(), purpose, Kind.UNAVAILABLE);
    if (root.isMissingNode()) {
      return List.of();
    }
    JsonNode value = root.path("value");
    if (value.isTextual()) {
      LOG.debug("Ivanti said {} for {}", Texts.quoteForHumans(value.asText()), purpose);
      return List.of();
    }
    if (!value.isArray()) {
      throw new ExternalSystemException(ExternalSystem.WORK_QUEUE, Kind.UNAVAILABLE,
          "Ivanti answered the request to " + purpose + " without a 'value' list");
    }
    List<JsonNode> rows = new ArrayList<>();
    value.forEach(row -> {
      if (row.isObject()) {
        rows.add(row);
      }
    });
    return rows;
  }

  /** A text field of a row, or null when absent, null or not a scalar. */
  static String text(JsonNode row, String field) {
    JsonNode value = row.path(field);
    return value.isValueNode() && !value.isNull() ? value.asText() : null;
  }

  /** Ivanti's error code ({@code ISM_4000}), or null. */
  static String errorCode(String body) {
    JsonNode root = quietParse(body);
    return text(root, "code");
  }

  /**
   * A short, safe summary of an error body for a message: its code and first message or
   * description, quoted; never the whole body, which may echo session ids.
   */
  static String errorSummary(String body) {
    JsonNode root = quietParse(body);
    String code = text(root, "code");
    JsonNode message = root.path("message");
    String text = message.isArray() && !message.isEmpty() ? message.get(0).asText()
        : message.isTextual() ? message.asText() : text(root, "description");
    StringBuilder summary = new StringBuilder();
    if (code != null) {
      summary.append(", ").append(Texts.quoteForHumans(code));
    }
    if (text != null && !text.isBlank()) {
      summary.append(": ").append(Texts.quoteForHumans(text));
    }
    return summary.toString();
  }

  /** The session id a login returns, as a JSON string or as bare text. */
  static String sessionId(String body, String baseUrl) {
    JsonNode root = quietParse(body);
    String id = root.isTextual() ? root.asText()
        : body == null || body.stripLeading().startsWith("{") ? null : body.strip();
    if (id == null || id.isBlank()) {
      throw new ExternalSystemException(ExternalSystem.WORK_QUEUE, Kind.UNAVAILABLE,
          "Ivanti at " + baseUrl + " accepted the login but returned no session id");
    }
    return id;
  }

  private static JsonNode quietParse(String body) {
    if (body == null || body.isBlank()) {
      return MissingNode.getInstance();
    }
    try {
      return MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      return MissingNode.getInstance();
    }
  }
}
