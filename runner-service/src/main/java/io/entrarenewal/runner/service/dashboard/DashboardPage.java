package io.entrarenewal.runner.service.dashboard;

import io.entrarenewal.core.domain.ScanFinding;
import io.entrarenewal.core.domain.ScanReport;
import io.entrarenewal.runner.service.dashboard.DashboardView.CredentialRow;
import io.entrarenewal.runner.service.dashboard.DashboardView.TenantView;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Renders the dashboard as one self-contained HTML document: inline CSS, inline SVG, no script
 * and nothing loaded from elsewhere. Every value from the data is escaped.
 */
final class DashboardPage {

  /** The page's only style sheet; the server allows exactly this one by its hash. */
  static final String STYLE = String.join("",
      ":root{color-scheme:light;font-family:system-ui,-apple-system,'Segoe UI',Roboto,",
      "sans-serif;line-height:1.4;color:#1b1b1f;background:#fafafa}",
      "body{margin:0 auto;max-width:72rem;padding:1rem 1.5rem 3rem}",
      "h1{font-size:1.6rem;margin:.5rem 0}",
      "h2{font-size:1.3rem;margin:2rem 0 .5rem;border-bottom:2px solid #d0d0d7;",
      "padding-bottom:.25rem}",
      "h3{font-size:1.05rem;margin:1.25rem 0 .5rem}",
      ".meta{color:#44474f;margin:.25rem 0}",
      "nav ul,.legend{list-style:none;padding:0;display:flex;gap:1.25rem;flex-wrap:wrap}",
      "table{border-collapse:collapse;width:100%;font-size:.92rem;background:#fff}",
      "th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #e2e2e8;",
      "vertical-align:top}",
      "thead th{background:#eeeef3}",
      ".num{text-align:right;font-variant-numeric:tabular-nums}",
      ".mono{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85em}",
      ".sub{display:block;color:#5b5e66}",
      "tr.expired>*{background:#fde7e9}tr.due>*{background:#fff4d6}",
      "tr.later>*{background:#eef7f0}time{white-space:nowrap}",
      ".status{font-weight:600;white-space:nowrap}",
      ".expired .status,.legend .expired{color:#8c1d18}",
      ".due .status,.legend .due{color:#6b4500}",
      ".later .status,.legend .later{color:#1e5e2b}",
      ".outcome{font-weight:600}.outcome-failed{color:#8c1d18}",
      ".outcome-handedover{color:#6b4500}.outcome-renewed{color:#1e5e2b}",
      ".empty{padding:.75rem;background:#fff;border:1px dashed #c4c4cc}",
      ".caption{position:absolute;width:1px;height:1px;overflow:hidden;",
      "clip:rect(0 0 0 0);white-space:nowrap}",
      "figure{margin:.5rem 0 1rem}figcaption{color:#44474f;font-size:.9rem}",
      "svg.timeline{width:100%;max-width:720px;height:auto;display:block;background:#fff;",
      "border:1px solid #e2e2e8}",
      ".band-expired{fill:#fde7e9}.band-due{fill:#fff4d6}.band-later{fill:#eef7f0}",
      ".rule{stroke:#44474f;stroke-dasharray:3 3}.axis,.tick{stroke:#44474f}",
      "svg text{font-size:11px;fill:#1b1b1f}",
      ".mark.expired path{stroke:#c62828;stroke-width:2.5;fill:none}",
      ".mark.due path{fill:#b26a00}.mark.later circle{fill:#2e7d32}",
      "footer{margin-top:2.5rem;color:#44474f;font-size:.9rem}");

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final DashboardView view;
  private final StringBuilder html = new StringBuilder(16_384);

  private DashboardPage(DashboardView view) {
    this.view = view;
  }

  /** The whole HTML document for this view. */
  static String render(DashboardView view) {
    return new DashboardPage(view).document();
  }

