package io.entrarenewal.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Click Studios Passwordstate's standard API for password records and their documents. */
final class PasswordstateService implements Http.Service {

  private static final Pattern PASSWORDS = Pattern.compile("/api/passwords/?(\\d+)?/?");
  private static final Pattern SEARCH = Pattern.compile("/api/searchpasswords/?(\\d+)?/?");
  private static final Pattern DOCUMENT = Pattern.compile("/api/document/password/(\\d+)/?");
  private static final List<String> SEARCH_FIELDS = List.of("Title", "UserName", "HostName",
      "Domain", "Description", "Notes", "URL", "AccountType", "GenericField1", "GenericField2",
      "GenericField3", "GenericField4", "GenericField5", "GenericField6", "GenericField7",
      "GenericField8", "GenericField9", "GenericField10");

  private final Vault vault;
  private final SandboxOptions options;

  PasswordstateService(Vault vault, SandboxOptions options) {
    this.vault = vault;
    this.options = options;
  }

  @Override
  public String endpointName(Http.Request request) {
    String path = request.path().toLowerCase(Locale.ROOT);
    Matcher passwords = PASSWORDS.matcher(path);
    if (passwords.matches()) {
      if (!"GET".equals(request.method())) {
        return "PUT".equals(request.method()) ? "updatePassword" : "addPassword";
      }
      return request.paramIgnoreCase("QueryAll").isPresent() ? "listPasswords" : "getPassword";
    }
    if (SEARCH.matcher(path).matches()) {
      return "searchPasswords";
    }
    if (DOCUMENT.matcher(path).matches()) {
      return "POST".equals(request.method()) ? "uploadDocument" : "downloadDocument";
    }
    return "unknown";
  }

  @Override
  public Http.Response handle(Http.Request request) throws Exception {
    String path = request.path().toLowerCase(Locale.ROOT);
    Optional<String> apiKey = request.header("APIKey");
    synchronized (vault) {
      if (apiKey.isEmpty() || !knownKey(apiKey.get())) {
        return error(401, "No Authorization", "The API Key is invalid, or has not been"
            + " specified.");
      }
      Matcher passwords = PASSWORDS.matcher(path);
      if (passwords.matches()) {
        return passwords(request, passwords.group(1), apiKey.get());
      }
      Matcher search = SEARCH.matcher(path);
      if (search.matches() && "GET".equals(request.method())) {
        return search(request, search.group(1), apiKey.get());
      }
      Matcher document = DOCUMENT.matcher(path);
      if (document.matches()) {
        int id = Integer.parseInt(document.group(1));
        return "POST".equals(request.method()) ? upload(request, id, apiKey.get())
            : download(request, id, apiKey.get());
      }
      return error(404, "Not Found", "The resource '" + request.path() + "' was not found.");
    }
  }

  private Http.Response passwords(Http.Request request, String id, String apiKey)
      throws Exception {
    switch (request.method()) {
      case "GET":
        if (id == null) {
          return error(404, "Not Found", "No PasswordID or PasswordListID specified.");
        }
        return request.paramIgnoreCase("QueryAll").isPresent()
            ? listAll(request, Integer.parseInt(id), apiKey)
            : getOne(request, Integer.parseInt(id), apiKey);
      case "PUT":
        return update(request, apiKey);
      case "POST":
        return create(request, apiKey);
      default:
        return error(405, "Method Not Allowed", "The requested method is not allowed.");
    }
  }

  private Http.Response getOne(Http.Request request, int passwordId, String apiKey) {
    Optional<Map<String, Object>> record = vault.record(passwordId);
    if (record.isEmpty() || !mayUse(apiKey, Vault.listIdOf(record.get()))) {
      return passwordNotFound(passwordId);
    }
    Optional<Http.Response> reason = checkReason(request, Vault.listIdOf(record.get()));
    return reason.orElseGet(() -> Http.Response.json(200, List.of(view(request, record.get()))));
  }

  private Http.Response listAll(Http.Request request, int listId, String apiKey) {
    Optional<Http.Response> refusal = checkList(request, listId, apiKey);
    if (refusal.isPresent()) {
      return refusal.get();
    }
    return Http.Response.json(200,
        vault.recordsOf(listId).stream().map(r -> view(request, r)).toList());
  }

