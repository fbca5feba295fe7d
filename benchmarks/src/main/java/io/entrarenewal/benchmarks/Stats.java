package io.entrarenewal.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Durations of repeated runs, summarised as the benchmarks report them: median and p95. */
final class Stats {

  private final List<Long> nanos = new ArrayList<>();

  /** Records one run. */
  void add(long durationNanos) {
    nanos.add(durationNanos);
  }

  int count() {
    return nanos.size();
  }

  /** The median in milliseconds. */
  double medianMillis() {
    return percentileMillis(50);
  }

  /** The 95th percentile in milliseconds (nearest rank). */
  double p95Millis() {
    return percentileMillis(95);
  }

  /** The nearest-rank percentile in milliseconds; 0 when nothing was recorded. */
  double percentileMillis(int percentile) {
    if (nanos.isEmpty()) {
      return 0;
    }
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    int rank = (int) Math.ceil(percentile / 100.0 * sorted.size());
    return sorted.get(Math.max(0, rank - 1)) / 1_000_000.0;
  }

  /** "median 12.3 ms, p95 15.0 ms (n=50)". */
  String summary() {
    return String.format(Locale.ROOT, "median %8.1f ms, p95 %8.1f ms (n=%d)", medianMillis(),
        p95Millis(), count());
  }

  /** The ratio of two medians, as "1.23x". */
  static String ratio(double numerator, double denominator) {
    return denominator <= 0 ? "n/a" : String.format(Locale.ROOT, "%.2fx", numerator / denominator);
  }
}
