package io.entrarenewal.runner.service.dashboard;

import static io.entrarenewal.runner.service.dashboard.Samples.NOW;
import static io.entrarenewal.runner.service.dashboard.Samples.RENEW_BEFORE;
import static io.entrarenewal.runner.service.dashboard.Samples.inDays;
import static io.entrarenewal.runner.service.dashboard.Samples.report;
import static io.entrarenewal.runner.service.dashboard.Samples.secretFinding;
import static org.assertj.core.api.Assertions.assertThat;

import io.entrarenewal.core.domain.ScanFinding;
import io.entrarenewal.runner.service.dashboard.DashboardView.CredentialRow;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TimelineChartTest {

  @Test
  void givenCredentials_svg_drawsOneMarkEachWithItsStatusAndTitle() {
    String svg = chart(
        secretFinding("production", "Expired-App", inDays(-3)),
        secretFinding("production", "Soon-App", inDays(5)),
        secretFinding("production", "Later-App", inDays(40)));

    assertThat(count(svg, "<g class=\"mark expired\">")).isEqualTo(1);
    assertThat(count(svg, "<g class=\"mark due\">")).isEqualTo(1);
    assertThat(count(svg, "<g class=\"mark later\">")).isEqualTo(1);
    assertThat(svg).contains("<title>Soon-App, Secret: 5 days left (expires 2026-12-09)</title>")
        .contains(">today</text>").contains(">renewal due (30 d)</text>")
        .contains("role=\"img\"").contains("<desc id=\"c-desc\">summary</desc>");
  }

  @Test
  void givenManyCredentialsOnOneDay_svg_stacksTenAndCountsTheRest() {
    ScanFinding[] findings = IntStream.range(0, 15)
        .mapToObj(i -> secretFinding("production", "App-" + i, inDays(7)))
        .toArray(ScanFinding[]::new);

    String svg = chart(findings);

    assertThat(count(svg, "<g class=\"mark due\">")).isEqualTo(10);
    assertThat(svg).contains(">+5</text>");
  }

  @Test
  void givenLongExpiredCredential_svg_drawsItAtTheLabelledLeftEdge() {
    String svg = chart(secretFinding("production", "Ancient-App", inDays(-400)),
        secretFinding("production", "Soon-App", inDays(5)));

    assertThat(svg).contains(">\u2264 -60</text>")
        .contains("<title>Ancient-App, Secret: -400 days left (expires 2025-10-30)</title>");
  }

  private static String chart(ScanFinding... findings) {
    DashboardView view = DashboardView.of(new DashboardData(
        Map.of("production", report(findings)), List.of(), NOW, RENEW_BEFORE), NOW);
    List<CredentialRow> rows = view.tenants().get(0).rows();
    return TimelineChart.svg(rows, view.renewBeforeDays(), "c", "summary");
  }

  private static long count(String text, String part) {
    return Pattern.compile(Pattern.quote(part)).matcher(text).results().count();
  }
}
