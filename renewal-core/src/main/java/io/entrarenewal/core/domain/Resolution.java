package io.entrarenewal.core.domain;

import java.time.Duration;
import java.util.Objects;

/**
 * How a task is closed.
 *
 * @param text the resolution text
 * @param timeSpent the time spent to book on the task
 */
public record Resolution(String text, Duration timeSpent) {

  /** Validates the fields. */
  public Resolution {
    Objects.requireNonNull(text, "'text' must not be null");
    Objects.requireNonNull(timeSpent, "'timeSpent' must not be null");
  }
}
