package io.entrarenewal.runner.service.engine;

import io.entrarenewal.core.domain.ScanReport;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What the engine is doing, for the health endpoints and the dashboard.
 *
 * @param running started and not stopping
 * @param inFlight renewals running now
 * @param lastFullScan when every tenant was last scanned successfully; null before the first
 * @param latestScans the most recent successful scan of each tenant, by tenant name
 */
public record EngineStatus(
    boolean running, int inFlight, Instant lastFullScan, Map<String, ScanReport> latestScans) {

  /** Copies the scans. */
  public EngineStatus {
    latestScans = Map.copyOf(latestScans);
  }

  /** When every tenant was last scanned, if that happened. */
  public Optional<Instant> lastFullScanIfAny() {
    return Optional.ofNullable(lastFullScan);
  }
}
