package io.entrarenewal.core.domain;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often and how patiently a call that failed for a passing reason is repeated: exponential
 * backoff with full jitter, capped, and a server's {@code Retry-After} honoured when it asks for
 * longer. Adapters apply it only to calls that cannot duplicate a side effect.
 *
 * @param maxAttempts how many attempts in all, the first included (at least 1)
 * @param initialDelay the base delay before the second attempt
 * @param maxDelay no delay is longer than this, whatever a server asks
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay) {

  /** Validates the fields. */
  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("'maxAttempts' must be at least 1");
    }
    Objects.requireNonNull(initialDelay, "'initialDelay' must not be null");
    Objects.requireNonNull(maxDelay, "'maxDelay' must not be null");
    if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0) {
      throw new IllegalArgumentException("delays must satisfy 0 <= initialDelay <= maxDelay");
    }
  }

  /** Three attempts, starting at half a second, never waiting more than a minute. */
  public static RetryPolicy standard() {
    return new RetryPolicy(3, Duration.ofMillis(500), Duration.ofSeconds(60));
  }

  /** A single attempt: no retries. */
  public static RetryPolicy none() {
    return new RetryPolicy(1, Duration.ZERO, Duration.ZERO);
  }

  /** Whether another attempt may follow attempt number {@code attempt} (counting from 1). */
  public boolean allowsAnotherAfter(int attempt) {
    return attempt < maxAttempts;
  }

  /**
   * The delay before the attempt after attempt number {@code attempt}: a random time up to the
   * exponential bound, or the server's {@code Retry-After} when that is longer, capped at
   * {@link #maxDelay()}.
   */
  public Duration delayAfter(int attempt, Optional<Duration> retryAfter) {
    long bound = initialDelay.toMillis() << Math.min(Math.max(attempt - 1, 0), 20);
    long capped = Math.min(bound, maxDelay.toMillis());
    long jittered = capped == 0 ? 0 : ThreadLocalRandom.current().nextLong(capped / 2, capped + 1);
    long wanted = Math.max(jittered, retryAfter.map(Duration::toMillis).orElse(0L));
    return Duration.ofMillis(Math.min(wanted, maxDelay.toMillis()));
  }
}
