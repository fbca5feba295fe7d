package io.entrarenewal.adapter.passwordstate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small stateful Passwordstate inside WireMock: API keys per list, exact and substring title
 * search, records, updates that refuse nulls, and documents. It answers the way the recorded
 * samples do (arrays, string list ids, error arrays, a 404 for an empty search).
 */
final class FakePasswordstate implements ResponseDefinitionTransformerV2 {

  static final String NAME = "fake-passwordstate";

  private static final Pattern SEARCH = Pattern.compile("/api/searchpasswords/(\\d+)");
  private static final Pattern PASSWORD = Pattern.compile("/api/passwords/(\\d+)");
  private static final Pattern DOCUMENT = Pattern.compile("/api/document/password/(\\d+)");

  private final ObjectMapper json = new ObjectMapper();
  private final Map<String, String> listKeys = new ConcurrentHashMap<>();
  private final Map<Long, ObjectNode> records = new ConcurrentHashMap<>();
  private final Map<Long, byte[]> documents = new ConcurrentHashMap<>();
  private final AtomicLong nextId = new AtomicLong(1000);

  /** Creates a list that accepts {@code apiKey}. */
  void addList(String listId, String apiKey) {
    listKeys.put(listId, apiKey);
  }

  /** Adds an entry and returns its PasswordID. */
  long addEntry(String listId, String title, String userName, String password,
      String metadataField, String metadataJson) {
    long id = nextId.incrementAndGet();
    ObjectNode record = json.createObjectNode()
        .put("PasswordListID", listId)
        .put("PasswordList", "List " + listId)
        .put("PasswordID", id)
        .put("Title", title)
        .put("UserName", userName)
        .put("Password", password);
    for (int field = 1; field <= 10; field++) {
      record.put("GenericField" + field, "");
    }
    record.put(metadataField, metadataJson);
    record.putArray("GenericFieldInfo");
    record.putNull("OTP");
    records.put(id, record);
    return id;
  }

  /** A field of the one entry titled so, as stored. */
  String storedField(String title, String field) {
    return records.values().stream().filter(r -> title.equals(r.path("Title").asText()))
        .map(r -> r.path(field).asText()).reduce((a, b) -> {
          throw new IllegalStateException("several entries titled " + title);
        }).orElseThrow(() -> new IllegalStateException("no entry titled " + title));
  }

  /** A stored document's bytes, or null. */
  byte[] storedDocument(long documentId) {
    return documents.get(documentId);
  }

  void clear() {
    listKeys.clear();
    records.clear();
    documents.clear();
  }

  @Override
  public String getName() {
    return NAME;
  }

  @Override
  public boolean applyGlobally() {
    return true;
  }

  @Override
  public ResponseDefinition transform(ServeEvent serveEvent) {
    Request request = serveEvent.getRequest();
    String path = request.getUrl().replaceFirst("\\?.*$", "");
    RequestMethod method = request.getMethod();
    Matcher search = SEARCH.matcher(path);
    Matcher password = PASSWORD.matcher(path);
    Matcher document = DOCUMENT.matcher(path);
    if (method.equals(RequestMethod.GET) && search.matches()) {
      return search(request, search.group(1));
    }
    if (method.equals(RequestMethod.GET) && password.matches()) {
      return read(request, Long.parseLong(password.group(1)));
    }
    if (method.equals(RequestMethod.PUT) && path.equals("/api/passwords")) {
      return update(request);
    }
    if (method.equals(RequestMethod.POST) && document.matches()) {
      return upload(request, Long.parseLong(document.group(1)));
    }
    if (method.equals(RequestMethod.GET) && document.matches()) {
      return download(Long.parseLong(document.group(1)));
    }
    return error(404, "Not Found", "No such API call: " + method + " " + path);
  }

