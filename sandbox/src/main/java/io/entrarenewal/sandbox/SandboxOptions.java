package io.entrarenewal.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How a sandbox starts. Begin with {@link #defaults()} (the seeded demo world) and change what a
 * test needs with the {@code with...} methods.
 *
 * @param clock the sandbox's notion of now, for validity and expiry checks
 * @param propagationDelay how long a new credential stays unusable at the token endpoint, as
 *     Entra's replication delay; per tenant it can be changed later through the state API
 * @param world which world to seed
 * @param largeWorldApps the number of apps for {@link WorldKind#LARGE}, split over two tenants
 * @param emptySearch what Passwordstate answers to a search that finds nothing
 * @param ivantiEmptyBodyOnNoMatch whether an Ivanti {@code $filter} without a match answers 200
 *     with an empty body (as measured live) rather than {@code {"value":[]}}
 * @param ivantiPathPrefix a path prefix for Ivanti, such as {@code /HEAT} on some tenants
 */
public record SandboxOptions(Clock clock, Duration propagationDelay, WorldKind world,
    int largeWorldApps, EmptySearch emptySearch, boolean ivantiEmptyBodyOnNoMatch,
    String ivantiPathPrefix) {

  /** Which world the sandbox seeds at start. */
  public enum WorldKind {
    /** Two tenants, the vault lists and the ITSM offering, but no applications. */
    EMPTY,
    /** The demo world described in the documentation, with expected outcomes. */
    DEMO,
    /** The infrastructure of the demo plus many generated apps, for benchmarks. */
    LARGE
  }

  /**
   * Passwordstate's reply to a search without results. Limitation: the real reply is not
   * documented; one public client treats an error containing "No Passwords found" as empty.
   */
  public enum EmptySearch {
    /** 404 with the error body and "No Passwords found in the Password Lists ...". */
    NOT_FOUND,
    /** 200 with {@code []}. */
    EMPTY_ARRAY
  }

  /** Validates the options. */
  public SandboxOptions {
    Objects.requireNonNull(clock, "'clock' must not be null");
    Objects.requireNonNull(propagationDelay, "'propagationDelay' must not be null");
    Objects.requireNonNull(world, "'world' must not be null");
    Objects.requireNonNull(emptySearch, "'emptySearch' must not be null");
    Objects.requireNonNull(ivantiPathPrefix, "'ivantiPathPrefix' must not be null");
    if (propagationDelay.isNegative()) {
      throw new IllegalArgumentException("'propagationDelay' must not be negative");
    }
    if (largeWorldApps < 0) {
      throw new IllegalArgumentException("'largeWorldApps' must not be negative");
    }
    if (!ivantiPathPrefix.isEmpty()
        && (!ivantiPathPrefix.startsWith("/") || ivantiPathPrefix.endsWith("/"))) {
      throw new IllegalArgumentException("'ivantiPathPrefix' must start and not end with '/'");
    }
  }

  /** The demo world, the system clock, no propagation delay, realistic quirks. */
  public static SandboxOptions defaults() {
    return new SandboxOptions(Clock.systemUTC(), Duration.ZERO, WorldKind.DEMO, 100_000,
        EmptySearch.NOT_FOUND, true, "");
  }

  /** These options with {@code value} as the clock of tokens, credentials and dates. */
  public SandboxOptions withClock(Clock value) {
    return new SandboxOptions(value, propagationDelay, world, largeWorldApps, emptySearch,
        ivantiEmptyBodyOnNoMatch, ivantiPathPrefix);
  }

  /** These options with new credentials working only after {@code value}. */
  public SandboxOptions withPropagationDelay(Duration value) {
    return new SandboxOptions(clock, value, world, largeWorldApps, emptySearch,
        ivantiEmptyBodyOnNoMatch, ivantiPathPrefix);
  }

  /** These options seeding the world {@code value}. */
  public SandboxOptions withWorld(WorldKind value) {
    return new SandboxOptions(clock, propagationDelay, value, largeWorldApps, emptySearch,
        ivantiEmptyBodyOnNoMatch, ivantiPathPrefix);
  }

  /** A large world with this many apps. */
  public SandboxOptions withLargeWorld(int apps) {
    return new SandboxOptions(clock, propagationDelay, WorldKind.LARGE, apps, emptySearch,
        ivantiEmptyBodyOnNoMatch, ivantiPathPrefix);
  }

  /** These options with Passwordstate's empty-search reply {@code value}. */
  public SandboxOptions withEmptySearch(EmptySearch value) {
    return new SandboxOptions(clock, propagationDelay, world, largeWorldApps, value,
        ivantiEmptyBodyOnNoMatch, ivantiPathPrefix);
  }

  /** These options with or without the empty body for an Ivanti filter without a match. */
  public SandboxOptions withIvantiEmptyBodyOnNoMatch(boolean value) {
    return new SandboxOptions(clock, propagationDelay, world, largeWorldApps, emptySearch,
        value, ivantiPathPrefix);
  }

  /** These options serving Ivanti below the path prefix {@code value}. */
  public SandboxOptions withIvantiPathPrefix(String value) {
    return new SandboxOptions(clock, propagationDelay, world, largeWorldApps, emptySearch,
        ivantiEmptyBodyOnNoMatch, value);
  }
}
