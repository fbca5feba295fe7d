package io.entrarenewal.adapter.graph;

import io.entrarenewal.core.domain.ExternalSystem;
import io.entrarenewal.core.domain.ExternalSystemException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** The clock and the pauses of retries and verification, replaceable so tests do not wait. */
interface Pacer {

  /** The current time. */
  Instant now();

  /** Pauses for {@code duration}. */
  void sleep(Duration duration);

  /** The system clock and {@link Thread#sleep}. */
  static Pacer system() {
    Clock clock = Clock.systemUTC();
    return new Pacer() {
      @Override
      public Instant now() {
        return clock.instant();
      }

      @Override
      public void sleep(Duration duration) {
        try {
          Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new ExternalSystemException(ExternalSystem.DIRECTORY,
              ExternalSystemException.Kind.UNAVAILABLE, "interrupted while waiting to retry", e);
        }
      }
    };
  }
}
