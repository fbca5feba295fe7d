package io.entrarenewal.runner.service.engine;

import java.time.Duration;
import java.util.Objects;

/**
 * Exponential backoff: the first retry waits {@code initial}, each further one twice as long,
 * never longer than {@code max}.
 *
 * @param initial the first delay
 * @param max the longest delay
 */
public record Backoff(Duration initial, Duration max) {

  /** Validates the delays. */
  public Backoff {
    Objects.requireNonNull(initial, "'initial' must not be null");
    Objects.requireNonNull(max, "'max' must not be null");
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("'initial' must be positive and at most 'max'");
    }
  }

  /** The delay after {@code failures} failures in a row (counting from 1). */
  public Duration delayAfter(int failures) {
    Duration delay = initial;
    for (int i = 1; i < failures && delay.compareTo(max) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    return delay.compareTo(max) > 0 ? max : delay;
  }
}
