package io.entrarenewal.runner.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.entrarenewal.core.domain.Credential;
import io.entrarenewal.core.domain.RenewalOutcome;
import io.entrarenewal.core.domain.RenewalPlan;
import io.entrarenewal.core.domain.ScanFinding;
import io.entrarenewal.core.domain.ScanReport;
import io.entrarenewal.core.domain.TaskId;
import io.entrarenewal.core.domain.TaskResult;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Turns results of the use cases into tables for humans and JSON objects for machines. Only
 * names, ids, dates and reasons are shown: the results hold no secret values, and nothing here
 * reads one.
 */
final class Reports {

  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private Reports() {}

  static void printOutcomes(PrintWriter out, List<RenewalOutcome> outcomes) {
    Table table = new Table("STATUS", "APP", "APP ID", "TENANT", "TYPE", "DETAIL");
    for (RenewalOutcome outcome : outcomes) {
      table.row(status(outcome), outcome.appDisplayName().orElse(null),
          outcome.request().clientId(), outcome.tenantName().orElse(null),
          outcome.request().type().displayName(), detail(outcome));
    }
    table.print(out);
    for (RenewalOutcome outcome : outcomes) {
      if (outcome instanceof RenewalOutcome.HandedOver handedOver) {
        out.println("Next: " + handedOver.reason().remedy());
      }
    }
    out.flush();
  }

  static ObjectNode outcome(RenewalOutcome outcome) {
    ObjectNode node = Json.object();
    node.put("status", status(outcome));
    node.put("appId", outcome.request().clientId().value());
    node.put("type", outcome.request().type().name().toLowerCase(Locale.ROOT));
    node.put("requestId", outcome.request().requestId());
    node.put("app", outcome.appDisplayName().orElse(null));
    node.put("tenant", outcome.tenantName().orElse(null));
    if (outcome instanceof RenewalOutcome.Renewed renewed) {
      node.set("credential", credential(renewed.credential()));
      node.put("vaultList", renewed.entry().listId());
      node.put("vaultTitle", renewed.entry().title());
      node.put("verifiedAfterSeconds", renewed.propagation().toSeconds());
    } else if (outcome instanceof RenewalOutcome.HandedOver handedOver) {
      node.put("reason", handedOver.reason().name());
      node.put("step", handedOver.step().name());
      node.put("detail", handedOver.detail());
      node.put("remedy", handedOver.reason().remedy());
    } else if (outcome instanceof RenewalOutcome.Failed failed) {
      node.put("step", failed.step().name());
      node.put("detail", failed.detail());
      node.put("transient", failed.transientFailure());
    }
    return node;
  }

  static void printTasks(PrintWriter out, List<TaskResult> results) {
    if (results.isEmpty()) {
      out.println("No pending renewal tasks.");
      out.flush();
      return;
    }
    Table table = new Table("TASK", "RESULT", "APP", "TYPE", "DETAIL");
    for (TaskResult result : results) {
      RenewalOutcome outcome = result.outcomeIfAny().orElse(null);
      table.row(result.task(), words(result.disposition().name()),
          outcome == null ? null : outcome.appDisplayName().orElse(null),
          outcome == null ? null : outcome.request().type().displayName(), result.detail());
    }
    table.print(out);
  }

  static ObjectNode task(TaskResult result) {
    ObjectNode node = Json.object();
    node.put("task", result.task().value());
    node.put("disposition", result.disposition().name());
    node.put("detail", result.detail());
    result.outcomeIfAny().ifPresentOrElse(
        o -> node.set("outcome", outcome(o)), () -> node.putNull("outcome"));
    return node;
  }

  static void printScan(PrintWriter out, ScanReport report, boolean openTasks) {
    if (!report.findings().isEmpty()) {
      Table table = new Table(
          "TENANT", "APP", "APP ID", "TYPE", "KEY ID", "EXPIRES", "DAYS", "ACTION", "TASK");
      for (ScanFinding finding : report.findings()) {
        table.row(finding.app().tenantName(), finding.app().displayName(),
            finding.app().clientId(), finding.credential().type().displayName(),
            finding.credential().keyId(), DATE.format(finding.credential().end()),
            finding.daysLeft(), words(finding.action().name()),
            finding.taskIfAny().map(TaskId::value).orElse(null));
      }
      table.print(out);
      out.println();
    }
    out.printf("%d apps and %d credentials read in %.1f s; %d expiring%s.%n",
        report.appsSeen(), report.credentialsSeen(), report.duration().toMillis() / 1000.0,
        report.findings().size(),
        openTasks ? ", " + report.tasksOpened() + " tasks opened" : "");
    out.flush();
  }

