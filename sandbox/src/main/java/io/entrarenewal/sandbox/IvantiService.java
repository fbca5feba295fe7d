package io.entrarenewal.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ivanti Neurons for ITSM: the OData business-object API for tasks, service requests, their
 * parameters and notes, and the REST call that submits a service request.
 */
final class IvantiService implements Http.Service {

  private static final Pattern COLLECTION =
      Pattern.compile("/api/odata/businessobject/([A-Za-z_#]+)/?");
  private static final Pattern SINGLE =
      Pattern.compile("/api/odata/businessobject/([A-Za-z_#]+)\\('([^']*)'\\)/?");
  private static final Pattern CLAUSE = Pattern.compile(
      "\\s*([A-Za-z_][A-Za-z0-9_]*)\\s+(eq|ne)\\s+('((?:[^']|'')*)'|[^\\s']+)\\s*");
  private static final String SUBMIT = "/api/rest/servicerequest/new";
  private static final int MAX_TOP = 100;

  private final Itsm itsm;
  private final Clock clock;
  private final String prefix;
  private volatile String baseUrl = "";

  IvantiService(Itsm itsm, Clock clock, String prefix) {
    this.itsm = itsm;
    this.clock = clock;
    this.prefix = prefix;
  }

  void baseUrl(String url) {
    this.baseUrl = url;
  }

  private String local(Http.Request request) {
    String path = request.path();
    return path.regionMatches(true, 0, prefix, 0, prefix.length())
        ? path.substring(prefix.length()) : path;
  }

  @Override
  public String endpointName(Http.Request request) {
    String path = local(request);
    if (SUBMIT.equalsIgnoreCase(path)) {
      return "submitServiceRequest";
    }
    Matcher single = SINGLE.matcher(path);
    if (single.matches()) {
      String set = Itsm.canonicalSet(single.group(1)).orElse("unknown");
      return ("GET".equals(request.method()) ? "get." : "update.") + set;
    }
    Matcher collection = COLLECTION.matcher(path);
    if (collection.matches()) {
      String set = Itsm.canonicalSet(collection.group(1)).orElse("unknown");
      return ("POST".equals(request.method()) ? "create." : "query.") + set;
    }
    return "unknown";
  }

  @Override
  public Http.Response handle(Http.Request request) throws Exception {
    synchronized (itsm) {
      if (!authorised(request)) {
        return error(401, "ISM_4001", "Invalid Session key or Authentication token or Host",
            List.of("Authentication required"));
      }
      String path = local(request);
      if (SUBMIT.equalsIgnoreCase(path) && "POST".equals(request.method())) {
        return submit(request);
      }
      Matcher single = SINGLE.matcher(path);
      if (single.matches()) {
        Optional<String> set = Itsm.canonicalSet(single.group(1));
        if (set.isEmpty()) {
          return unknownSet(single.group(1));
        }
        return "GET".equals(request.method()) ? getOne(set.get(), single.group(2))
            : update(request, set.get(), single.group(2));
      }
      Matcher collection = COLLECTION.matcher(path);
      if (collection.matches()) {
        Optional<String> set = Itsm.canonicalSet(collection.group(1));
        if (set.isEmpty()) {
          return unknownSet(collection.group(1));
        }
        return "POST".equals(request.method()) ? create(request, set.get())
            : query(request, set.get());
      }
      return error(404, "ISM_4004", "Not Found", List.of("Resource not found"));
    }
  }

  private boolean authorised(Http.Request request) {
    Optional<String> header = request.header("Authorization");
    if (header.isEmpty() || !header.get().startsWith("rest_api_key=")) {
      return false;
    }
    byte[] given = header.get().substring("rest_api_key=".length())
        .getBytes(StandardCharsets.UTF_8);
    return itsm.apiKeys.stream().anyMatch(k ->
        MessageDigest.isEqual(given, k.getBytes(StandardCharsets.UTF_8)));
  }