  private Http.Response search(Http.Request request, String listId, String apiKey) {
    List<Map<String, Object>> candidates;
    if (listId == null) {
      if (!apiKey.equals(vault.systemKey)) {
        return error(401, "No Authorization", "Searching all password lists requires a"
            + " system wide API key.");
      }
      candidates = new ArrayList<>(vault.records.values());
    } else {
      int id = Integer.parseInt(listId);
      Optional<Http.Response> refusal = checkList(request, id, apiKey);
      if (refusal.isPresent()) {
        return refusal.get();
      }
      candidates = vault.recordsOf(id);
    }
    boolean any = request.paramIgnoreCase("AndOr").map("OR"::equalsIgnoreCase).orElse(false);
    Map<String, String> criteria = new LinkedHashMap<>();
    for (String field : SEARCH_FIELDS) {
      request.paramIgnoreCase(field).ifPresent(value -> criteria.put(field, value));
    }
    Optional<String> everywhere = request.paramIgnoreCase("search");
    List<Map<String, Object>> found = candidates.stream()
        .filter(r -> matches(r, criteria, any))
        .filter(r -> everywhere.map(term -> SEARCH_FIELDS.stream()
            .anyMatch(f -> fieldMatches(r.get(f), term))).orElse(true))
        .map(r -> view(request, r)).toList();
    if (found.isEmpty() && options.emptySearch()
        == SandboxOptions.EmptySearch.NOT_FOUND) {
      return error(404, "Not Found", "No Passwords found in the Password Lists for"
          + " PasswordListID of '" + (listId == null ? "" : listId)
          + "' with the search criteria specified.");
    }
    return Http.Response.json(200, found);
  }

  private static boolean matches(Map<String, Object> record, Map<String, String> criteria,
      boolean any) {
    if (criteria.isEmpty()) {
      return true;
    }
    return any
        ? criteria.entrySet().stream().anyMatch(c -> fieldMatches(record.get(c.getKey()),
            c.getValue()))
        : criteria.entrySet().stream().allMatch(c -> fieldMatches(record.get(c.getKey()),
            c.getValue()));
  }

  /** A value in double quotes matches the whole field; otherwise a substring matches. */
  static boolean fieldMatches(Object field, String criterion) {
    String value = field == null ? "" : String.valueOf(field);
    if (criterion.length() >= 2 && criterion.startsWith("\"") && criterion.endsWith("\"")) {
      return value.equalsIgnoreCase(criterion.substring(1, criterion.length() - 1));
    }
    return value.toLowerCase(Locale.ROOT).contains(criterion.toLowerCase(Locale.ROOT));
  }

