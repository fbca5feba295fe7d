package io.entrarenewal.runner.service.engine;

import io.entrarenewal.core.domain.ExternalSystem;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the service knows about the reachability of each external system, learnt from the
 * answers of real calls. After a call finds a system unavailable, work that needs the system
 * pauses with exponential backoff; the first call after the pause is the probe, and an answer
 * ends the outage. Thread-safe.
 */
public final class Outages {

  /** How a system answered its most recent call. */
  public enum Reachability {
    /** No call has been made yet. */
    UNKNOWN,
    /** The system answered (a refusal is an answer too). */
    REACHABLE,
    /** The system could not be reached or was overloaded. */
    UNAVAILABLE
  }

  /**
   * One system's state.
   *
   * @param reachability how its most recent call went
   * @param failuresInRow outages seen in a row, counting one per pause
   * @param pausedUntil when work needing it may start again; null when not paused
   */
  public record SystemState(Reachability reachability, int failuresInRow, Instant pausedUntil) {

    /** The end of the pause, if the system is paused. */
    public Optional<Instant> pausedUntilIfAny() {
      return Optional.ofNullable(pausedUntil);
    }
  }

  private final Backoff backoff;
  private final Clock clock;
  private final Map<ExternalSystem, SystemState> states = new EnumMap<>(ExternalSystem.class);

  /** Outages paused with {@code backoff}, timed by {@code clock}. */
  public Outages(Backoff backoff, Clock clock) {
    this.backoff = Objects.requireNonNull(backoff, "'backoff' must not be null");
    this.clock = Objects.requireNonNull(clock, "'clock' must not be null");
    for (ExternalSystem system : ExternalSystem.values()) {
      states.put(system, new SystemState(Reachability.UNKNOWN, 0, null));
    }
  }

  /** Records that {@code system} answered a call. */
  public synchronized void answered(ExternalSystem system) {
    states.put(system, new SystemState(Reachability.REACHABLE, 0, null));
  }

  /** Records that a call found {@code system} unavailable; pauses work that needs it. */
  public synchronized void unavailable(ExternalSystem system) {
    Instant now = clock.instant();
    SystemState state = states.get(system);
    // Calls already in flight when the outage began fail too; only a failure after the pause
    // (a failed probe) makes the next pause longer.
    boolean inPause = state.pausedUntil() != null && now.isBefore(state.pausedUntil());
    int failures = inPause ? state.failuresInRow() : state.failuresInRow() + 1;
    Instant until = inPause ? state.pausedUntil() : now.plus(backoff.delayAfter(failures));
    states.put(system, new SystemState(Reachability.UNAVAILABLE, failures, until));
  }

  /** Whether work that needs {@code system} must wait now. */
  public synchronized boolean isPaused(ExternalSystem system) {
    Instant until = states.get(system).pausedUntil();
    return until != null && clock.instant().isBefore(until);
  }

  /** Whether work that needs any of {@code systems} must wait now. */
  public boolean anyPaused(Collection<ExternalSystem> systems) {
    return systems.stream().anyMatch(this::isPaused);
  }

  /** The state of every system. */
  public synchronized Map<ExternalSystem, SystemState> snapshot() {
    return Map.copyOf(states);
  }
}
