package io.entrarenewal.runner.service.dashboard;

import io.entrarenewal.core.domain.ScanFinding;
import io.entrarenewal.core.domain.ScanReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The dashboard's data prepared for display at one moment: days left counted from that moment,
 * credentials sorted by days left, outcomes newest first and grouped by tenant. The page and
 * the JSON API both read this, so they always agree.
 *
 * @param now the moment the view was prepared
 * @param lastScan when the last scan ran; null before the first one
 * @param renewBefore how long before expiry a credential is due
 * @param tenants one entry per scanned tenant
 * @param otherOutcomes outcomes whose tenant was not scanned or is unknown, newest first
 */
record DashboardView(
    Instant now,
    Instant lastScan,
    Duration renewBefore,
    List<TenantView> tenants,
    List<RecentOutcome> otherOutcomes) {

  private static final Comparator<CredentialRow> BY_DAYS_LEFT =
      Comparator.comparing((CredentialRow row) -> row.finding().credential().end())
          .thenComparing(row -> row.finding().app().displayName())
          .thenComparing(row -> row.finding().credential().keyId());

  private static final Comparator<RecentOutcome> NEWEST_FIRST =
      Comparator.comparing(RecentOutcome::when).reversed();

  /** A tenant's latest scan with its rows, and the outcomes of its apps. */
  record TenantView(String name, ScanReport report, List<CredentialRow> rows,
      List<RecentOutcome> outcomes) {

    /** How many rows have this status. */
    long count(Status status) {
      return rows.stream().filter(row -> row.status() == status).count();
    }
  }

  /** One credential of a scan, with its days left and status at the view's moment. */
  record CredentialRow(ScanFinding finding, long daysLeft, Status status) {}

  /** Prepares {@code data} for display at {@code now}. */
  static DashboardView of(DashboardData data, Instant now) {
    List<TenantView> tenants = new ArrayList<>();
    for (Map.Entry<String, ScanReport> scan : data.scans().entrySet()) {
      String tenant = scan.getKey();
      List<CredentialRow> rows = scan.getValue().findings().stream()
          .map(finding -> row(finding, now, data.renewBefore()))
          .sorted(BY_DAYS_LEFT)
          .toList();
      List<RecentOutcome> outcomes = data.outcomes().stream()
          .filter(outcome -> outcome.tenant().equalsIgnoreCase(tenant))
          .sorted(NEWEST_FIRST)
          .toList();
      tenants.add(new TenantView(tenant, scan.getValue(), rows, outcomes));
    }

    List<RecentOutcome> others = data.outcomes().stream()
        .filter(outcome -> data.scans().keySet().stream()
            .noneMatch(tenant -> tenant.equalsIgnoreCase(outcome.tenant())))
        .sorted(NEWEST_FIRST)
        .toList();
    return new DashboardView(now, data.lastScan(), data.renewBefore(), tenants, others);
  }

  /** When the last scan ran, if one has. */
  Optional<Instant> lastScanIfAny() {
    return Optional.ofNullable(lastScan);
  }

  /** The renew-before window in whole days. */
  long renewBeforeDays() {
    return renewBefore.toDays();
  }

  /** Every outcome on the page, newest first. */
  List<RecentOutcome> allOutcomes() {
    List<RecentOutcome> all = new ArrayList<>(otherOutcomes);
    tenants.forEach(tenant -> all.addAll(tenant.outcomes()));
    all.sort(NEWEST_FIRST);
    return all;
  }

  private static CredentialRow row(ScanFinding finding, Instant now, Duration renewBefore) {
    Instant end = finding.credential().end();
    // Whole days, cut towards zero as the scan and the renewal tasks count them; a credential
    // that expired an hour ago has 0 days left and the status says that it expired.
    long daysLeft = Duration.between(now, end).toDays();
    return new CredentialRow(finding, daysLeft, Status.of(end, now, renewBefore));
  }
}
