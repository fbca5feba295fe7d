package io.entrarenewal.runner.service.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.entrarenewal.core.domain.Credential;
import io.entrarenewal.core.domain.ScanFinding;
import io.entrarenewal.runner.service.dashboard.DashboardView.CredentialRow;
import io.entrarenewal.runner.service.dashboard.DashboardView.TenantView;
import java.util.List;

/**
 * The dashboard's JSON API: the same view as the page, as documents whose field names are part
 * of the contract in docs/dashboard.md. Instants are ISO-8601 strings in UTC.
 */
final class DashboardJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private DashboardJson() {}

  /** The credentials document: every tenant's latest scan, sorted by days left. */
  static String credentials(DashboardView view) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("generatedAt", view.now().toString());
    root.put("lastScan", view.lastScanIfAny().map(Object::toString).orElse(null));
    root.put("renewBeforeDays", view.renewBeforeDays());
    ArrayNode tenants = root.putArray("tenants");
    for (TenantView tenant : view.tenants()) {
      ObjectNode node = tenants.addObject();
      node.put("tenant", tenant.name());
      node.put("appsSeen", tenant.report().appsSeen());
      node.put("credentialsSeen", tenant.report().credentialsSeen());
      node.put("scanMillis", tenant.report().duration().toMillis());
      ArrayNode credentials = node.putArray("credentials");
      tenant.rows().forEach(row -> credential(credentials.addObject(), row));
    }
    return write(root);
  }

  /** The outcomes document: the recent renewals and hand-overs, newest first. */
  static String outcomes(DashboardView view) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("generatedAt", view.now().toString());
    ArrayNode outcomes = root.putArray("outcomes");
    List<RecentOutcome> all = view.allOutcomes();
    for (RecentOutcome outcome : all) {
      ObjectNode node = outcomes.addObject();
      node.put("when", outcome.when().toString());
      node.put("tenant", outcome.tenant());
      node.put("app", outcome.app());
      node.put("clientId", outcome.clientId());
      node.put("type", outcome.type());
      node.put("outcome", outcome.outcome());
      node.put("reason", outcome.reason());
      node.put("taskId", outcome.taskId());
    }
    return write(root);
  }

  private static void credential(ObjectNode node, CredentialRow row) {
    ScanFinding finding = row.finding();
    Credential credential = finding.credential();
    node.put("app", finding.app().displayName());
    node.put("clientId", finding.app().clientId().value());
    node.put("type", credential.type().displayName());
    node.put("keyId", credential.keyId().toString());
    node.put("name", credential.displayName());
    node.put("expires", credential.end().toString());
    node.put("daysLeft", row.daysLeft());
    node.put("status", row.status().code());
    node.put("action", finding.action().name());
    node.put("task", finding.taskIfAny().map(task -> task.value()).orElse(null));
  }

  private static String write(ObjectNode root) {
    try {
      return MAPPER.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      // A tree of strings and numbers always serialises; this would be a defect in Jackson.
      throw new IllegalStateException("cannot write the dashboard JSON", e);
    }
  }
}
