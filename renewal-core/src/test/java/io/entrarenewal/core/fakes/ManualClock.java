package io.entrarenewal.core.fakes;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * A clock that moves only when told to, so that backoffs, Retry-After pauses and propagation
 * delays pass in a test without real waiting. Each move is recorded. Thread-safe.
 *
 * <p>An adapter's test lets the adapter "sleep" on it by implementing that adapter's own pause
 * interface with {@link #advance(Duration)}.
 */
public class ManualClock extends Clock {

  private Instant now;
  private final List<Duration> advances = new ArrayList<>();

  /** A clock standing at {@code start}. */
  public ManualClock(Instant start) {
    this.now = start;
  }

  /** Moves the clock forward by {@code duration} and records the move. */
  public synchronized void advance(Duration duration) {
    advances.add(duration);
    now = now.plus(duration);
  }

  /** Every move so far, oldest first. */
  public synchronized List<Duration> advances() {
    return List.copyOf(advances);
  }

  /** The moves from the {@code from}-th on. */
  public synchronized List<Duration> advancesSince(int from) {
    return List.copyOf(advances.subList(from, advances.size()));
  }

  /** How many moves there have been. */
  public synchronized int advanceCount() {
    return advances.size();
  }

  @Override
  public synchronized Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
