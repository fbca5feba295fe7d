package io.entrarenewal.runner.service.dashboard;

import static io.entrarenewal.runner.service.dashboard.Samples.NOW;
import static io.entrarenewal.runner.service.dashboard.Samples.RENEW_BEFORE;
import static io.entrarenewal.runner.service.dashboard.Samples.certificateFinding;
import static io.entrarenewal.runner.service.dashboard.Samples.inDays;
import static io.entrarenewal.runner.service.dashboard.Samples.outcome;
import static io.entrarenewal.runner.service.dashboard.Samples.report;
import static io.entrarenewal.runner.service.dashboard.Samples.secretFinding;
import static org.assertj.core.api.Assertions.assertThat;

import io.entrarenewal.core.domain.ScanReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DashboardPageTest {

  private static final Pattern ROW =
      Pattern.compile("<tr class=\"(\\w+)\"><td class=\"num\">(-?\\d+)</td>"
          + "<td class=\"status\">[^<]*</td><th scope=\"row\">([^<]*)<span");

  @Test
  void givenHostileValues_render_escapesEveryOne() {
    String script = "<script>alert('app')</script>";
    String image = "\"><img src=x onerror=alert(1)>";
    DashboardData data = new DashboardData(
        Map.of("t<b>&", report(secretFinding("t<b>&", script, inDays(3)))),
        List.of(new RecentOutcome(NOW, "t<b>&", script, "id" + image, "Secret" + image,
            "failed" + image, "because " + script, "T1" + image)),
        NOW, RENEW_BEFORE);

    String page = render(data);

    assertThat(page).doesNotContainIgnoringCase("<script").doesNotContainIgnoringCase("<img")
        .doesNotContain("<b>");
    assertThat(page).contains("&lt;script&gt;alert(&#39;app&#39;)&lt;/script&gt;")
        .contains("because &lt;script&gt;")
        .contains("failed&quot;&gt;&lt;img src=x onerror=alert(1)&gt;")
        .contains("Tenant t&lt;b&gt;&amp;");
  }

  @Test
  void givenControlCharacters_render_dropsThem() {
    DashboardData data = new DashboardData(Map.of(), List.of(
        outcome("", "bell\u0007app", "failed", "null\u0000byte", 1)), NOW, RENEW_BEFORE);

    String page = render(data);

    assertThat(page).contains("bellapp").contains("nullbyte").doesNotContain("\u0000", "\u0007");
  }

  @Test
  void givenUnsortedFindings_render_listsSoonestExpiryFirstWithStatus() {
    ScanReport scan = report(
        secretFinding("production", "Later-App", inDays(45)),
        certificateFinding("production", "Expired-App", NOW.minus(Duration.ofHours(2))),
        secretFinding("production", "Soon-App", inDays(4)),
        certificateFinding("production", "Long-Expired-App", inDays(-90)));
    DashboardData data = new DashboardData(Map.of("production", scan), List.of(), NOW,
        RENEW_BEFORE);

    List<String[]> rows = rows(render(data));

    assertThat(rows).extracting(row -> row[2])
        .containsExactly("Long-Expired-App", "Expired-App", "Soon-App", "Later-App");
    assertThat(rows).extracting(row -> row[1]).containsExactly("-90", "0", "4", "45");
    assertThat(rows).extracting(row -> row[0])
        .containsExactly("expired", "expired", "due", "later");
  }

  @Test
  void givenEveryStatus_render_namesItInWordsNotOnlyColour() {
    ScanReport scan = report(
        secretFinding("production", "Expired-App", inDays(-2)),
        secretFinding("production", "Soon-App", inDays(4)),
        secretFinding("production", "Later-App", inDays(45)));

    String page = render(new DashboardData(Map.of("production", scan), List.of(), NOW,
        RENEW_BEFORE));

    assertThat(page).contains("<td class=\"status\">\u2715 Expired</td>")
        .contains("<td class=\"status\">\u25B2 Due for renewal</td>")
        .contains("<td class=\"status\">\u25CF Not yet due</td>")
        .contains("3 expire within the scanned window (1 expired, 1 due for renewal, 1 not yet"
            + " due)");
  }

  @Test
  void givenNoScanYet_render_saysSoAndHasNoTable() {
    String page = render(DashboardData.empty(RENEW_BEFORE));

    assertThat(page).contains("No scan has run yet.").contains("Last scan: none yet")
        .doesNotContain("<table", "<svg");
  }

  @Test
  void givenTenantWithNothingExpiring_render_saysSoInItsSection() {
    DashboardData data = new DashboardData(Map.of("education", report()), List.of(), NOW,
        RENEW_BEFORE);

    String page = render(data);

    assertThat(page).contains("<h2 id=\"tenant-1-heading\">Tenant education</h2>")
        .contains("No credential of this tenant expires within the scanned window.")
        .contains("No renewals or hand-overs for this tenant yet.")
        .doesNotContain("<svg");
  }

  @Test
  void givenOutcomes_render_showsThemPerTenantNewestFirstAndOthersApart() {
    Map<String, ScanReport> scans = new LinkedHashMap<>();
    scans.put("production", report(secretFinding("production", "HR-Portal", inDays(12))));
    scans.put("education", report());
    DashboardData data = new DashboardData(scans, List.of(
        outcome("production", "Old-Renewal", "renewed", "Renewed and verified", 90),
        outcome("production", "Orphan-App", "handed over", "No vault entry", 5),
        outcome("", "Unknown-App", "failed", "App not found in any tenant", 1)), NOW,
        RENEW_BEFORE);

    String page = render(data);

    String production = section(page, "tenant-1");
    assertThat(production.indexOf("Orphan-App")).isPositive()
        .isLessThan(production.indexOf("Old-Renewal"));
    assertThat(production).contains("No vault entry").doesNotContain("Unknown-App");
    assertThat(section(page, "tenant-2")).doesNotContain("Orphan-App");
    assertThat(page.substring(page.indexOf("Other renewals and hand-overs")))
        .contains("Unknown-App", "App not found in any tenant", "<td>unknown</td>");
    assertThat(page).contains("<td class=\"outcome outcome-handedover\">handed over</td>");
  }

  @Test
  void givenSeveralTenants_render_linksEachSection() {
    Map<String, ScanReport> scans = new LinkedHashMap<>();
    scans.put("production", report());
    scans.put("education", report());

    String page = render(new DashboardData(scans, List.of(), NOW, RENEW_BEFORE));

    assertThat(page).contains("<a href=\"#tenant-1\">production</a>")
        .contains("<a href=\"#tenant-2\">education</a>")
        .contains("<section id=\"tenant-2\"");
  }

  private static String render(DashboardData data) {
    return DashboardPage.render(DashboardView.of(data, NOW));
  }

  private static List<String[]> rows(String page) {
    List<String[]> rows = new ArrayList<>();
    Matcher matcher = ROW.matcher(page);
    while (matcher.find()) {
      rows.add(new String[] {matcher.group(1), matcher.group(2), matcher.group(3)});
    }
    return rows;
  }

  private static String section(String page, String id) {
    int start = page.indexOf("<section id=\"" + id + "\"");
    return page.substring(start, page.indexOf("</section>", start));
  }
}
