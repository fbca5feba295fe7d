package io.entrarenewal.runner.service;

import io.entrarenewal.core.domain.ClientId;
import io.entrarenewal.core.domain.ExternalSystem;
import io.entrarenewal.core.domain.ExternalSystemException;
import io.entrarenewal.core.domain.RenewalSettings;
import io.entrarenewal.core.domain.Tenant;
import io.entrarenewal.core.port.out.AppLocks;
import io.entrarenewal.core.port.out.CertificateAuthority;
import io.entrarenewal.core.port.out.Directory;
import io.entrarenewal.core.port.out.PfxFiles;
import io.entrarenewal.core.port.out.Vault;
import io.entrarenewal.core.port.out.WorkQueue;
import io.entrarenewal.core.service.Renewals;
import io.entrarenewal.core.service.TaskProcessingService.TransientFailures;
import io.entrarenewal.runner.service.dashboard.Dashboard;
import io.entrarenewal.runner.service.dashboard.DashboardData;
import io.entrarenewal.runner.service.dashboard.RecentOutcome;
import io.entrarenewal.runner.service.engine.Backoff;
import io.entrarenewal.runner.service.engine.Engine;
import io.entrarenewal.runner.service.engine.EngineListener;
import io.entrarenewal.runner.service.engine.EngineSettings;
import io.entrarenewal.runner.service.engine.EngineStatus;
import io.entrarenewal.runner.service.engine.Outages;
import io.entrarenewal.runner.service.http.Health;
import io.entrarenewal.runner.service.http.ServiceHttp;
import io.entrarenewal.runner.service.observe.AuditTrail;
import io.entrarenewal.runner.service.observe.CredentialInventory;
import io.entrarenewal.runner.service.observe.MeteredPorts;
import io.entrarenewal.runner.service.observe.RecentOutcomes;
import io.entrarenewal.runner.service.observe.ServiceMetrics;
import io.entrarenewal.runner.service.observe.TaskActivity;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running service: core's use cases behind metered ports, the engine, the audit trail, the
 * metrics and the HTTP surface, started and stopped together.
 */
public final class ServiceRuntime {

  private static final Logger LOG = LoggerFactory.getLogger(ServiceRuntime.class);
  /** No app has this client id; looking it up proves login and read permission. */
  private static final ClientId PROBE_APP = new ClientId("00000000-0000-0000-0000-000000000000");
  /** No entry has this title; searching for it proves that the list's key opens the list. */
  private static final String PROBE_TITLE = "renewal service start-up probe";

  private final Settings settings;
  private final PrometheusMeterRegistry registry;
  private final Outages outages;
  private final WorkQueue queue;
  private final Vault vault;
  private final Directory directory;
  private final Engine engine;
  private final AuditTrail audit;
  private final RecentOutcomes recent;
  private final ServiceHttp http;
  private final AtomicBoolean stopped = new AtomicBoolean();

  /**
   * How the service runs.
   *
   * @param renewal core's settings, from the configuration file
   * @param engine how the engine polls, scans and retries
   * @param outageBackoff how long work pauses after a system was found unavailable
   * @param shutdownTimeout how long a stop waits for renewals in flight
   * @param http where the HTTP surface listens; null for none
   * @param auditFile where the audit trail is appended; null for the log only
   * @param clock the clock of schedules, backoffs and the audit trail
   */
  public record Settings(
      RenewalSettings renewal,
      EngineSettings engine,
      Backoff outageBackoff,
      Duration shutdownTimeout,
      InetSocketAddress http,
      Path auditFile,
      Clock clock) {

    /** Validates the fields. */
    public Settings {
      Objects.requireNonNull(renewal, "'renewal' must not be null");
      Objects.requireNonNull(engine, "'engine' must not be null");
      Objects.requireNonNull(outageBackoff, "'outageBackoff' must not be null");
      Objects.requireNonNull(shutdownTimeout, "'shutdownTimeout' must not be null");
      Objects.requireNonNull(clock, "'clock' must not be null");
    }
  }

