package io.entrarenewal.runner.service.engine;

import java.time.Duration;
import java.util.Objects;

/**
 * How the engine runs.
 *
 * @param claimant the name this instance claims tasks under (for Ivanti, an owner login)
 * @param pollInterval the pause between two looks at the work queue
 * @param scanInterval the pause between two scans
 * @param scanWindow credentials expiring within this time get a renewal task
 * @param maxConcurrent the most renewals running at once
 * @param taskBackoff how long a task left pending after a passing failure waits
 */
public record EngineSettings(
    String claimant,
    Duration pollInterval,
    Duration scanInterval,
    Duration scanWindow,
    int maxConcurrent,
    Backoff taskBackoff) {

  /** Validates the fields. */
  public EngineSettings {
    Objects.requireNonNull(claimant, "'claimant' must not be null");
    if (claimant.isBlank()) {
      throw new IllegalArgumentException("'claimant' must not be blank");
    }
    requirePositive(pollInterval, "pollInterval");
    requirePositive(scanInterval, "scanInterval");
    requirePositive(scanWindow, "scanWindow");
    if (maxConcurrent < 1 || maxConcurrent > 64) {
      throw new IllegalArgumentException("'maxConcurrent' must be between 1 and 64");
    }
    Objects.requireNonNull(taskBackoff, "'taskBackoff' must not be null");
  }

  private static void requirePositive(Duration value, String name) {
    Objects.requireNonNull(value, "'" + name + "' must not be null");
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException("'" + name + "' must be positive");
    }
  }
}
