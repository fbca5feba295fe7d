package io.entrarenewal.runner.service.dashboard;

import io.entrarenewal.core.domain.ScanReport;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the dashboard shows: the latest scan of each tenant and the recent outcomes.
 *
 * @param scans the latest scan report per tenant name, in the order tenants are shown
 * @param outcomes recent renewals and hand-overs, in any order; the page shows them newest first
 * @param lastScan when the last scan ran; null before the first one
 * @param renewBefore how long before expiry a credential is due for renewal
 */
public record DashboardData(
    Map<String, ScanReport> scans,
    List<RecentOutcome> outcomes,
    Instant lastScan,
    Duration renewBefore) {

  /** Validates the fields and copies the collections, keeping the order of the tenants. */
  public DashboardData {
    Objects.requireNonNull(scans, "'scans' must not be null");
    Objects.requireNonNull(outcomes, "'outcomes' must not be null");
    Objects.requireNonNull(renewBefore, "'renewBefore' must not be null");
    if (renewBefore.isNegative()) {
      throw new IllegalArgumentException("'renewBefore' must not be negative");
    }
    scans = Collections.unmodifiableMap(new LinkedHashMap<>(scans));
    outcomes = List.copyOf(outcomes);
  }

  /** Data before any scan or renewal has happened. */
  public static DashboardData empty(Duration renewBefore) {
    return new DashboardData(Map.of(), List.of(), null, renewBefore);
  }

  /** When the last scan ran, if one has. */
  public Optional<Instant> lastScanIfAny() {
    return Optional.ofNullable(lastScan);
  }
}
