package io.entrarenewal.runner.service.dashboard;

import io.entrarenewal.runner.service.dashboard.DashboardView.CredentialRow;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * An inline SVG timeline of a tenant's credentials by days left: one mark per credential, its
 * shape and colour by status, marks at the same spot stacked. The page's table holds the same
 * data in text, so the chart is an image with a summary for screen readers.
 */
final class TimelineChart {

  /** Credentials that expired longer ago than this many days are drawn at the left edge. */
  static final int PAST_LIMIT_DAYS = 60;

  private static final int WIDTH = 720;
  private static final int PLOT_LEFT = 32;
  private static final int PLOT_RIGHT = WIDTH - 32;
  private static final int TOP = 40;
  private static final int SPACING = 12;
  private static final int MAX_STACK = 10;
  private static final int[] TICK_STEPS = {1, 2, 5, 7, 14, 30, 60, 90, 180, 365, 730};

  private final List<CredentialRow> rows;
  private final long renewBeforeDays;
  private final long low;
  private final long high;

  private TimelineChart(List<CredentialRow> rows, long renewBeforeDays) {
    this.rows = rows;
    this.renewBeforeDays = renewBeforeDays;
    long soonest = rows.stream().mapToLong(CredentialRow::daysLeft).min().orElse(0);
    long latest = rows.stream().mapToLong(CredentialRow::daysLeft).max().orElse(0);
    this.low = Math.max(-PAST_LIMIT_DAYS, Math.min(0, soonest));
    this.high = Math.max(Math.max(latest, renewBeforeDays), low + 1);
  }

  /**
   * The SVG element for these rows.
   *
   * @param rows the credentials, sorted by days left
   * @param renewBeforeDays where the "renewal due" line is drawn
   * @param id a document-unique prefix for the element ids
   * @param summary the text alternative of the chart
   */
  static String svg(List<CredentialRow> rows, long renewBeforeDays, String id, String summary) {
    return new TimelineChart(rows, renewBeforeDays).render(id, summary);
  }

