package io.entrarenewal.runner.service.engine;

import io.entrarenewal.core.domain.CredentialType;
import io.entrarenewal.core.domain.ExternalSystem;
import io.entrarenewal.core.domain.ExternalSystemException;
import io.entrarenewal.core.domain.RenewalTask;
import io.entrarenewal.core.domain.ScanQuery;
import io.entrarenewal.core.domain.ScanReport;
import io.entrarenewal.core.domain.TaskDisposition;
import io.entrarenewal.core.domain.TaskId;
import io.entrarenewal.core.domain.TaskResult;
import io.entrarenewal.core.domain.Tenant;
import io.entrarenewal.core.port.in.ProcessTasksUseCase;
import io.entrarenewal.core.port.in.ScanCredentialsUseCase;
import io.entrarenewal.core.port.out.WorkQueue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs renewal work unattended. Each poll reads the pending tasks and starts as many as free
 * slots allow, skipping a task whose app is being renewed already, a task waiting out its
 * backoff, and a task that needs a system in an outage. A worker claims its task before
 * processing it, so that a second instance on the same queue leaves it alone. Scans run on
 * their own schedule, one per tenant, with open-tasks semantics.
 *
 * <p>{@link #pollOnce()} and {@link #scanOnce()} may also be called directly; tests do, and
 * wait with {@link #awaitIdle(Duration)} instead of sleeping.
 */
public final class Engine {

  private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
  private static final Set<ExternalSystem> SECRET_NEEDS = EnumSet.of(
      ExternalSystem.WORK_QUEUE, ExternalSystem.VAULT, ExternalSystem.DIRECTORY);
  private static final Set<ExternalSystem> SCAN_NEEDS =
      EnumSet.of(ExternalSystem.WORK_QUEUE, ExternalSystem.DIRECTORY);

  private final EngineSettings settings;
  private final ProcessTasksUseCase tasks;
  private final ScanCredentialsUseCase scan;
  private final WorkQueue queue;
  private final List<Tenant> tenants;
  private final Outages outages;
  private final EngineListener listener;
  private final Clock clock;
  private final ExecutorService workers;
  private final ScheduledExecutorService timer;
  private final Map<TaskId, RenewalTask> inFlight = new ConcurrentHashMap<>();
  /** The last poll's pending tasks not yet started; guarded by this engine's lock. */
  private final Deque<RenewalTask> backlog = new ArrayDeque<>();
  private final Set<String> busyApps = ConcurrentHashMap.newKeySet();
  private final Map<TaskId, Retry> retries = new ConcurrentHashMap<>();
  private final Map<String, ScanReport> latestScans = new ConcurrentHashMap<>();
  private final Object idle = new Object();
  private volatile boolean started;
  private volatile boolean stopping;
  private volatile Instant nextScan = Instant.MIN;
  private volatile Instant lastFullScan;
  private volatile int failedScans;

  /** When a task left pending may be tried again. */
  private record Retry(int failures, Instant notBefore) {}

  /**
   * Wires the engine.
   *
   * @param settings how it runs
   * @param tasks processes one task (built to leave transient failures pending)
   * @param scan scans a tenant and opens tasks
   * @param queue the work queue, to list and claim tasks
   * @param tenants the tenants to scan, each on its own
   * @param outages reachability of the systems, fed by the metered ports
   * @param listener hears every result
   * @param clock times the schedules and backoffs
   */
  public Engine(EngineSettings settings, ProcessTasksUseCase tasks, ScanCredentialsUseCase scan,
      WorkQueue queue, List<Tenant> tenants, Outages outages, EngineListener listener,
      Clock clock) {
    this.settings = Objects.requireNonNull(settings, "'settings' must not be null");
    this.tasks = Objects.requireNonNull(tasks, "'tasks' must not be null");
    this.scan = Objects.requireNonNull(scan, "'scan' must not be null");
    this.queue = Objects.requireNonNull(queue, "'queue' must not be null");
    this.tenants = List.copyOf(tenants);
    this.outages = Objects.requireNonNull(outages, "'outages' must not be null");
    this.listener = Objects.requireNonNull(listener, "'listener' must not be null");
    this.clock = Objects.requireNonNull(clock, "'clock' must not be null");
    this.workers = Executors.newFixedThreadPool(settings.maxConcurrent(), named("renewal"));
    this.timer = Executors.newScheduledThreadPool(2, named("schedule"));
  }

  /** Starts polling and scanning on their schedules; the first of each runs at once. */
  public synchronized void start() {
    if (started) {
      return;
    }
    started = true;
    long poll = settings.pollInterval().toMillis();
    timer.scheduleWithFixedDelay(() -> guarded("poll", this::pollOnce), 0, poll,
        TimeUnit.MILLISECONDS);
    timer.scheduleWithFixedDelay(() -> guarded("scan", this::scanIfDue), 0, poll,
        TimeUnit.MILLISECONDS);
    LOG.info("Engine started as {}: polling every {}, scanning every {}, {} at once",
        settings.claimant(), settings.pollInterval(), settings.scanInterval(),
        settings.maxConcurrent());
  }

  /**
   * Looks at the work queue once and starts what may start now.
   *
   * @return how many tasks were started
   */
  public synchronized int pollOnce() {
    if (stopping || outages.isPaused(ExternalSystem.WORK_QUEUE)) {
      return 0;
    }
    List<RenewalTask> pending;
    try {
      pending = queue.pendingTasks();
    } catch (RuntimeException e) {
      LOG.warn("Could not list pending tasks: {}", e.getMessage());
      return 0;
    }

    forgetRetriesOfEndedTasks(pending);
    backlog.clear();
    backlog.addAll(pending);
    return startFromBacklog();
  }

  /**
   * Starts tasks of the last listing while slots are free. Called by a poll and again whenever
   * a renewal ends, so that a long queue is worked through at the pace of the renewals, not
   * at a few tasks per poll interval; the claim re-checks that a listed task is still pending.
   */
  private synchronized int startFromBacklog() {
    int startedNow = 0;
    while (!backlog.isEmpty() && inFlight.size() < settings.maxConcurrent() && !stopping
        && !outages.isPaused(ExternalSystem.WORK_QUEUE)) {
      RenewalTask task = backlog.poll();
      if (mayStart(task) && busyApps.add(appKey(task)) && hand(task)) {
        startedNow++;
      }
    }
    return startedNow;
  }

  /** Gives the task to a worker; false when the workers stopped meanwhile. */
  private boolean hand(RenewalTask task) {
    inFlight.put(task.id(), task);
    try {
      workers.execute(() -> work(task));
      return true;
    } catch (RejectedExecutionException stopped) {
      busyApps.remove(appKey(task));
      synchronized (idle) {
        inFlight.remove(task.id());
        idle.notifyAll();
      }
      return false;
    }
  }

  /** A task that left the queue (ended by a person, say) needs no retry pause any more. */
  private void forgetRetriesOfEndedTasks(List<RenewalTask> pending) {
    Set<TaskId> waiting = new HashSet<>();
    pending.forEach(task -> waiting.add(task.id()));
    retries.keySet().retainAll(waiting);
  }

  /** Scans every tenant now, whatever the schedule says. */
  public void scanOnce() {
    boolean complete = true;
    for (Tenant tenant : tenants) {
      complete &= scanTenant(tenant);
    }
    Instant now = clock.instant();
    if (complete) {
      lastFullScan = now;
      failedScans = 0;
      nextScan = now.plus(settings.scanInterval());
    } else {
      // A refused scan (a missing permission, say) is tried again after a pause, not at
      // every tick: a full scan of a large tenant is many pages.
      failedScans++;
      nextScan = now.plus(settings.taskBackoff().delayAfter(failedScans));
    }
  }

  /**
   * Waits until no renewal runs.
   *
   * @return false when renewals still ran after {@code timeout}
   */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (idle) {
      while (!inFlight.isEmpty()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(idle, left);
      }
    }
    return true;
  }

  /**
   * Stops taking work and waits for the renewals in flight. A renewal still running after
   * {@code timeout} is interrupted; its task stays claimed by this instance's name, and the
   * flows' recovery points let the next start finish it.
   *
   * @return true when every renewal ended within the timeout
   */
  public boolean stop(Duration timeout) {
    stopping = true;
    timer.shutdownNow();
    workers.shutdown();
    boolean drained;
    try {
      drained = workers.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      drained = false;
    }
    if (!drained) {
      // Limitation: a request an interrupted renewal had sent may still take effect at the
      // remote system after the restart's run of the same task has finished; a secret added
      // that way is named for the request but held by no vault entry until it expires.
      LOG.warn("{} renewal(s) still ran after {}: {}; the next start finishes them",
          inFlight.size(), timeout, inFlight.keySet());
      workers.shutdownNow();
    }
    LOG.info("Engine stopped");
    return drained;
  }

  /** Whether a stop has begun: from then on no task is started. */
  public boolean stopping() {
    return stopping;
  }

  /** What the engine is doing now. */
  public EngineStatus status() {
    return new EngineStatus(started && !stopping, inFlight.size(), lastFullScan,
        new LinkedHashMap<>(latestScans));
  }

  /** The ids of the tasks being processed now. */
  public Set<TaskId> tasksInFlight() {
    return Set.copyOf(inFlight.keySet());
  }

  private boolean mayStart(RenewalTask task) {
    if (inFlight.containsKey(task.id())) {
      return false;
    }
    Retry retry = retries.get(task.id());
    if (retry != null && clock.instant().isBefore(retry.notBefore())) {
      return false;
    }
    return !outages.anyPaused(needs(task));
  }

  private void work(RenewalTask task) {
    try {
      // Limitation: a task claimed by an instance that is gone stays with it until a human
      // clears its owner; no claim expires, since the queue keeps no claim time.
      if (!queue.claim(task.id(), settings.claimant())) {
        LOG.info("Task {} is held by someone else or no longer pending; leaving it", task.id());
        rememberRetry(task.id(), TaskDisposition.LEFT_PENDING);
        listener.claimLost(task);
        return;
      }
      long began = System.nanoTime();

      TaskResult result = tasks.process(task.id());

      rememberRetry(task.id(), result.disposition());
      listener.taskProcessed(task, result, Duration.ofNanos(System.nanoTime() - began));
    } catch (ExternalSystemException e) {
      LOG.warn("Task {} could not be claimed: {}; it is tried again later", task.id(),
          e.getMessage());
      rememberRetry(task.id(), TaskDisposition.LEFT_PENDING);
    } catch (RuntimeException e) {
      LOG.error("Processing task {} broke; it is tried again after a pause", task.id(), e);
      rememberRetry(task.id(), TaskDisposition.LEFT_PENDING);
      listener.taskBroke(task, e);
    } finally {
      busyApps.remove(appKey(task));
      // Under the engine's lock, so that the freed slot is refilled before anyone waiting for
      // idleness is told: between the two the engine is not idle, only changing tasks.
      synchronized (this) {
        synchronized (idle) {
          inFlight.remove(task.id());
        }
        startFromBacklog();
        synchronized (idle) {
          idle.notifyAll();
        }
      }
    }
  }

  private void rememberRetry(TaskId id, TaskDisposition disposition) {
    if (disposition != TaskDisposition.LEFT_PENDING && disposition != TaskDisposition.NOT_ENDED) {
      retries.remove(id);
      return;
    }
    Retry before = retries.get(id);
    int failures = before == null ? 1 : before.failures() + 1;
    Instant notBefore = clock.instant().plus(settings.taskBackoff().delayAfter(failures));
    retries.put(id, new Retry(failures, notBefore));
    LOG.info("Task {} waits until {} before its next try ({} in a row)", id, notBefore,
        failures);
  }

  /**
   * Scans every tenant when the scan interval has passed since the last full scan and the
   * systems a scan needs are not paused; the schedule calls this at every poll interval.
   *
   * @return whether a scan ran
   */
  public boolean scanIfDue() {
    if (stopping || clock.instant().isBefore(nextScan) || outages.anyPaused(SCAN_NEEDS)) {
      return false;
    }
    scanOnce();
    return true;
  }

  private boolean scanTenant(Tenant tenant) {
    ScanQuery query = new ScanQuery(settings.scanWindow(), tenant.name(), true);
    try {
      ScanReport report = scan.scan(query, (name, apps) -> { });
      latestScans.put(tenant.name(), report);
      listener.scanCompleted(tenant.name(), report);
      return true;
    } catch (RuntimeException e) {
      LOG.warn("Scan of tenant {} failed: {}", tenant.name(), e.getMessage());
      listener.scanFailed(tenant.name(), e);
      return false;
    }
  }

  private static Set<ExternalSystem> needs(RenewalTask task) {
    try {
      if (CredentialType.parse(task.secretTypeParameter()) == CredentialType.CERTIFICATE) {
        return EnumSet.allOf(ExternalSystem.class);
      }
      return SECRET_NEEDS;
    } catch (RuntimeException unknownType) {
      // A task with a bad type is only handed over: that needs the work queue alone.
      return EnumSet.of(ExternalSystem.WORK_QUEUE);
    }
  }

  /** The app a task is for, so that two tasks of one app never run at once. */
  private static String appKey(RenewalTask task) {
    String appId = task.appIdParameter();
    return appId == null || appId.isBlank()
        ? "task:" + task.id().value()
        : "app:" + appId.strip().toLowerCase(Locale.ROOT);
  }

  private void guarded(String what, Runnable step) {
    try {
      step.run();
    } catch (RuntimeException e) {
      LOG.error("The {} step broke; it runs again on schedule", what, e);
    }
  }

  private static ThreadFactory named(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
