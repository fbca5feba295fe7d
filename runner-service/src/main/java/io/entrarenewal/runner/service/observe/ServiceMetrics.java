package io.entrarenewal.runner.service.observe;

import io.entrarenewal.core.domain.ExternalSystem;
import io.entrarenewal.core.domain.RenewalTask;
import io.entrarenewal.core.domain.ScanReport;
import io.entrarenewal.core.domain.TaskResult;
import io.entrarenewal.runner.service.engine.Engine;
import io.entrarenewal.runner.service.engine.EngineListener;
import io.entrarenewal.runner.service.engine.Outages;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The service's Prometheus metrics, in the manner of cert-manager's: the expiry timestamp of
 * every credential (labels tenant, app, client id, type, key id), renewal outcomes and
 * durations, tasks by what became of them, scans, and the reachability of each system. Calls to
 * the systems are measured by {@link MeteredPorts}. docs/operations.md lists every metric.
 */
public final class ServiceMetrics implements EngineListener {

  private final MeterRegistry registry;
  private final CredentialInventory inventory;
  private final Clock clock;
  private final MultiGauge expiry;
  private final Map<String, AtomicLong> tenantGauges = new ConcurrentHashMap<>();

  /**
   * Registers the metrics.
   *
   * @param registry where they go
   * @param inventory every credential the last scans saw
   * @param outages the systems' reachability
   * @param clock the time of the last scans
   */
  public ServiceMetrics(MeterRegistry registry, CredentialInventory inventory, Outages outages,
      Clock clock) {
    this.registry = registry;
    this.inventory = inventory;
    this.clock = clock;
    this.expiry = MultiGauge.builder("renewal.credential.expiration.timestamp")
        .description("When each credential of each app expires, in seconds since the epoch")
        .baseUnit("seconds")
        .register(registry);
    for (ExternalSystem system : ExternalSystem.values()) {
      Gauge.builder("renewal.system.up", outages,
              o -> o.snapshot().get(system).reachability() == Outages.Reachability.UNAVAILABLE
                  ? 0 : 1)
          .description("1 unless the last call found the system unavailable")
          .tag("system", MeteredPorts.tagOf(system))
          .strongReference(true)
          .register(registry);
    }
  }

  /** Adds the gauge of renewals running now in {@code engine}. */
  public void watch(Engine engine) {
    // Held strongly: a gauge keeps only a weak reference to its source by default, which a
    // collection would clear and leave the gauge reading NaN.
    Gauge.builder("renewal.tasks.in.flight", engine, e -> e.status().inFlight())
        .description("Renewals running now")
        .strongReference(true)
        .register(registry);
  }

  @Override
  public void taskProcessed(RenewalTask task, TaskResult result, Duration took) {
    TaskActivity activity = TaskActivity.of(task, result, clock.instant());
    registry.counter("renewal.tasks", "disposition", activity.disposition()).increment();
    if (!"none".equals(activity.outcome())) {
      registry.counter("renewal.outcomes", "type", activity.type(), "outcome",
          activity.outcome(), "reason", activity.reason()).increment();
      Timer.builder("renewal.duration")
          .description("How long a renewal took, from claim to the task's end")
          .tags("type", activity.type(), "outcome", activity.outcome())
          .register(registry)
          .record(took);
    }
  }

  @Override
  public void claimLost(RenewalTask task) {
    registry.counter("renewal.tasks.claims.lost").increment();
  }

  @Override
  public void taskBroke(RenewalTask task, RuntimeException error) {
    registry.counter("renewal.tasks", "disposition", "error").increment();
  }

  @Override
  public void scanCompleted(String tenant, ScanReport report) {
    Timer.builder("renewal.scan.duration").tag("tenant", tenant).register(registry)
        .record(report.duration());
    tenantGauge("renewal.scan.apps.seen", tenant).set(report.appsSeen());
    tenantGauge("renewal.scan.credentials.seen", tenant).set(report.credentialsSeen());
    tenantGauge("renewal.scan.findings", tenant).set(report.findings().size());
    tenantGauge("renewal.scan.last.success.timestamp.seconds", tenant)
        .set(clock.instant().getEpochSecond());
    registry.counter("renewal.scan.tasks.opened", "tenant", tenant)
        .increment(report.tasksOpened());
    refreshExpiry();
  }

  @Override
  public void scanFailed(String tenant, RuntimeException error) {
    registry.counter("renewal.scan.failures", "tenant", tenant).increment();
  }

  private void refreshExpiry() {
    List<MultiGauge.Row<?>> rows = inventory.items().stream()
        .<MultiGauge.Row<?>>map(item -> MultiGauge.Row.of(Tags.of(
            "tenant", item.tenant(),
            "app", item.app(),
            "client_id", item.clientId().value(),
            "type", item.credential().type().name().toLowerCase(Locale.ROOT),
            "key_id", item.credential().keyId().toString()),
            item.credential().end().getEpochSecond()))
        .toList();
    expiry.register(rows, true);
  }

  private AtomicLong tenantGauge(String name, String tenant) {
    return tenantGauges.computeIfAbsent(name + "|" + tenant, key -> {
      AtomicLong value = new AtomicLong();
      Gauge.builder(name, value, AtomicLong::get).tag("tenant", tenant).register(registry);
      return value;
    });
  }
}