  /**
   * The systems the service talks to, as the adapters (or test fakes) implement them.
   *
   * @param queue the work queue
   * @param vault the vault
   * @param directory Entra ID
   * @param authority the PKI
   * @param pfxFiles PFX files
   * @param appLocks keeps renewals of one app apart from other runners'
   */
  public record Ports(WorkQueue queue, Vault vault, Directory directory,
      CertificateAuthority authority, PfxFiles pfxFiles, AppLocks appLocks) {

    /** Validates the fields. */
    public Ports {
      Objects.requireNonNull(queue, "'queue' must not be null");
      Objects.requireNonNull(vault, "'vault' must not be null");
      Objects.requireNonNull(directory, "'directory' must not be null");
      Objects.requireNonNull(authority, "'authority' must not be null");
      Objects.requireNonNull(pfxFiles, "'pfxFiles' must not be null");
      Objects.requireNonNull(appLocks, "'appLocks' must not be null");
    }

    /** The systems, for a service that is the only runner of its apps. */
    public Ports(WorkQueue queue, Vault vault, Directory directory,
        CertificateAuthority authority, PfxFiles pfxFiles) {
      this(queue, vault, directory, authority, pfxFiles, AppLocks.withinProcess());
    }
  }

  /**
   * Everything the dashboard shows: the latest scan of each tenant, when every tenant was last
   * scanned, and the recent task results, newest first.
   *
   * @param engine the engine's state with the latest scans
   * @param recent the recent task results
   */
  public record View(EngineStatus engine, List<TaskActivity> recent) {}

  /** Wires the service; nothing runs until {@link #start()}. */
  public ServiceRuntime(Settings settings, Ports ports) {
    this.settings = Objects.requireNonNull(settings, "'settings' must not be null");
    Clock clock = settings.clock();
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    this.outages = new Outages(settings.outageBackoff(), clock);
    MeteredPorts metered = new MeteredPorts(registry, outages);
    CredentialInventory inventory = new CredentialInventory();
    this.queue = metered.wrap(WorkQueue.class, ports.queue(), ExternalSystem.WORK_QUEUE);
    this.vault = metered.wrap(Vault.class, ports.vault(), ExternalSystem.VAULT);
    this.directory = inventory.watching(
        metered.wrap(Directory.class, ports.directory(), ExternalSystem.DIRECTORY));
    CertificateAuthority authority = metered.wrap(CertificateAuthority.class, ports.authority(),
        ExternalSystem.CERTIFICATE_AUTHORITY);

    Renewals renewals = Renewals.builder()
        .settings(settings.renewal())
        .workQueue(queue).vault(vault).directory(directory)
        .certificateAuthority(authority).pfxFiles(ports.pfxFiles())
        .appLocks(ports.appLocks())
        .clock(clock)
        .transientFailures(TransientFailures.LEAVE_PENDING)
        .build();

    this.audit = settings.auditFile() == null
        ? AuditTrail.logOnly(clock) : AuditTrail.toFile(settings.auditFile(), clock);
    this.recent = new RecentOutcomes(200, clock);
    ServiceMetrics metrics = new ServiceMetrics(registry, inventory, outages, clock);
    this.engine = new Engine(settings.engine(), renewals.tasks(), renewals.scan(), queue,
        settings.renewal().tenants(), outages, EngineListener.all(List.of(audit, recent, metrics)),
        clock);
    metrics.watch(engine);
    this.http = settings.http() == null ? null : httpSurface(settings.http(), clock);
  }