  private String document() {
    html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>Credential expiry</title>")
        // An empty icon, so that browsers do not ask for /favicon.ico and log its 404.
        .append("<link rel=\"icon\" href=\"data:,\">")
        .append("<style>").append(STYLE).append("</style></head><body>");
    header();
    html.append("<main>");
    if (view.tenants().isEmpty()) {
      html.append("<p class=\"empty\">").append(view.lastScanIfAny().isPresent()
          ? "The last scan covered no tenant."
          : "No scan has run yet. Credentials appear here after the first scan.").append("</p>");
    }
    for (int i = 0; i < view.tenants().size(); i++) {
      tenant(view.tenants().get(i), "tenant-" + (i + 1));
    }
    if (!view.otherOutcomes().isEmpty()) {
      html.append("<section aria-labelledby=\"other-outcomes\">")
          .append("<h2 id=\"other-outcomes\">Other renewals and hand-overs</h2>")
          .append("<p class=\"meta\">Requests for apps that were not found in a scanned tenant."
              + "</p>");
      outcomeTable(view.otherOutcomes(), true, "Renewals and hand-overs of other apps");
      html.append("</section>");
    }
    html.append("</main><footer><p>The same data as JSON: <a href=\"api/credentials\">")
        .append("api/credentials</a> and <a href=\"api/outcomes\">api/outcomes</a>.</p>")
        .append("</footer></body></html>\n");
    return html.toString();
  }

  private void header() {
    html.append("<header><h1>Credential expiry</h1><p class=\"meta\">Last scan: ")
        .append(view.lastScanIfAny().map(DashboardPage::time).orElse("none yet"))
        .append(" &middot; renewal is due ").append(view.renewBeforeDays())
        .append(" days before expiry &middot; days left as of ").append(time(view.now()))
        .append("</p>");
    html.append("<ul class=\"legend\" aria-label=\"Status bands\">");
    for (Status status : Status.values()) {
      html.append("<li class=\"").append(status.code()).append("\">").append(status.mark())
          .append(' ').append(status.label()).append(": ").append(bandText(status))
          .append("</li>");
    }
    html.append("</ul>");
    if (view.tenants().size() > 1) {
      html.append("<nav aria-label=\"Tenants\"><ul>");
      for (int i = 0; i < view.tenants().size(); i++) {
        html.append("<li><a href=\"#tenant-").append(i + 1).append("\">")
            .append(Html.escape(view.tenants().get(i).name())).append("</a></li>");
      }
      html.append("</ul></nav>");
    }
    html.append("</header>");
  }

  private String bandText(Status status) {
    return switch (status) {
      case EXPIRED -> "no longer works";
      case DUE -> "expires within " + view.renewBeforeDays() + " days";
      case LATER -> "expires later";
    };
  }

  private void tenant(TenantView tenant, String id) {
    String name = Html.escape(tenant.name());
    html.append("<section id=\"").append(id).append("\" aria-labelledby=\"").append(id)
        .append("-heading\"><h2 id=\"").append(id).append("-heading\">Tenant ").append(name)
        .append("</h2>");
    ScanReport report = tenant.report();
    html.append("<p class=\"meta\">").append(report.appsSeen()).append(" apps with ")
        .append(report.credentialsSeen()).append(" credentials scanned; ")
        .append(summary(tenant)).append("</p>");

    html.append("<h3>Credentials by days left</h3>");
    if (tenant.rows().isEmpty()) {
      html.append("<p class=\"empty\">No credential of this tenant expires within the scanned"
          + " window.</p>");
    } else {
      html.append("<figure>")
          .append(TimelineChart.svg(tenant.rows(), view.renewBeforeDays(), id + "-chart",
              "Tenant " + tenant.name() + ": " + summary(tenant)))
          .append("<figcaption>Each mark is one credential, placed by its days left. ")
          .append("The table below lists the same credentials.</figcaption></figure>");
      credentialTable(tenant);
    }

    html.append("<h3>Recent renewals and hand-overs</h3>");
    if (tenant.outcomes().isEmpty()) {
      html.append("<p class=\"empty\">No renewals or hand-overs for this tenant yet.</p>");
    } else {
      outcomeTable(tenant.outcomes(), false,
          "Recent renewals and hand-overs of tenant " + tenant.name());
    }
    html.append("</section>");
  }

  private static String summary(TenantView tenant) {
    return tenant.rows().size() + " expire within the scanned window ("
        + tenant.count(Status.EXPIRED) + " expired, " + tenant.count(Status.DUE)
        + " due for renewal, " + tenant.count(Status.LATER) + " not yet due).";
  }