  private Http.Response query(Http.Request request, String set) {
    int top = MAX_TOP;
    Optional<String> topParam = request.param("$top");
    if (topParam.isPresent()) {
      try {
        top = Integer.parseInt(topParam.get().trim());
      } catch (NumberFormatException e) {
        top = -1;
      }
      if (top < 0 || top > MAX_TOP) {
        return error(400, "ISM_4000", "Invalid Request Payload",
            List.of("The $top value must be between 0 and " + MAX_TOP + "."));
      }
    }
    int skip = request.param("$skip").map(s -> Integer.parseInt(s.trim())).orElse(0);
    Predicate<Map<String, Object>> filter = r -> true;
    Optional<String> filterParam = request.param("$filter");
    if (filterParam.isPresent()) {
      Optional<Predicate<Map<String, Object>>> parsed = parseFilter(filterParam.get());
      if (parsed.isEmpty()) {
        return error(400, "ISM_4000", "Invalid Request Payload",
            List.of("The $filter expression could not be parsed."));
      }
      filter = parsed.get();
    }
    List<Map<String, Object>> matching = itsm.set(set).values().stream()
        .filter(filter).toList();
    if (matching.isEmpty()) {
      return itsm.emptyBodyOnNoMatch ? Http.Response.empty(200)
          : Http.Response.json(200, Map.of("value", List.of()));
    }
    Optional<List<String>> select = request.param("$select")
        .map(s -> Arrays.stream(s.split(",")).map(String::trim).toList());
    List<Map<String, Object>> page = matching.stream().skip(skip).limit(top)
        .map(r -> select.map(s -> project(r, s)).orElseGet(() -> new LinkedHashMap<>(r)))
        .toList();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("@odata.context", baseUrl + prefix + "/api/odata/$metadata#" + set);
    body.put("@odata.count", matching.size());
    body.put("value", page);
    return Http.Response.json(200, body);
  }

  private static Map<String, Object> project(Map<String, Object> record, List<String> fields) {
    Map<String, Object> projected = new LinkedHashMap<>();
    for (String field : fields) {
      record.keySet().stream().filter(k -> k.equalsIgnoreCase(field)).findFirst()
          .ifPresent(k -> projected.put(k, record.get(k)));
    }
    return projected;
  }

  /**
   * Parses a filter of {@code Field eq|ne value} clauses joined by {@code and} and {@code or},
   * with parentheses, as Ivanti documents them; {@code eq} ignores case, as Ivanti's does.
   */
  static Optional<Predicate<Map<String, Object>>> parseFilter(String filter) {
    try {
      FilterParser parser = new FilterParser(filter);
      Predicate<Map<String, Object>> parsed = parser.disjunction();
      return parser.atEnd() ? Optional.of(parsed) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** A recursive-descent parser: or binds weaker than and, parentheses group. */
  private static final class FilterParser {
    private static final Pattern KEYWORD = Pattern.compile("\\s*(?i:(and|or))\\s+");
    private final String text;
    private int at;

    FilterParser(String text) {
      this.text = text;
    }

    Predicate<Map<String, Object>> disjunction() {
      Predicate<Map<String, Object>> result = conjunction();
      while (keyword("or")) {
        result = result.or(conjunction());
      }
      return result;
    }

    private Predicate<Map<String, Object>> conjunction() {
      Predicate<Map<String, Object>> result = operand();
      while (keyword("and")) {
        result = result.and(operand());
      }
      return result;
    }

    private Predicate<Map<String, Object>> operand() {
      skipSpaces();
      if (at < text.length() && text.charAt(at) == '(') {
        at++;
        Predicate<Map<String, Object>> inner = disjunction();
        skipSpaces();
        if (at >= text.length() || text.charAt(at) != ')') {
          throw new IllegalArgumentException("unbalanced parenthesis");
        }
        at++;
        return inner;
      }
      Matcher m = CLAUSE.matcher(text).region(at, text.length());
      if (!m.lookingAt()) {
        throw new IllegalArgumentException("not a clause");
      }
      String clauseValue = m.group(3);
      // A bare value stops before a closing parenthesis that belongs to the grouping.
      int end = m.end();
      if (m.group(4) == null && clauseValue.contains(")")) {
        end = m.start(3) + clauseValue.indexOf(')');
        clauseValue = clauseValue.substring(0, clauseValue.indexOf(')'));
      }
      at = end;
      return clause(m.group(1), "ne".equals(m.group(2)),
          m.group(4) != null ? m.group(4).replace("''", "'") : clauseValue);
    }

    private boolean keyword(String word) {
      Matcher m = KEYWORD.matcher(text).region(at, text.length());
      if (m.lookingAt() && m.group(1).equalsIgnoreCase(word)) {
        at = m.end();
        return true;
      }
      return false;
    }

    private void skipSpaces() {
      while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
        at++;
      }
    }

    boolean atEnd() {
      skipSpaces();
      return at == text.length();
    }

    private static Predicate<Map<String, Object>> clause(String field, boolean negate,
        String value) {
      return r -> {
        Object actual = r.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(field))
            .map(Map.Entry::getValue).findFirst().orElse(null);
        String text = actual == null ? "" : String.valueOf(actual);
        boolean equal = "$NULL".equals(value) ? text.isEmpty() : text.equalsIgnoreCase(value);
        return negate != equal;
      };
    }
  }

