package io.entrarenewal.core.domain;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What a scan looks for.
 *
 * @param window credentials expiring within this time from now are reported (expired ones too)
 * @param tenantName only this tenant; null for every configured tenant
 * @param openTasks whether to open a renewal task for each credential that needs one
 */
public record ScanQuery(Duration window, String tenantName, boolean openTasks) {

  /** Validates the fields. */
  public ScanQuery {
    Objects.requireNonNull(window, "'window' must not be null");
    if (window.isNegative()) {
      throw new InvalidRequestException("the scan window must not be negative");
    }
    if (tenantName != null && tenantName.isBlank()) {
      tenantName = null;
    }
  }

  /** The tenant the scan is limited to, if any. */
  public Optional<String> tenantNameIfAny() {
    return Optional.ofNullable(tenantName);
  }
}
