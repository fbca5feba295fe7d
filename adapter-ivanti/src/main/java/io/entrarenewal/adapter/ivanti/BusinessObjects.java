package io.entrarenewal.adapter.ivanti;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.entrarenewal.core.domain.ExternalSystem;
import io.entrarenewal.core.domain.ExternalSystemException;
import io.entrarenewal.core.domain.ExternalSystemException.Kind;
import io.entrarenewal.core.domain.Texts;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes Ivanti business objects over OData: single records, filtered lists in pages,
 * updates, creations and the answers of a service request.
 */
final class BusinessObjects {

  private static final Logger LOG = LoggerFactory.getLogger(BusinessObjects.class);

  /** Ivanti joins the values of a multi-select answer with this. */
  private static final String MULTI_VALUE_SEPARATOR = "~^";

  /** A guard against a server that ignores {@code $skip}: no queue is this long. */
  private static final int MAX_PAGES = 1000;

  private final IvantiSettings settings;
  private final IvantiHttp http;
  private final OData odata;

  BusinessObjects(IvantiSettings settings, IvantiHttp http) {
    this.settings = settings;
    this.http = http;
    this.odata = new OData(settings);
  }

  OData odata() {
    return odata;
  }

  IvantiHttp http() {
    return http;
  }

  /** One record by its id; empty when Ivanti says there is none (400 ISM_4000 or no body). */
  Optional<JsonNode> find(String set, String recId, String purpose) {
    IvantiHttp.Reply reply = http.send(IvantiHttp.Call.read(odata.record(set, recId), purpose));
    if (reply.status() == 400 && "ISM_4000".equals(IvantiJson.errorCode(reply.body()))) {
      return Optional.empty();
    }
    requireSuccess(reply, purpose);
    JsonNode root = IvantiJson.parse(reply.body(), purpose, Kind.UNAVAILABLE);
    if (root.isMissingNode() || reply.status() == 204) {
      return Optional.empty();
    }
    if (!root.isObject()) {
      throw unreadable(purpose);
    }
    return Optional.of(root);
  }

  /** Every row that matches the filter, page by page. */
  List<JsonNode> list(String set, String filter, String purpose) {
    List<JsonNode> rows = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    int pageSize = settings.pageSize();
    for (int page = 0; page < MAX_PAGES; page++) {
      List<JsonNode> rowsOfPage = page(set, filter, pageSize, page * pageSize, purpose);
      if (page > 0 && !rowsOfPage.isEmpty() && rowsOfPage.stream()
          .allMatch(row -> seen.contains(IvantiJson.text(row, "RecId")))) {
        throw new ExternalSystemException(ExternalSystem.WORK_QUEUE, Kind.UNAVAILABLE,
            "Ivanti returned the same rows of " + set + " again for $skip="
                + page * pageSize + "; it may be ignoring $skip, so the list is incomplete");
      }
      for (JsonNode row : rowsOfPage) {
        String recId = IvantiJson.text(row, "RecId");
        if (recId != null && !seen.add(recId)) {
          // Limitation: paging has no $orderby (a wrong one answers 204 on some tenants), so a
          // record that moves between pages while we read is skipped the second time it shows.
          LOG.debug("Skipping record {} seen on an earlier page of {}", recId, set);
          continue;
        }
        rows.add(row);
      }
      if (rowsOfPage.size() < pageSize) {
        return rows;
      }
    }
    throw new ExternalSystemException(ExternalSystem.WORK_QUEUE, Kind.UNAVAILABLE,
        "Ivanti kept returning full pages of " + set + " after " + MAX_PAGES
            + " pages; it may be ignoring $skip");
  }

  private List<JsonNode> page(String set, String filter, int top, int skip, String purpose) {
    URI uri = odata.query(set, filter, top, skip);
    IvantiHttp.Reply reply = http.send(IvantiHttp.Call.read(uri, purpose));
    requireSuccess(reply, purpose);
    return IvantiJson.rows(reply, purpose);
  }

  /** Updates the fields of one record with the configured method. */
  void update(String set, String recId, ObjectNode fields, String purpose) {
    String method = settings.writeMethod().name();
    IvantiHttp.Reply reply =
        http.send(IvantiHttp.Call.write(method, odata.record(set, recId), fields, purpose));
    requireSuccess(reply, purpose);
  }

  /** Creates a record and returns it as Ivanti stored it. */
  JsonNode create(String set, ObjectNode fields, String purpose) {
    IvantiHttp.Reply reply =
        http.send(IvantiHttp.Call.write("POST", odata.set(set), fields, purpose));
    requireSuccess(reply, purpose);
    return IvantiJson.parse(reply.body(), purpose, Kind.AMBIGUOUS);
  }

  /**
   * The answers of a service request by parameter name (any letter case): the first non-blank
   * value of each name, and of a multi-value answer its first non-blank part.
   */
  Map<String, String> parameters(String serviceRequestRecId, String purpose) {
    String filter = OData.eq("ParentLink_RecID", serviceRequestRecId);
    List<JsonNode> rows = list(settings.objects().serviceRequestParameters(), filter, purpose);
    Map<String, String> answers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (JsonNode row : rows) {
      String name = IvantiJson.text(row, "ParameterName");
      String value = firstValue(name, IvantiJson.text(row, "ParameterValue"));
      if (name != null && value != null && !answers.containsKey(name)) {
        answers.put(name, value);
      }
    }
    return Collections.unmodifiableMap(answers);
  }

  private static String firstValue(String name, String raw) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    if (!raw.contains(MULTI_VALUE_SEPARATOR)) {
      return raw;
    }
    LOG.debug("Parameter {} holds several values; using the first non-blank one",
        Texts.quoteForHumans(name));
    for (String part : raw.split(java.util.regex.Pattern.quote(MULTI_VALUE_SEPARATOR))) {
      if (!part.isBlank()) {
        return part;
      }
    }
    return null;
  }

  /** Puts a pick-list value and, when configured and known, its {@code _Valid} record id. */
  void putPickList(ObjectNode fields, String field, String value) {
    fields.put(field, value);
    if (!settings.sendValidCompanions()) {
      return;
    }
    String recId = settings.validRecIds().getOrDefault(field, Map.of()).get(value);
    if (recId == null) {
      LOG.debug("No record id configured for {} {}; sending the text only", field,
          Texts.quoteForHumans(value));
      return;
    }
    fields.put(field + "_Valid", recId);
  }

  /** Turns a reply that is not a success into a refusal that names what was asked. */
  void requireSuccess(IvantiHttp.Reply reply, String purpose) {
    if (reply.isSuccess()) {
      return;
    }
    String hint = reply.status() == 404
        ? "; check the entity-set names and the path prefix (cloud '' or on-premises '/HEAT')"
        : "";
    throw new ExternalSystemException(ExternalSystem.WORK_QUEUE, Kind.REFUSED,
        "Ivanti at " + http.baseUrl() + " refused the request to " + purpose + " (HTTP "
            + reply.status() + IvantiJson.errorSummary(reply.body()) + ")" + hint);
  }

  private ExternalSystemException unreadable(String purpose) {
    return new ExternalSystemException(ExternalSystem.WORK_QUEUE, Kind.UNAVAILABLE,
        "Ivanti answered the request to " + purpose + " with JSON that is not a record");
  }
}
