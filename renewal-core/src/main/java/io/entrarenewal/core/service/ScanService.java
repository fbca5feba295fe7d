package io.entrarenewal.core.service;

import io.entrarenewal.core.domain.AppRegistration;
import io.entrarenewal.core.domain.Credential;
import io.entrarenewal.core.domain.CredentialType;
import io.entrarenewal.core.domain.ExternalSystemException;
import io.entrarenewal.core.domain.InvalidRequestException;
import io.entrarenewal.core.domain.RenewalSettings;
import io.entrarenewal.core.domain.RenewalTaskOrder;
import io.entrarenewal.core.domain.ScanFinding;
import io.entrarenewal.core.domain.ScanFinding.Action;
import io.entrarenewal.core.domain.ScanQuery;
import io.entrarenewal.core.domain.ScanReport;
import io.entrarenewal.core.domain.TaskId;
import io.entrarenewal.core.domain.Tenant;
import io.entrarenewal.core.domain.Texts;
import io.entrarenewal.core.port.in.ScanCredentialsUseCase;
import io.entrarenewal.core.port.out.Directory;
import io.entrarenewal.core.port.out.WorkQueue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scans tenants for credentials inside the renewal window and opens one task per app and
 * credential type that needs one. An app that already has a newer credential of the same type
 * outliving the window is reported as covered, not renewed again. Thread-safe.
 */
public final class ScanService implements ScanCredentialsUseCase {

  private static final Logger LOG = LoggerFactory.getLogger(ScanService.class);
  private static final int PROGRESS_EVERY = 1000;

  private final RenewalSettings settings;
  private final Directory directory;
  private final WorkQueue queue;
  private final Clock clock;

  /** Wires the service; see {@link Renewals} for the usual way to build one. */
  public ScanService(RenewalSettings settings, Directory directory, WorkQueue queue, Clock clock) {
    this.settings = Objects.requireNonNull(settings, "'settings' must not be null");
    this.directory = Objects.requireNonNull(directory, "'directory' must not be null");
    this.queue = Objects.requireNonNull(queue, "'queue' must not be null");
    this.clock = Objects.requireNonNull(clock, "'clock' must not be null");
  }

  @Override
  public ScanReport scan(ScanQuery query, Progress progress) {
    Instant started = clock.instant();
    Instant dueBefore = started.plus(query.window());
    List<Candidate> candidates = new ArrayList<>();
    long[] counts = new long[2];

    for (Tenant tenant : tenants(query)) {
      long[] tenantApps = {0};
      directory.listApps(tenant, app -> {
        counts[0]++;
        counts[1] += app.credentials().size();
        if (++tenantApps[0] % PROGRESS_EVERY == 0) {
          progress.appsRead(tenant.name(), tenantApps[0]);
        }
        collect(app, dueBefore, candidates);
      });
      progress.appsRead(tenant.name(), tenantApps[0]);
    }

    List<ScanFinding> findings = candidates.stream()
        .sorted(Comparator.comparing(c -> c.credential().end()))
        .map(c -> decide(c, query, started))
        .toList();
    Duration took = Duration.between(started, clock.instant());
    LOG.info("Scanned {} apps with {} credentials: {} inside the window, {} tasks opened",
        counts[0], counts[1], findings.size(),
        findings.stream().filter(f -> f.action() == Action.TASK_OPENED).count());
    return new ScanReport(findings, counts[0], counts[1], took);
  }

  /** An expiring credential, with what the app's other credentials say about it. */
  private record Candidate(
      AppRegistration app, Credential credential, boolean covered, boolean carriesTask) {}

  private static void collect(AppRegistration app, Instant dueBefore, List<Candidate> into) {
    for (CredentialType type : CredentialType.values()) {
      List<Credential> ofType = app.credentials(type);
      List<Credential> expiring = ofType.stream()
          .filter(c -> !c.end().isAfter(dueBefore))
          .sorted(Comparator.comparing(Credential::end))
          .toList();
      if (expiring.isEmpty()) {
        continue;
      }
      boolean covered = ofType.stream().anyMatch(c -> c.end().isAfter(dueBefore));
      for (Credential credential : expiring) {
        into.add(new Candidate(app, credential, covered, credential == expiring.get(0)));
      }
    }
  }

  private ScanFinding decide(Candidate candidate, ScanQuery query, Instant now) {
    AppRegistration app = candidate.app();
    Credential credential = candidate.credential();
    long daysLeft = Duration.between(now, credential.end()).toDays();
    if (candidate.covered()) {
      return new ScanFinding(app, credential, daysLeft, Action.COVERED_BY_NEWER, null);
    }
    if (!candidate.carriesTask()) {
      return new ScanFinding(app, credential, daysLeft, Action.SAME_TASK_AS_OTHER, null);
    }
    if (!query.openTasks()) {
      return new ScanFinding(app, credential, daysLeft, Action.TASK_NEEDED, null);
    }
    try {
      Optional<TaskId> open = queue.findOpenRenewalTask(app.clientId(), credential.type());
      if (open.isPresent()) {
        return new ScanFinding(app, credential, daysLeft, Action.TASK_ALREADY_OPEN, open.get());
      }
      TaskId opened = queue.openRenewalTask(new RenewalTaskOrder(app.clientId(),
          credential.type(), app.tenantName(), app.displayName(), credential.end(), daysLeft));
      LOG.info("Opened renewal task {} for {} of app {} ({} days left)", opened,
          credential.type().displayName(), app.clientId(), daysLeft);
      return new ScanFinding(app, credential, daysLeft, Action.TASK_OPENED, opened);
    } catch (ExternalSystemException e) {
      LOG.warn("Could not open a renewal task for {} of app {}: {}",
          credential.type().displayName(), app.clientId(), e.getMessage());
      return new ScanFinding(app, credential, daysLeft, Action.TASK_OPEN_FAILED, null);
    }
  }

  private List<Tenant> tenants(ScanQuery query) {
    if (query.tenantNameIfAny().isEmpty()) {
      return settings.tenants();
    }
    String name = query.tenantNameIfAny().get();
    return List.of(settings.tenant(name).orElseThrow(() -> new InvalidRequestException(
        "Tenant " + Texts.quoteForHumans(name) + " is not configured; configured are "
            + String.join(", ", settings.tenants().stream().map(Tenant::name).toList()))));
  }
}