  private Http.Response getOne(String set, String recId) {
    Optional<Map<String, Object>> record = itsm.find(set, recId);
    if (record.isEmpty()) {
      return Http.Response.json(400, Map.of("code", "ISM_4000", "message",
          List.of("Invalid key")));
    }
    return Http.Response.json(200, entity(set, record.get()));
  }

  private Http.Response update(Http.Request request, String set, String recId)
      throws Exception {
    if (!"PATCH".equals(request.method()) && !"PUT".equals(request.method())) {
      return error(405, "ISM_4005", "Method Not Allowed", List.of(request.method()));
    }
    Optional<Map<String, Object>> record = itsm.find(set, recId);
    if (record.isEmpty()) {
      return error(400, "ISM_4000", "Invalid Request Payload", List.of("Record '" + recId
          + "' cannot be found in the business object '" + businessObject(set) + "'"));
    }
    JsonNode body = request.json();
    if (!body.isObject()) {
      return error(400, "ISM_4000", "Invalid Request Payload",
          List.of("Message body cannot be empty."));
    }
    record.get().putAll(fields(body));
    stampModified(record.get());
    return Http.Response.json(200, entity(set, record.get()));
  }

  private Http.Response create(Http.Request request, String set) throws Exception {
    JsonNode body = request.json();
    if (!body.isObject()) {
      return error(400, "ISM_4000", "Invalid Request Payload",
          List.of("Message body cannot be empty."));
    }
    Map<String, Object> fields = fields(body);
    if (Itsm.NOTES.equals(set)) {
      Optional<Http.Response> refusal = checkNote(fields);
      if (refusal.isPresent()) {
        return refusal.get();
      }
      fields.putIfAbsent("Category", "Memo");
      fields.put("JournalType", "Notes");
      fields.putIfAbsent("PublishToWeb", false);
    }
    fields.put("RecId", itsm.newRecId());
    fields.put("CreatedBy", "sandbox");
    fields.put("CreatedDateTime", now());
    stampModified(fields);
    Map<String, Object> record = itsm.insert(set, fields);
    return Http.Response.json(201, entity(set, record));
  }

  private Optional<Http.Response> checkNote(Map<String, Object> fields) {
    for (String required : List.of("ParentLink_RecID", "Subject")) {
      if (String.valueOf(fields.getOrDefault(required, "")).isBlank()) {
        return Optional.of(error(400, "ISM_4000", "Invalid Request Payload", List.of(
            "Required field Journal#Notes." + required + " value must be provided.")));
      }
    }
    return Optional.empty();
  }

  /** Submits a service request for the renewal offering, as the REST endpoint does. */
  private Http.Response submit(Http.Request request) throws Exception {
    JsonNode body = request.json();
    if (!itsm.subscriptionId.equalsIgnoreCase(body.path("subscriptionId").asText(""))) {
      return refusedSubmit("The subscription '" + body.path("subscriptionId").asText("")
          + "' was not found for the current user.");
    }
    JsonNode parameters = body.path("parameters");
    Map<String, String> answers = new LinkedHashMap<>();
    for (Map.Entry<String, String> parameter : itsm.offeringParameters.entrySet()) {
      String value = parameters.path("par-" + parameter.getValue()).asText("");
      if (value.isBlank()) {
        return refusedSubmit("'" + parameter.getKey() + "' is required.");
      }
      if ("SecretType".equals(parameter.getKey())) {
        String optionRecId = parameters.path("par-" + parameter.getValue() + "-recId")
            .asText("");
        if (optionRecId.isBlank()) {
          return refusedSubmit("'SecretType' validation list's value was submitted without"
              + " it's identifier.");
        }
        if (!optionRecId.equalsIgnoreCase(itsm.secretTypeOptions.getOrDefault(value, ""))) {
          return refusedSubmit("'SecretType' value '" + value + "' is not in its validation"
              + " list.");
        }
      }
      answers.put(parameter.getKey(), value);
    }
    JsonNode data = body.path("serviceReqData");
    String subject = data.path("Subject").asText("Renew " + answers.getOrDefault("SecretType",
        "") + " of " + answers.getOrDefault("AppID", ""));
    String symptom = data.path("Symptom").asText(subject);
    Map<String, Object> serviceReq = seedRenewal(itsm, clock, answers, subject, symptom);
    Map<String, Object> reply = new LinkedHashMap<>();
    reply.put("IsSuccess", true);
    reply.put("ErrorText", null);
    reply.put("ServiceRequests", List.of(Map.of(
        "strRequestRecId", serviceReq.get("RecId"),
        "strRequestNum", String.valueOf(serviceReq.get("ServiceReqNumber")))));
    return Http.Response.json(200, reply);
  }