  /**
   * Checks that every system accepts the configured access, then starts the engine and the
   * HTTP surface. A system that cannot be reached does not stop the start: the service waits
   * for it, not ready, with backoff.
   *
   * @throws StartRefusedException when a system refuses the configured access
   */
  public void start() {
    List<String> refusals = checkSystems();
    if (!refusals.isEmpty()) {
      audit.record("service.start_refused", Map.of("problems", refusals.size()));
      throw new StartRefusedException(refusals);
    }
    if (http != null) {
      http.start();
    }
    engine.start();
    audit.record("service.started", Map.of("claimant", settings.engine().claimant()));
  }

  /**
   * Stops taking work, waits for renewals in flight up to the shutdown timeout, then stops
   * serving and closes the audit trail.
   *
   * @return true when every renewal in flight ended in time; true on a second call, which
   *     does nothing
   */
  public boolean stop() {
    if (!stopped.compareAndSet(false, true)) {
      return true;
    }
    boolean drained = engine.stop(settings.shutdownTimeout());
    audit.record("service.stopped", Map.of("drained", drained));
    if (http != null) {
      http.stop();
    }
    audit.close();
    return drained;
  }

  /** The engine, for tests and the dashboard. */
  public Engine engine() {
    return engine;
  }

  /** The port the HTTP surface listens on. */
  public int httpPort() {
    if (http == null) {
      throw new IllegalStateException("this service runs without HTTP");
    }
    return http.port();
  }

  /** What the dashboard shows now. */
  public View view() {
    return new View(engine.status(), recent.list());
  }

  private ServiceHttp httpSurface(InetSocketAddress address, Clock clock) {
    // A full scan must have happened within two scan intervals plus the longest outage pause.
    Duration maxScanAge = settings.engine().scanInterval().multipliedBy(2)
        .plus(settings.outageBackoff().max());
    Health health = new Health(engine::status, outages, maxScanAge, clock);
    ServiceHttp surface = ServiceHttp.bind(address)
        .mount("/health/live", health.live())
        .mount("/health/ready", health.ready())
        .mount("/metrics", exchange -> ServiceHttp.respond(exchange, 200,
            "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
    new Dashboard(this::dashboardData, clock).handlers().forEach(surface::mount);
    return surface;
  }

  /** The engine's latest scans and the recent task results, as the dashboard shows them. */
  private DashboardData dashboardData() {
    View view = view();
    List<RecentOutcome> outcomes = view.recent().stream()
        .map(ServiceRuntime::recentOutcome)
        .toList();
    return new DashboardData(view.engine().latestScans(), outcomes,
        view.engine().lastFullScan(), settings.renewal().renewBefore());
  }

  private static RecentOutcome recentOutcome(TaskActivity activity) {
    String type = switch (activity.type()) {
      case "secret" -> "Secret";
      case "certificate" -> "Certificate";
      default -> activity.type();
    };
    return new RecentOutcome(activity.when(), activity.tenant(), activity.app(),
        activity.clientId(), type, activity.outcome().replace('_', ' '), activity.detail(),
        activity.task());
  }

  private List<String> checkSystems() {
    List<String> refusals = new ArrayList<>();
    probe("the work queue", queue::pendingTasks, refusals);
    Set<String> lists = new LinkedHashSet<>();
    settings.renewal().tenants().forEach(t -> lists.add(t.secretListId()));
    lists.add(settings.renewal().certificateListId());
    for (String list : lists) {
      probe("vault list " + list, () -> vault.findEntry(list, PROBE_TITLE), refusals);
    }
    for (Tenant tenant : settings.renewal().tenants()) {
      probe("Entra ID tenant " + tenant.name(), () -> directory.findApp(tenant, PROBE_APP),
          refusals);
    }
    return refusals;
  }

  private static void probe(String what, Runnable call, List<String> refusals) {
    try {
      call.run();
    } catch (ExternalSystemException e) {
      if (e.kind() == ExternalSystemException.Kind.REFUSED) {
        refusals.add(what + " refused: " + e.getMessage());
      } else {
        LOG.warn("{} cannot be reached at start-up ({}); the service waits for it", what,
            e.getMessage());
      }
    }
  }
}
