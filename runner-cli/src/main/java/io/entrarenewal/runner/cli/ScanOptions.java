package io.entrarenewal.runner.cli;

import io.entrarenewal.core.domain.InvalidRequestException;
import io.entrarenewal.core.domain.RenewalSettings;
import io.entrarenewal.core.domain.ScanQuery;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The options of a scan, shared by {@code scan} and {@code plan scan}. */
final class ScanOptions {

  @Option(names = "--within", paramLabel = "<days>",
      description = "Report credentials expiring within this many days, and expired ones"
          + " (default: renewal.renew-before-days of the configuration).")
  private Integer withinDays;

  @Option(names = "--tenant", paramLabel = "<name>",
      description = "Scan only this configured tenant (default: every tenant).")
  private String tenant;

  /** The query these options describe. */
  ScanQuery query(RenewalSettings settings, boolean openTasks) {
    if (withinDays != null && withinDays < 0) {
      throw new InvalidRequestException("--within must be 0 or more days, got " + withinDays);
    }
    if (tenant != null && settings.tenant(tenant).isEmpty()) {
      throw new InvalidRequestException("no tenant named " + tenant + " is configured");
    }
    Duration window = withinDays == null ? settings.renewBefore() : Duration.ofDays(withinDays);
    return new ScanQuery(window, tenant, openTasks);
  }
}