  /** Creates a service request, its parameters and a Logged task for the automation team. */
  static Map<String, Object> seedRenewal(Itsm itsm, Clock clock, Map<String, String> answers,
      String subject, String symptom) {
    String created = timestamp(clock);
    Map<String, Object> serviceReq = new LinkedHashMap<>();
    serviceReq.put("RecId", itsm.newRecId());
    serviceReq.put("ServiceReqNumber", itsm.nextServiceReqNumber++);
    serviceReq.put("Status", "Submitted");
    serviceReq.put("Subject", subject);
    serviceReq.put("Symptom", symptom);
    serviceReq.put("OwnerTeam", itsm.automationTeam);
    serviceReq.put("CreatedDateTime", created);
    serviceReq.put("CreatedBy", "sandbox");
    serviceReq.put("LastModDateTime", created);
    serviceReq.put("LastModBy", "sandbox");
    serviceReq.put("IsInFinalState", false);
    itsm.insert(Itsm.SERVICE_REQS, serviceReq);
    for (Map.Entry<String, String> answer : answers.entrySet()) {
      Map<String, Object> param = new LinkedHashMap<>();
      param.put("RecId", itsm.newRecId());
      param.put("ParameterName", answer.getKey());
      param.put("ParameterValue", answer.getValue());
      param.put("ParameterDisplayValue", answer.getValue());
      param.put("DisplayType", "SecretType".equals(answer.getKey()) ? "combo" : "text");
      param.put("ParentLink_RecID", serviceReq.get("RecId"));
      param.put("ParentLink_Category", "ServiceReq");
      param.put("SvcReqTmplParamLink_RecID",
          itsm.offeringParameters.getOrDefault(answer.getKey(), ""));
      itsm.insert(Itsm.PARAMS, param);
    }
    Map<String, Object> task = new LinkedHashMap<>();
    task.put("RecId", itsm.newRecId());
    task.put("AssignmentID", itsm.nextAssignmentId++);
    task.put("Subject", subject);
    task.put("Details", symptom);
    task.put("Status", "Logged");
    task.put("Owner", "");
    task.put("OwnerTeam", itsm.automationTeam);
    task.put("Resolution", "");
    task.put("IsUnRead", true);
    task.put("ParentLink_RecID", serviceReq.get("RecId"));
    task.put("ParentLink_Category", "ServiceReq");
    task.put("ParentLink", serviceReq.get("RecId"));
    task.put("CreatedDateTime", created);
    task.put("CreatedBy", "sandbox");
    task.put("LastModDateTime", created);
    task.put("LastModBy", "sandbox");
    itsm.insert(Itsm.TASKS, task);
    return serviceReq;
  }

  private static Http.Response refusedSubmit(String why) {
    Map<String, Object> reply = new LinkedHashMap<>();
    reply.put("IsSuccess", false);
    reply.put("ErrorText", why);
    reply.put("ServiceRequests", List.of());
    return Http.Response.json(200, reply);
  }

  private Map<String, Object> entity(String set, Map<String, Object> record) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("@odata.context", baseUrl + prefix + "/api/odata/$metadata#"
        + set.toLowerCase(Locale.ROOT) + "/$entity");
    body.putAll(record);
    return body;
  }

  private static Map<String, Object> fields(JsonNode body) {
    Map<String, Object> fields = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (field.getKey().startsWith("@") || Itsm.READ_ONLY.contains(field.getKey())) {
        continue;
      }
      JsonNode value = field.getValue();
      fields.put(field.getKey(), value.isNull() ? null : value.isBoolean() ? value.asBoolean()
          : value.isNumber() ? value.numberValue() : value.asText());
    }
    return fields;
  }

  private void stampModified(Map<String, Object> record) {
    record.put("LastModDateTime", now());
    record.put("LastModBy", "sandbox");
  }

  private String now() {
    return timestamp(clock);
  }

  static String timestamp(Clock clock) {
    return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.ofHours(1))
        .truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static String businessObject(String set) {
    return switch (set) {
      case Itsm.TASKS -> "task#assignment";
      case Itsm.NOTES -> "journal#notes";
      case Itsm.PARAMS -> "servicereqparam";
      default -> "servicereq";
    };
  }

  private static Http.Response unknownSet(String name) {
    return error(404, "ISM_4004", "Not Found",
        List.of("The business object '" + name + "' was not found."));
  }

  static Http.Response error(int status, String code, String description,
      List<String> messages) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("code", code);
    body.put("description", description);
    body.put("message", new ArrayList<>(messages));
    body.put("help", "");
    return Http.Response.json(status, body);
  }
}
