package io.entrarenewal.runner.service.dashboard;

import io.entrarenewal.core.domain.AppRegistration;
import io.entrarenewal.core.domain.ClientId;
import io.entrarenewal.core.domain.Credential;
import io.entrarenewal.core.domain.ScanFinding;
import io.entrarenewal.core.domain.ScanFinding.Action;
import io.entrarenewal.core.domain.ScanReport;
import io.entrarenewal.core.domain.TaskId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Scan findings and outcomes for the dashboard's tests, at a fixed moment. */
final class Samples {

  static final Instant NOW = Instant.parse("2026-12-04T08:00:00Z");
  static final Duration RENEW_BEFORE = Duration.ofDays(30);

  private Samples() {}

  /** A secret of a new app in {@code tenant} ending {@code end}, for which a task was opened. */
  static ScanFinding secretFinding(String tenant, String app, Instant end) {
    AppRegistration registration = app(tenant, app);
    Credential secret = Credential.secret(UUID.nameUUIDFromBytes(("key:" + app).getBytes()),
        "renewal", end.minus(Duration.ofDays(365)), end);
    long daysLeft = Duration.between(NOW, end).toDays();
    return new ScanFinding(registration, secret, daysLeft, Action.TASK_OPENED,
        new TaskId("T" + Math.abs(app.hashCode() % 10_000)));
  }

  /** A certificate of a new app ending {@code end}; the scan was only asked to look. */
  static ScanFinding certificateFinding(String tenant, String app, Instant end) {
    AppRegistration registration = app(tenant, app);
    Credential certificate = Credential.certificate(
        UUID.nameUUIDFromBytes(("cert:" + app).getBytes()), "CN=" + app,
        end.minus(Duration.ofDays(365)), end, "AB12");
    long daysLeft = Duration.between(NOW, end).toDays();
    return new ScanFinding(registration, certificate, daysLeft, Action.TASK_NEEDED, null);
  }

  /** A scan report of these findings. */
  static ScanReport report(ScanFinding... findings) {
    return new ScanReport(List.of(findings), findings.length + 3L, findings.length + 5L,
        Duration.ofMillis(420));
  }

  /** {@code days} days from {@link #NOW} and an hour further, so that whole days are exact. */
  static Instant inDays(long days) {
    Duration hour = Duration.ofHours(days < 0 ? -1 : 1);
    return NOW.plus(Duration.ofDays(days)).plus(hour);
  }

  /** An outcome in {@code tenant}, {@code minutesAgo} before {@link #NOW}. */
  static RecentOutcome outcome(String tenant, String app, String outcome, String reason,
      long minutesAgo) {
    return new RecentOutcome(NOW.minus(Duration.ofMinutes(minutesAgo)), tenant, app,
        clientId(app).value(), "Secret", outcome, reason, "T" + minutesAgo);
  }

  private static AppRegistration app(String tenant, String app) {
    return new AppRegistration(tenant, UUID.nameUUIDFromBytes(("object:" + app).getBytes())
        .toString(), clientId(app), app, List.of());
  }

  private static ClientId clientId(String app) {
    return new ClientId(UUID.nameUUIDFromBytes(("app:" + app).getBytes()).toString());
  }
}
