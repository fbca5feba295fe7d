package io.entrarenewal.runner.service.dashboard;

import java.time.Duration;
import java.time.Instant;

/** Where a credential stands: the colour band of the dashboard, always with a word and a mark. */
enum Status {
  EXPIRED("expired", "Expired", "\u2715"),
  DUE("due", "Due for renewal", "\u25B2"),
  LATER("later", "Not yet due", "\u25CF");

  private final String code;
  private final String label;
  private final String mark;

  Status(String code, String label, String mark) {
    this.code = code;
    this.label = label;
    this.mark = mark;
  }

  /** The status of a credential ending at {@code end}, seen at {@code now}. */
  static Status of(Instant end, Instant now, Duration renewBefore) {
    if (!end.isAfter(now)) {
      return EXPIRED;
    }
    // The same boundary as the scan: due when it ends no later than now plus the window.
    return end.isAfter(now.plus(renewBefore)) ? LATER : DUE;
  }

  /** The lower-case name used in CSS classes and in the JSON API. */
  String code() {
    return code;
  }

  /** The words shown next to the colour. */
  String label() {
    return label;
  }

  /** A symbol that tells the bands apart without colour. */
  String mark() {
    return mark;
  }
}