  private ResponseDefinition search(Request request, String listId) {
    if (!authorised(request, listId)) {
      return error(401, "No Authorization", "Invalid API key for PasswordListID " + listId);
    }
    QueryParameter titleParameter = request.queryParameter("Title");
    String wanted = titleParameter.isPresent() ? titleParameter.firstValue() : "";
    boolean exact = wanted.length() >= 2 && wanted.startsWith("\"") && wanted.endsWith("\"");
    String title = exact ? wanted.substring(1, wanted.length() - 1) : wanted;
    ArrayNode found = json.createArrayNode();
    records.values().stream()
        .filter(record -> record.get("PasswordListID").asText().equals(listId))
        .filter(record -> exact
            ? record.get("Title").asText().equalsIgnoreCase(title)
            : record.get("Title").asText().toLowerCase().contains(title.toLowerCase()))
        .map(this::withoutPassword)
        .forEach(found::add);
    if (found.isEmpty()) {
      return error(404, "Not Found", "No Passwords found in the Password Lists for"
          + " PasswordListID of " + listId + " and search criteria.");
    }
    return ok(found);
  }

  private ResponseDefinition read(Request request, long id) {
    ObjectNode record = records.get(id);
    if (record == null || !authorised(request, record.get("PasswordListID").asText())) {
      return error(404, "Not Found", "A Password of ID '" + id + "' was not found in the"
          + " database, or you do not have permissions to it.");
    }
    return ok(json.createArrayNode().add(record.deepCopy()));
  }

  private ResponseDefinition update(Request request) {
    JsonNode changes = parse(request.getBodyAsString());
    long id = changes.path("PasswordID").asLong(-1);
    ObjectNode record = records.get(id);
    if (record == null || !authorised(request, record.get("PasswordListID").asText())) {
      return error(404, "Not Found", "A Password of ID '" + id + "' was not found.");
    }
    for (Map.Entry<String, JsonNode> field : changes.properties()) {
      if (field.getValue().isNull()) {
        // Real servers fail on null properties; so does this fake.
        return error(500, "Error", "Null value for " + field.getKey());
      }
    }
    changes.properties().forEach(field -> record.set(field.getKey(), field.getValue()));
    return ok(json.createArrayNode().add(record.deepCopy()));
  }

  private ResponseDefinition upload(Request request, long passwordId) {
    ObjectNode record = records.get(passwordId);
    if (record == null || !authorised(request, record.get("PasswordListID").asText())) {
      return error(404, "Not Found", "A Password of ID '" + passwordId + "' was not found.");
    }
    long documentId = nextId.incrementAndGet();
    documents.put(documentId, request.getBody());
    QueryParameter name = request.queryParameter("DocumentName");
    return ok(json.createObjectNode().put("DocumentID", documentId)
        .put("DocumentName", name.isPresent() ? name.firstValue() : ""));
  }

  private ResponseDefinition download(long documentId) {
    byte[] content = documents.get(documentId);
    if (content == null) {
      return error(404, "Not Found", "Document " + documentId + " was not found.");
    }
    return new ResponseDefinitionBuilder().withStatus(200)
        .withHeader("Content-Type", "application/octet-stream").withBody(content).build();
  }

  private boolean authorised(Request request, String listId) {
    String key = listKeys.get(listId);
    return key != null && key.equals(request.getHeader("APIKey"));
  }

  private ObjectNode withoutPassword(ObjectNode record) {
    ObjectNode copy = record.deepCopy();
    copy.put("Password", "");
    return copy;
  }

  private JsonNode parse(String text) {
    try {
      return json.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private ResponseDefinition ok(JsonNode body) {
    return new ResponseDefinitionBuilder().withStatus(200)
        .withHeader("Content-Type", "application/json; charset=utf-8")
        .withBody(body.toString().getBytes(StandardCharsets.UTF_8)).build();
  }

  private ResponseDefinition error(int status, String message, String phrase) {
    ArrayNode body = json.createArrayNode();
    ArrayNode errors = body.addObject().putArray("errors");
    errors.addObject().put("message", message);
    errors.addObject().put("phrase", phrase);
    return new ResponseDefinitionBuilder().withStatus(status)
        .withHeader("Content-Type", "application/json; charset=utf-8")
        .withBody(body.toString().getBytes(StandardCharsets.UTF_8)).build();
  }
}