  private void credentialTable(TenantView tenant) {
    html.append("<table><caption class=\"caption\">Credentials of tenant ")
        .append(Html.escape(tenant.name())).append(", soonest expiry first</caption><thead><tr>")
        .append("<th scope=\"col\" class=\"num\">Days left</th><th scope=\"col\">Status</th>")
        .append("<th scope=\"col\">App</th><th scope=\"col\">Type</th>")
        .append("<th scope=\"col\">Key id</th><th scope=\"col\">Expires</th>")
        .append("<th scope=\"col\">Action</th></tr></thead><tbody>");
    for (CredentialRow row : tenant.rows()) {
      ScanFinding finding = row.finding();
      html.append("<tr class=\"").append(row.status().code()).append("\">")
          .append("<td class=\"num\">").append(row.daysLeft()).append("</td>")
          .append("<td class=\"status\">").append(row.status().mark()).append(' ')
          .append(row.status().label()).append("</td>")
          .append("<th scope=\"row\">").append(Html.escape(finding.app().displayName()))
          .append("<span class=\"sub mono\">").append(Html.escape(finding.app().clientId().value()))
          .append("</span></th>")
          .append("<td>").append(finding.credential().type().displayName()).append("</td>")
          .append("<td class=\"mono\">").append(finding.credential().keyId()).append("</td>")
          .append("<td>").append(timeElement(finding.credential().end(), DATE)).append("</td>")
          .append("<td>").append(Html.escape(action(finding))).append("</td></tr>");
    }
    html.append("</tbody></table>");
  }

  private void outcomeTable(List<RecentOutcome> outcomes, boolean withTenant, String caption) {
    html.append("<table><caption class=\"caption\">").append(Html.escape(caption))
        .append(", newest first</caption><thead><tr><th scope=\"col\">When</th>");
    if (withTenant) {
      html.append("<th scope=\"col\">Tenant</th>");
    }
    html.append("<th scope=\"col\">App</th><th scope=\"col\">Type</th>")
        .append("<th scope=\"col\">Outcome</th><th scope=\"col\">Reason</th>")
        .append("<th scope=\"col\">Task</th></tr></thead><tbody>");
    for (RecentOutcome outcome : outcomes) {
      html.append("<tr><td>").append(timeElement(outcome.when(), TIME)).append("</td>");
      if (withTenant) {
        html.append("<td>").append(Html.escape(orUnknown(outcome.tenant()))).append("</td>");
      }
      html.append("<th scope=\"row\">").append(Html.escape(orUnknown(outcome.app())))
          .append("<span class=\"sub mono\">").append(Html.escape(outcome.clientId()))
          .append("</span></th><td>").append(Html.escape(outcome.type())).append("</td>")
          .append("<td class=\"outcome ").append(outcomeClass(outcome.outcome())).append("\">")
          .append(Html.escape(outcome.outcome())).append("</td>")
          .append("<td>").append(Html.escape(outcome.reason())).append("</td>")
          .append("<td class=\"mono\">").append(Html.escape(outcome.taskId()))
          .append("</td></tr>");
    }
    html.append("</tbody></table>");
  }

  /** What the scan did about a finding, in words. */
  static String action(ScanFinding finding) {
    String task = finding.taskIfAny().map(id -> " " + id.value()).orElse("");
    return switch (finding.action()) {
      case TASK_OPENED -> "Renewal task" + task + " opened";
      case TASK_ALREADY_OPEN -> "Renewal task" + task + " already open";
      case TASK_NEEDED -> "Renewal task needed";
      case COVERED_BY_NEWER -> "Covered by a newer credential";
      case SAME_TASK_AS_OTHER -> "Renewed with the app's other expiring credential";
      case TASK_OPEN_FAILED -> "Opening the renewal task failed; the next scan retries";
    };
  }

  /** A CSS class for the known outcomes, so that "handed over" and "HANDED_OVER" look alike. */
  private static String outcomeClass(String outcome) {
    String letters = outcome.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
    return switch (letters) {
      case "renewed", "handedover", "failed" -> "outcome-" + letters;
      default -> "outcome-other";
    };
  }

  private static String orUnknown(String text) {
    return text.isEmpty() ? "unknown" : text;
  }

  private static String timeElement(Instant instant, DateTimeFormatter format) {
    return "<time datetime=\"" + instant + "\">" + format.format(instant) + "</time>";
  }

  private static String time(Instant instant) {
    return timeElement(instant, TIME);
  }
}