  private Http.Response update(Http.Request request, String apiKey) throws Exception {
    JsonNode body = request.json();
    if (!body.path("PasswordID").canConvertToInt()) {
      return error(400, "Bad Request", "The PasswordID field is required.");
    }
    int passwordId = body.path("PasswordID").asInt();
    Optional<Map<String, Object>> record = vault.record(passwordId);
    if (record.isEmpty() || !mayUse(apiKey, Vault.listIdOf(record.get()))) {
      return passwordNotFound(passwordId);
    }
    Optional<Http.Response> reason = checkReason(request, Vault.listIdOf(record.get()));
    if (reason.isPresent()) {
      return reason.get();
    }
    Map<String, Object> changes = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if ("PasswordID".equals(field.getKey())) {
        continue;
      }
      if (field.getValue().isNull()) {
        // Limitation: the real server's reply to a null property is undocumented; clients
        // report an HTTP 500, which is what this stand-in answers.
        return error(500, "Internal Server Error", "Object reference not set to an instance of"
            + " an object (property '" + field.getKey() + "').");
      }
      if (Vault.WRITABLE.contains(field.getKey())) {
        changes.put(field.getKey(), scalar(field.getValue()));
      }
    }
    record.get().putAll(changes);
    return Http.Response.json(200, List.of(new LinkedHashMap<>(record.get())));
  }

  private Http.Response create(Http.Request request, String apiKey) throws Exception {
    JsonNode body = request.json();
    if (!body.path("PasswordListID").canConvertToInt()
        && !body.path("PasswordListID").asText("").matches("\\d+")) {
      return error(400, "Bad Request", "The PasswordListID field is required.");
    }
    int listId = body.path("PasswordListID").asInt(
        Integer.parseInt(body.path("PasswordListID").asText("0")));
    Optional<Http.Response> refusal = checkList(request, listId, apiKey);
    if (refusal.isPresent()) {
      return refusal.get();
    }
    if (!body.path("Title").isTextual() || body.path("Title").asText().isBlank()) {
      return error(400, "Bad Request", "The Title field is required.");
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (!field.getValue().isNull()) {
        fields.put(field.getKey(), scalar(field.getValue()));
      }
    }
    if (body.path("GeneratePassword").asBoolean(false)) {
      fields.put("Password", GraphService.newSecretText());
    }
    Map<String, Object> record = vault.addRecord(listId, fields);
    return Http.Response.json(201, List.of(new LinkedHashMap<>(record)));
  }

  private Http.Response upload(Http.Request request, int passwordId, String apiKey) {
    Optional<Map<String, Object>> record = vault.record(passwordId);
    if (record.isEmpty() || !mayUse(apiKey, Vault.listIdOf(record.get()))) {
      return passwordNotFound(passwordId);
    }
    Optional<Http.Response> reason = checkReason(request, Vault.listIdOf(record.get()));
    if (reason.isPresent()) {
      return reason.get();
    }
    String name = request.paramIgnoreCase("DocumentName").orElse("");
    if (name.isBlank() || request.body().length == 0) {
      return error(400, "Bad Request", "A DocumentName and the document's content are"
          + " required.");
    }
    Vault.DocumentData document = vault.addDocument(passwordId, name,
        request.paramIgnoreCase("DocumentDescription").orElse(""), request.body());
    Map<String, Object> reply = new LinkedHashMap<>();
    reply.put("DocumentID", document.documentId());
    reply.put("DocumentName", document.name());
    return Http.Response.json(200, reply);
  }

  private Http.Response download(Http.Request request, int documentId, String apiKey) {
    Vault.DocumentData document = vault.documents.get(documentId);
    if (document == null) {
      return error(404, "Not Found", "A Document of ID '" + documentId
          + "' was not found in the database, or you do not have permissions to it.");
    }
    Optional<Map<String, Object>> record = vault.record(document.passwordId());
    if (record.isEmpty() || !mayUse(apiKey, Vault.listIdOf(record.get()))) {
      return error(404, "Not Found", "A Document of ID '" + documentId
          + "' was not found in the database, or you do not have permissions to it.");
    }
    Optional<Http.Response> reason = checkReason(request, Vault.listIdOf(record.get()));
    if (reason.isPresent()) {
      return reason.get();
    }
    return Http.Response.bytes(200, "application/octet-stream", document.content())
        .withHeader("Content-Disposition", "attachment; filename=\"" + document.name() + "\"");
  }

  private Optional<Http.Response> checkList(Http.Request request, int listId, String apiKey) {
    if (!vault.lists.containsKey(listId) || !mayUse(apiKey, listId)) {
      return Optional.of(error(404, "Not Found", "A Password List of ID '" + listId
          + "' was not found in the database, or you do not have permissions to it."));
    }
    return checkReason(request, listId);
  }

  private Optional<Http.Response> checkReason(Http.Request request, int listId) {
    Vault.ListData list = vault.lists.get(listId);
    if (list != null && list.reasonRequired
        && request.header("Reason").map(String::isBlank).orElse(true)) {
      return Optional.of(error(401, "No Authorization", "PasswordListID '" + listId
          + "' is configured so the Reason Header Attribute is mandatory, but it has not been"
          + " specified."));
    }
    return Optional.empty();
  }

  private boolean knownKey(String apiKey) {
    return equal(apiKey, vault.systemKey)
        || vault.lists.values().stream().anyMatch(l -> equal(apiKey, l.apiKey));
  }

  private boolean mayUse(String apiKey, int listId) {
    Vault.ListData list = vault.lists.get(listId);
    return equal(apiKey, vault.systemKey) || (list != null && equal(apiKey, list.apiKey));
  }

  private static boolean equal(String given, String expected) {
    return expected != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
        expected.getBytes(StandardCharsets.UTF_8));
  }

  private static Map<String, Object> view(Http.Request request, Map<String, Object> record) {
    Map<String, Object> copy = new LinkedHashMap<>(record);
    if (request.paramIgnoreCase("ExcludePassword").map("true"::equalsIgnoreCase).orElse(false)) {
      copy.remove("Password");
    }
    return copy;
  }

  private static Object scalar(JsonNode node) {
    if (node.isBoolean()) {
      return node.asBoolean();
    }
    if (node.isInt()) {
      return node.asInt();
    }
    return node.isValueNode() ? node.asText() : node.toString();
  }

  private static Http.Response passwordNotFound(int passwordId) {
    return error(404, "Not Found", "A Password of ID '" + passwordId
        + "' was not found in the database, or you do not have permissions to it.");
  }

  static Http.Response error(int status, String message, String phrase) {
    return Http.Response.json(status, List.of(Map.of("errors",
        List.of(Map.of("message", message), Map.of("phrase", phrase)))));
  }
}
