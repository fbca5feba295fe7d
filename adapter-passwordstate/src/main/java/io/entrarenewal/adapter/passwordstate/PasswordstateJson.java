package io.entrarenewal.adapter.passwordstate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.entrarenewal.adapter.passwordstate.PasswordstateHttp.Call;
import io.entrarenewal.adapter.passwordstate.PasswordstateHttp.Reply;
import io.entrarenewal.core.domain.ExternalSystem;
import io.entrarenewal.core.domain.ExternalSystemException;
import io.entrarenewal.core.domain.ExternalSystemException.Kind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads Passwordstate's JSON: password records, error bodies and the metadata JSON kept in a
 * generic field. Works on trees rather than bound classes so that unknown fields are ignored
 * and a field of the wrong type becomes a precise message instead of a binding error.
 */
final class PasswordstateJson {

  private static final Logger LOG = LoggerFactory.getLogger(PasswordstateJson.class);

  /** Real replies nest three levels; anything much deeper is hostile or broken. */
  private static final int MAX_NESTING = 64;
  private static final int MAX_VENDOR_TEXT = 300;
  private static final Pattern DIGITS = Pattern.compile("[0-9]{1,18}");

  private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder()
              .maxNestingDepth(MAX_NESTING)
              .build())
          .build())
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  /** The fields of a password record this adapter uses. */
  record PasswordRecord(String listId, String passwordId, String title, String userName,
      ObjectNode fields) {

    /** A generic field's text; empty when absent or null. */
    String genericField(String name) {
      JsonNode value = fields.get(name);
      return value == null || value.isNull() ? "" : value.asText();
    }
  }

  private PasswordstateJson() {}

  /** The reply's body as JSON, refusing HTML, oversized, malformed or too deeply nested bodies. */
  static JsonNode parse(Reply reply, Call call) {
    if (reply.tooLarge()) {
      throw refused(call, "the reply is larger than the configured limit of JSON bytes");
    }
    if (looksLikeHtml(reply)) {
      throw refused(call, "the server answered with an HTML page instead of JSON (HTTP "
          + reply.status() + "); check the base URI and the API path");
    }
    try {
      JsonNode root = MAPPER.readTree(reply.body());
      if (root == null || root.isMissingNode()) {
        throw refused(call, "the reply is empty (HTTP " + reply.status() + ")");
      }
      return root;
    } catch (JsonProcessingException e) {
      throw new ExternalSystemException(ExternalSystem.VAULT, Kind.REFUSED, call.description()
          + " failed: the reply is not valid JSON (" + jsonProblem(e) + ")", e);
    } catch (IOException e) {
      throw new ExternalSystemException(ExternalSystem.VAULT, Kind.REFUSED,
          call.description() + " failed: the reply cannot be read", e);
    }
  }

  /** The password records of a reply, which Passwordstate always wraps in an array. */
  static List<PasswordRecord> records(JsonNode root, Call call) {
    if (!root.isArray()) {
      throw refused(call, "the reply is a JSON " + root.getNodeType() + ", not an array");
    }
    String error = errorText(root);
    if (!error.isEmpty()) {
      throw refused(call, "the server answered with an error: " + error);
    }
    List<PasswordRecord> records = new ArrayList<>();
    for (JsonNode node : root) {
      records.add(record(node, call));
    }
    return records;
  }

  /** The single record of a reply that must hold exactly one. */
  static PasswordRecord single(JsonNode root, Call call) {
    List<PasswordRecord> records = records(root, call);
    if (records.size() != 1) {
      throw refused(call, "the reply holds " + records.size() + " records instead of one");
    }
    return records.get(0);
  }

  /** Reads one record, checking the type of each field used. */
  static PasswordRecord record(JsonNode node, Call call) {
    if (!(node instanceof ObjectNode fields)) {
      throw refused(call, "a record is a JSON " + node.getNodeType() + ", not an object");
    }
    String passwordId = id(fields, "PasswordID", call)
        .orElseThrow(() -> refused(call, "a record has no PasswordID"));
    Optional<String> listId = id(fields, "PasswordListID", call);
    String title = text(fields, "Title", call).orElse("");
    String userName = text(fields, "UserName", call).orElse("");
    return new PasswordRecord(listId.orElse(null), passwordId, title, userName, fields);
  }

  /** A text field: empty when absent or null, refused when of another JSON type. */
  static Optional<String> text(JsonNode fields, String name, Call call) {
    JsonNode value = fields.get(name);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw refused(call, "field " + name + " is a JSON " + value.getNodeType() + ", not text");
    }
    return Optional.of(value.textValue());
  }

  /** A numeric id that arrives as a number or, like {@code PasswordListID}, as a string. */
  static Optional<String> id(JsonNode fields, String name, Call call) {
    JsonNode value = fields.get(name);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    String text = value.isIntegralNumber() || value.isTextual() ? value.asText().trim() : "";
    if (!DIGITS.matcher(text).matches()) {
      throw refused(call, "field " + name + " is not a numeric id");
    }
    return Optional.of(text);
  }

  /**
   * The server's error text from {@code [{"errors":[{"message":..},{"phrase":..}]}]}, cleaned of
   * control characters and shortened; empty when the body is not such an error.
   */
  static String errorText(Reply reply) {
    if (reply.tooLarge() || reply.body().length == 0 || looksLikeHtml(reply)) {
      return "";
    }
    try {
      JsonNode root = MAPPER.readTree(reply.body());
      return root == null ? "" : errorText(root);
    } catch (IOException e) {
      return "";
    }
  }

  /** The error text of an already parsed body; empty when it is not an error. */
  static String errorText(JsonNode root) {
    JsonNode holder = root.isArray() && root.size() == 1 ? root.get(0) : root;
    JsonNode errors = holder.get("errors");
    if (errors == null || !errors.isArray()) {
      return "";
    }
    List<String> parts = new ArrayList<>();
    for (JsonNode error : errors) {
      addText(parts, error.get("message"));
      addText(parts, error.get("phrase"));
    }
    return String.join(": ", parts);
  }

  /**
   * The metadata map kept as a JSON object in a generic field: string values as they are, other
   * values as their JSON text. A field that is not a JSON object gives an empty map.
   */
  static Map<String, String> metadata(String fieldText, String entryName) {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadataObject(fieldText, entryName).ifPresent(object -> object.properties().forEach(
        field -> metadata.put(field.getKey(), field.getValue().isTextual()
            ? field.getValue().textValue() : field.getValue().toString())));
    return metadata;
  }

  /** The metadata JSON object of a field; empty when the field is blank or not an object. */
  static Optional<ObjectNode> metadataObject(String fieldText, String entryName) {
    if (fieldText.isBlank()) {
      return Optional.empty();
    }
    try {
      JsonNode node = MAPPER.readTree(fieldText);
      if (node instanceof ObjectNode object) {
        return Optional.of(object);
      }
      LOG.debug("the metadata field of {} holds JSON that is not an object; ignoring it",
          entryName);
    } catch (JsonProcessingException e) {
      LOG.debug("the metadata field of {} holds no JSON ({}); ignoring it", entryName,
          jsonProblem(e));
    }
    return Optional.empty();
  }

  /** An empty JSON object to merge metadata into. */
  static ObjectNode newObject() {
    return MAPPER.createObjectNode();
  }

  /** Compact JSON text of a tree. */
  static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree could not be written", e);
    }
  }

  static ExternalSystemException refused(Call call, String problem) {
    return new ExternalSystemException(ExternalSystem.VAULT, Kind.REFUSED,
        call.description() + " failed: " + problem);
  }

  private static boolean looksLikeHtml(Reply reply) {
    if (reply.contentType().toLowerCase(Locale.ROOT).contains("html")) {
      return true;
    }
    for (byte b : reply.body()) {
      if (!Character.isWhitespace(b)) {
        return b == '<';
      }
    }
    return false;
  }

  private static void addText(List<String> parts, JsonNode value) {
    if (value != null && value.isTextual()) {
      String clean = value.textValue().replaceAll("\\p{Cntrl}", " ").strip();
      parts.add(clean.length() > MAX_VENDOR_TEXT
          ? clean.substring(0, MAX_VENDOR_TEXT) + "..." : clean);
    }
  }

  /** Where and why parsing failed, without quoting the content, which may be secret. */
  private static String jsonProblem(JsonProcessingException e) {
    String message = e.getOriginalMessage();
    int cut = message == null ? -1 : message.indexOf('\n');
    String first = message == null ? e.getClass().getSimpleName()
        : cut < 0 ? message : message.substring(0, cut);
    // Jackson quotes the offending token, which might be part of a secret: keep its kind only.
    first = first.replaceAll("'[^']*'", "'...'").replaceAll("\\(\"[^\"]*\"", "(\"...\"");
    return e.getLocation() == null ? first
        : first + " at line " + e.getLocation().getLineNr()
            + ", column " + e.getLocation().getColumnNr();
  }
}
