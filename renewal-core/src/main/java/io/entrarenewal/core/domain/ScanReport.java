package io.entrarenewal.core.domain;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a scan found.
 *
 * @param findings the credentials inside the window, soonest expiry first
 * @param appsSeen how many app registrations were read
 * @param credentialsSeen how many credentials they had
 * @param duration how long the scan took
 */
public record ScanReport(
    List<ScanFinding> findings, long appsSeen, long credentialsSeen, Duration duration) {

  /** Validates the fields and copies the findings. */
  public ScanReport {
    findings = List.copyOf(findings);
    Objects.requireNonNull(duration, "'duration' must not be null");
  }

  /** The findings for which a task was opened. */
  public long tasksOpened() {
    return findings.stream().filter(f -> f.action() == ScanFinding.Action.TASK_OPENED).count();
  }
}