  static void scan(ObjectNode document, ScanReport report, long windowDays) {
    document.put("windowDays", windowDays);
    document.put("appsSeen", report.appsSeen());
    document.put("credentialsSeen", report.credentialsSeen());
    document.put("durationMillis", report.duration().toMillis());
    document.put("tasksOpened", report.tasksOpened());
    ArrayNode findings = document.putArray("findings");
    for (ScanFinding finding : report.findings()) {
      ObjectNode node = findings.addObject();
      node.put("tenant", finding.app().tenantName());
      node.put("app", finding.app().displayName());
      node.put("appId", finding.app().clientId().value());
      node.set("credential", credential(finding.credential()));
      node.put("daysLeft", finding.daysLeft());
      node.put("action", finding.action().name());
      node.put("task", finding.taskIfAny().map(TaskId::value).orElse(null));
    }
  }

  static void printPlans(PrintWriter out, List<RenewalPlan> plans) {
    if (plans.isEmpty()) {
      out.println("Nothing to plan: no pending renewal tasks.");
    }
    for (RenewalPlan plan : plans) {
      String app = plan.app() == null ? "app " + plan.request().clientId()
          : plan.app().displayName() + " (" + plan.app().tenantName() + ")";
      out.println(plan.request().type().displayName() + " of " + app + ": " + plan.detail());
      for (int i = 0; i < plan.steps().size(); i++) {
        out.println("  " + (i + 1) + ". " + plan.steps().get(i));
      }
      plan.handOverIfAny().ifPresent(reason -> out.println("  Would hand over ("
          + words(reason.name()) + "): " + reason.remedy()));
    }
    out.flush();
  }

  static ObjectNode plan(RenewalPlan plan) {
    ObjectNode node = Json.object();
    node.put("appId", plan.request().clientId().value());
    node.put("type", plan.request().type().name().toLowerCase(Locale.ROOT));
    node.put("requestId", plan.request().requestId());
    node.put("task", plan.request().taskIfAny().map(TaskId::value).orElse(null));
    node.put("app", plan.app() == null ? null : plan.app().displayName());
    node.put("tenant", plan.app() == null ? null : plan.app().tenantName());
    ArrayNode steps = node.putArray("steps");
    plan.steps().forEach(steps::add);
    node.put("handOver", plan.handOverIfAny().map(Enum::name).orElse(null));
    node.put("remedy", plan.handOverIfAny().map(r -> r.remedy()).orElse(null));
    node.put("detail", plan.detail());
    return node;
  }

  static void printChecks(PrintWriter out, List<SystemCheck.Result> results) {
    Table table = new Table("CHECK", "STATUS", "DETAIL");
    results.forEach(r -> table.row(r.name(), r.status(), r.detail()));
    table.print(out);
    for (SystemCheck.Result result : results) {
      if (result.status() == SystemCheck.Status.FAIL && !result.remedy().isEmpty()) {
        out.println("Fix " + result.name() + ": " + result.remedy());
      }
    }
    out.flush();
  }

  static ObjectNode check(SystemCheck.Result result) {
    ObjectNode node = Json.object();
    node.put("name", result.name());
    node.put("status", result.status().name());
    node.put("detail", result.detail());
    node.put("remedy", result.remedy());
    return node;
  }

  private static ObjectNode credential(Credential credential) {
    ObjectNode node = Json.object();
    node.put("type", credential.type().name().toLowerCase(Locale.ROOT));
    node.put("keyId", credential.keyId().toString());
    node.put("displayName", credential.displayName());
    node.put("start", instant(credential.start()));
    node.put("end", instant(credential.end()));
    node.put("thumbprint", credential.thumbprintIfAny().orElse(null));
    return node;
  }

  private static String instant(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant);
  }

  private static String status(RenewalOutcome outcome) {
    if (outcome instanceof RenewalOutcome.Renewed) {
      return "renewed";
    }
    return outcome instanceof RenewalOutcome.HandedOver ? "handed-over" : "failed";
  }

  private static String detail(RenewalOutcome outcome) {
    if (outcome instanceof RenewalOutcome.Renewed renewed) {
      return "key " + renewed.credential().keyId() + " valid until "
          + DATE.format(renewed.credential().end()) + ", stored in "
          + renewed.entry().describe();
    }
    if (outcome instanceof RenewalOutcome.HandedOver handedOver) {
      return handedOver.step().description() + ": " + handedOver.detail();
    }
    RenewalOutcome.Failed failed = (RenewalOutcome.Failed) outcome;
    return failed.step().description() + " failed: " + failed.detail()
        + (failed.transientFailure() ? " (may pass; retry later)" : "");
  }

  private static String words(String constant) {
    return constant.toLowerCase(Locale.ROOT).replace('_', ' ');
  }
}
