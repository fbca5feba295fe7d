package io.entrarenewal.examples;

import io.entrarenewal.core.domain.ScanFinding;
import io.entrarenewal.core.domain.ScanQuery;
import io.entrarenewal.core.domain.ScanReport;
import io.entrarenewal.core.port.in.ScanCredentialsUseCase;
import io.entrarenewal.core.service.Renewals;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/** Runs the scan and turns its findings into lines of your own report. */
public final class ExpiryReport {

  private ExpiryReport() {}

  /**
   * Every credential of every configured tenant that expires within {@code days}, soonest
   * first, as {@code tenant app type days-left}. Opens no ITSM task, so {@code renewals} needs
   * no work queue. {@code progress} hears after each page of apps, for a tenant of thousands.
   */
  public static List<String> lines(Renewals renewals, int days,
      ScanCredentialsUseCase.Progress progress) {
    ScanQuery query = new ScanQuery(Duration.ofDays(days), null, false);
    ScanReport report = renewals.scan().scan(query, progress);

    return report.findings().stream()
        .sorted(Comparator.comparingLong(ScanFinding::daysLeft))
        .map(finding -> String.join(" ",
            finding.app().tenantName(),
            finding.app().displayName(),
            finding.credential().type().displayName(),
            Long.toString(finding.daysLeft())))
        .toList();
  }
}