  private String render(String id, String summary) {
    Layout layout = layout();
    int axisY = TOP + layout.levels() * SPACING + 8;
    int height = axisY + 40;

    StringBuilder svg = new StringBuilder();
    svg.append("<svg class=\"timeline\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
        .append("\" role=\"img\" aria-labelledby=\"").append(id).append("-title ").append(id)
        .append("-desc\" xmlns=\"http://www.w3.org/2000/svg\">")
        .append("<title id=\"").append(id).append("-title\">Credentials by days left</title>")
        .append("<desc id=\"").append(id).append("-desc\">").append(Html.escape(summary))
        .append("</desc>");
    drawBands(svg, axisY);
    drawAxis(svg, axisY);
    drawMarks(svg, layout, axisY);
    return svg.append("</svg>").toString();
  }

  /** Where each mark goes: its column on the axis and its level in that column's stack. */
  private record Placed(CredentialRow row, long column, int level) {}

  /** The placed marks, how many did not fit per column, and the stack levels needed. */
  private record Layout(List<Placed> marks, Map<Long, Integer> hidden, int levels) {}

  private Layout layout() {
    List<Placed> marks = new ArrayList<>();
    Map<Long, Integer> hidden = new TreeMap<>();
    Map<Long, Integer> stacks = new HashMap<>();
    int levels = 1;
    for (CredentialRow row : rows) {
      long column = Math.round((x(row.daysLeft()) - PLOT_LEFT) / SPACING);
      int level = stacks.merge(column, 1, Integer::sum) - 1;
      if (level < MAX_STACK) {
        marks.add(new Placed(row, column, level));
        levels = Math.max(levels, level + 1);
      } else {
        hidden.merge(column, 1, Integer::sum);
        levels = MAX_STACK + 1;
      }
    }
    return new Layout(marks, hidden, levels);
  }

  private void drawMarks(StringBuilder svg, Layout layout, int axisY) {
    for (Placed placed : layout.marks()) {
      mark(svg, placed.row(), PLOT_LEFT + placed.column() * SPACING,
          axisY - 8 - placed.level() * SPACING);
    }
    for (Map.Entry<Long, Integer> column : layout.hidden().entrySet()) {
      text(svg, "more", PLOT_LEFT + column.getKey() * SPACING,
          axisY - 4 - MAX_STACK * SPACING, "middle", "+" + column.getValue());
    }
  }

  private void drawBands(StringBuilder svg, int axisY) {
    double today = x(0);
    double due = x(renewBeforeDays);
    if (low < 0) {
      rect(svg, "band-expired", PLOT_LEFT, today, axisY);
    }
    rect(svg, "band-due", today, due, axisY);
    if (high > renewBeforeDays) {
      rect(svg, "band-later", due, PLOT_RIGHT, axisY);
    }
    // The two labels sit on separate lines, so that they never overlap when the rules are close.
    line(svg, "rule", today, TOP - 24, axisY);
    label(svg, today, TOP - 26, "today");
    line(svg, "rule", due, TOP - 10, axisY);
    label(svg, due, TOP - 12, "renewal due (" + renewBeforeDays + " d)");
  }

  /** A rule's label beside it, on the side with room for the text. */
  private static void label(StringBuilder svg, double x, int y, String content) {
    boolean roomOnRight = x + content.length() * 6.5 + 4 < WIDTH;
    text(svg, "rule-label", roomOnRight ? x + 4 : x - 4, y, roomOnRight ? "start" : "end",
        content);
  }

  private void drawAxis(StringBuilder svg, int axisY) {
    svg.append("<line class=\"axis\" x1=\"").append(PLOT_LEFT).append("\" y1=\"").append(axisY)
        .append("\" x2=\"").append(PLOT_RIGHT).append("\" y2=\"").append(axisY).append("\"/>");
    long step = tickStep();
    boolean clamped = low == -PAST_LIMIT_DAYS;
    for (long day = -Math.floorDiv(-low, step) * step; day <= high; day += step) {
      // Near a clamped left edge, the edge's own label takes the place of the regular tick.
      if (day >= low && !(clamped && day - low < step * 0.6)) {
        tick(svg, day, axisY, Long.toString(day));
      }
    }
    if (clamped) {
      tick(svg, low, axisY, "\u2264 " + low);
    }
    text(svg, "axis-label", (PLOT_LEFT + PLOT_RIGHT) / 2.0, axisY + 34, "middle", "days left");
  }

  private static void mark(StringBuilder svg, CredentialRow row, double cx, double cy) {
    svg.append("<g class=\"mark ").append(row.status().code()).append("\"><title>")
        .append(Html.escape(markTitle(row))).append("</title>");
    switch (row.status()) {
      case EXPIRED -> svg.append("<path d=\"M").append(n(cx - 4)).append(',').append(n(cy - 4))
          .append(" L").append(n(cx + 4)).append(',').append(n(cy + 4))
          .append(" M").append(n(cx + 4)).append(',').append(n(cy - 4))
          .append(" L").append(n(cx - 4)).append(',').append(n(cy + 4)).append("\"/>");
      case DUE -> svg.append("<path d=\"M").append(n(cx)).append(',').append(n(cy - 5))
          .append(" L").append(n(cx + 5)).append(',').append(n(cy + 4))
          .append(" L").append(n(cx - 5)).append(',').append(n(cy + 4)).append(" Z\"/>");
      case LATER -> svg.append("<circle cx=\"").append(n(cx)).append("\" cy=\"").append(n(cy))
          .append("\" r=\"4.5\"/>");
    }
    svg.append("</g>");
  }

  private static String markTitle(CredentialRow row) {
    LocalDate end = LocalDate.ofInstant(row.finding().credential().end(), ZoneOffset.UTC);
    return row.finding().app().displayName() + ", "
        + row.finding().credential().type().displayName() + ": " + row.daysLeft()
        + " days left (expires " + end + ")";
  }

  private void tick(StringBuilder svg, long day, int axisY, String label) {
    double x = x(day);
    line(svg, "tick", x, axisY, axisY + 5);
    text(svg, "tick-label", x, axisY + 18, "middle", label);
  }

  private long tickStep() {
    long span = high - low;
    for (int step : TICK_STEPS) {
      if (span / step <= 10) {
        return step;
      }
    }
    return TICK_STEPS[TICK_STEPS.length - 1];
  }

  private double x(long days) {
    long clamped = Math.max(low, Math.min(high, days));
    return PLOT_LEFT + (double) (clamped - low) * (PLOT_RIGHT - PLOT_LEFT) / (high - low);
  }

  private static void rect(StringBuilder svg, String cssClass, double from, double to, int axisY) {
    svg.append("<rect class=\"").append(cssClass).append("\" x=\"").append(n(from))
        .append("\" y=\"").append(TOP - 6).append("\" width=\"").append(n(Math.max(0, to - from)))
        .append("\" height=\"").append(axisY - TOP + 6).append("\"/>");
  }

  private static void line(StringBuilder svg, String cssClass, double x, int y1, int y2) {
    svg.append("<line class=\"").append(cssClass).append("\" x1=\"").append(n(x))
        .append("\" y1=\"").append(y1).append("\" x2=\"").append(n(x)).append("\" y2=\"")
        .append(y2).append("\"/>");
  }

  private static void text(StringBuilder svg, String cssClass, double x, double y, String anchor,
      String content) {
    svg.append("<text class=\"").append(cssClass).append("\" x=\"").append(n(x))
        .append("\" y=\"").append(n(y)).append("\" text-anchor=\"").append(anchor).append("\">")
        .append(Html.escape(content)).append("</text>");
  }

  private static String n(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }
}
