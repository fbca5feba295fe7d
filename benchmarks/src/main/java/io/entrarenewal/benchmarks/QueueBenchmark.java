package io.entrarenewal.benchmarks;

import io.entrarenewal.runner.service.ServiceRuntime;
import io.entrarenewal.runner.service.engine.Backoff;
import io.entrarenewal.runner.service.engine.EngineSettings;
import io.entrarenewal.sandbox.Fault;
import io.entrarenewal.sandbox.SandboxOptions;
import io.entrarenewal.sandbox.SandboxState;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Benchmark 4: a queue of pending tasks of mixed types processed by the service's engine (the
 * same {@link ServiceRuntime} the service runs, without its HTTP surface) while the sandbox
 * answers some calls with 429 and Retry-After. Judged from the sandbox's own state: every task
 * ended, and every credential the run added to an app is the one its vault entry names.
 */
final class QueueBenchmark {

  /**
   * The calls that get throttled in turn: a Graph read, a vault search and a token; each is
   * made for every task, so that an armed 429 is soon used.
   */
  private static final List<String[]> THROTTLED = List.of(
      new String[] {"GET", "/v1\\.0/applications.*"},
      new String[] {"GET", "/api/searchpasswords/.*"},
      new String[] {"POST", "/[^/]+/oauth2/v2\\.0/token"});
  private static final Duration TIMEOUT = Duration.ofMinutes(30);

  private final PrintStream out;
  private final Duration pollInterval;

  QueueBenchmark(PrintStream out, Duration pollInterval) {
    this.out = out;
    this.pollInterval = pollInterval;
  }

  /**
   * Processes {@code tasks} tasks: 65 % secrets, 25 % certificates, 10 % for an app that does
   * not exist (handed over).
   */
  Result run(int tasks, int throttled, int concurrent) throws InterruptedException {
    try (Rig rig = Rig.start(SandboxOptions.defaults().withWorld(SandboxOptions.WorldKind.EMPTY),
        2048)) {
      int certificates = tasks / 4;
      int unknown = tasks / 10;
      int secrets = tasks - certificates - unknown;
      BenchApps seeding = new BenchApps(rig.sandbox());
      List<BenchApps.App> apps = new ArrayList<>(seeding.secretApps("Queue-Secret", secrets));
      apps.addAll(seeding.certificateApps("Queue-Cert", certificates));
      SandboxState state = rig.sandbox().state();
      for (BenchApps.App app : apps) {
        state.openRenewalTask(app.appId(), app.certificate() ? "Certificaat" : "Secret");
      }
      for (int i = 0; i < unknown; i++) {
        state.openRenewalTask(UUID.randomUUID().toString(), "Secret");
      }
      Map<String, Set<UUID>> before = credentials(state, apps);

      ServiceRuntime service = new ServiceRuntime(settings(rig, concurrent),
          new ServiceRuntime.Ports(rig.queue(), rig.vault(), rig.directory(), rig.authority(),
              rig.pfxFiles()));
      long began = System.nanoTime();
      service.start();
      // One 429 at a time, spread over the run: the next is armed only after a share of the
      // tasks ended, so that the rules never pile up into a wall of refusals.
      ScheduledExecutorService faults = Executors.newSingleThreadScheduledExecutor();
      AtomicInteger injected = new AtomicInteger();
      int every = Math.max(1, tasks / Math.max(1, throttled));
      faults.scheduleWithFixedDelay(() -> {
        int n = injected.get();
        Counts counts = counts(rig);
        if (n < throttled && counts.closed() + counts.handedOver() >= n * every) {
          String[] call = THROTTLED.get(n % THROTTLED.size());
          rig.sandbox().faults().inject(call[0], call[1], 1, Fault.throttled(429, 1));
          injected.incrementAndGet();
        }
      }, 0, 250, TimeUnit.MILLISECONDS);
      boolean ended = awaitEveryTaskEnded(rig, tasks);
      double seconds = (System.nanoTime() - began) / 1e9;
      faults.shutdownNow();
      service.stop();

      Judgement judgement = judge(rig, apps, before);
      out.println("== Queue: " + tasks + " tasks (" + secrets + " secrets, " + certificates
          + " certificates, " + unknown + " unknown apps), " + concurrent + " at once, poll every "
          + pollInterval + " ==");
      out.printf(Locale.ROOT, "  wall %.1f s, %.1f tasks/s; %d 429 replies injected%n", seconds,
          tasks / seconds, injected.get());
      out.printf(Locale.ROOT, "  every task ended: %s (%d closed, %d handed over, %d open)%n",
          ended && judgement.open() == 0, judgement.closed(), judgement.handedOver(),
          judgement.open());
      out.printf(Locale.ROOT, "  credentials added %d, held by their vault entry %d, lost %d%n",
          judgement.added(), judgement.stored(), judgement.added() - judgement.stored());
      out.println();
      return new Result(ended && judgement.open() == 0, judgement.closed(),
          judgement.handedOver(), judgement.added(), judgement.stored());
    }
  }

  private ServiceRuntime.Settings settings(Rig rig, int concurrent) {
    // The service's defaults (poll every minute, pauses of 30 s to 15 min), and a one-second
    // scan window so that the scan opens no tasks of its own.
    Backoff pauses = new Backoff(Duration.ofSeconds(30), Duration.ofMinutes(15));
    EngineSettings engine = new EngineSettings("renewal-benchmark", pollInterval,
        Duration.ofHours(6), Duration.ofSeconds(1), concurrent, pauses);
    return new ServiceRuntime.Settings(rig.config().settings(), engine, pauses,
        Duration.ofMinutes(1), null, null, Clock.systemUTC());
  }

  private static boolean awaitEveryTaskEnded(Rig rig, int tasks) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      Counts counts = counts(rig);
      if (counts.closed() + counts.handedOver() >= tasks) {
        return true;
      }
      // A benchmark's progress check, not a test: the engine's work is observed from outside.
      TimeUnit.MILLISECONDS.sleep(500);
    }
    return false;
  }

  /**
   * What the sandbox holds after the run.
   *
   * @param everyTaskEnded whether every task was closed or handed over in time
   * @param closed tasks closed
   * @param handedOver tasks handed to the team
   * @param added credentials the run added to apps
   * @param stored those of them that their vault entry names
   */
  record Result(boolean everyTaskEnded, int closed, int handedOver, int added, int stored) {}

  private record Counts(int closed, int handedOver, int open) {}

  private record Judgement(int closed, int handedOver, int open, int added, int stored) {}

  private static Counts counts(Rig rig) {
    String completed = rig.config().ivanti().completedStatus();
    String team = rig.config().settings().texts().handOverTeam();
    int closed = 0;
    int handedOver = 0;
    int open = 0;
    for (Map<String, Object> task : rig.sandbox().state().ivantiRecords("Task__Assignments")) {
      if (completed.equalsIgnoreCase(String.valueOf(task.get("Status")))) {
        closed++;
      } else if (team.equalsIgnoreCase(String.valueOf(task.get("OwnerTeam")))) {
        handedOver++;
      } else {
        open++;
      }
    }
    return new Counts(closed, handedOver, open);
  }

  private static Map<String, Set<UUID>> credentials(SandboxState state,
      List<BenchApps.App> apps) {
    Map<String, Set<UUID>> ids = new java.util.HashMap<>();
    for (BenchApps.App app : apps) {
      SandboxState.AppView view = state.app(app.tenant(), app.appId()).orElseThrow();
      Set<UUID> keys = new HashSet<>();
      view.secrets().forEach(s -> keys.add(s.keyId()));
      view.certificates().forEach(c -> keys.add(c.keyId()));
      ids.put(app.appId(), keys);
    }
    return ids;
  }

  /** Every credential added to an app must be the one its vault entry names now. */
  private static Judgement judge(Rig rig, List<BenchApps.App> apps,
      Map<String, Set<UUID>> before) {
    SandboxState state = rig.sandbox().state();
    int added = 0;
    int stored = 0;
    for (BenchApps.App app : apps) {
      SandboxState.AppView view = state.app(app.tenant(), app.appId()).orElseThrow();
      Map<String, Object> entry = entry(rig, app);
      String metadata = String.valueOf(entry.get(app.certificate() ? "GenericField7"
          : "GenericField6"));
      if (app.certificate()) {
        for (SandboxState.CertificateView c : view.certificates()) {
          if (!before.get(app.appId()).contains(c.keyId())) {
            added++;
            stored += metadata.toUpperCase(Locale.ROOT).contains(c.thumbprint()
                .toUpperCase(Locale.ROOT)) ? 1 : 0;
          }
        }
      } else {
        for (SandboxState.SecretView s : view.secrets()) {
          if (!before.get(app.appId()).contains(s.keyId())) {
            added++;
            stored += metadata.contains(s.keyId().toString()) ? 1 : 0;
          }
        }
      }
    }
    Counts counts = counts(rig);
    return new Judgement(counts.closed(), counts.handedOver(), counts.open(), added, stored);
  }

  private static Map<String, Object> entry(Rig rig, BenchApps.App app) {
    int list = app.certificate() ? rig.sandbox().world().passwordstate().certificateListId()
        : rig.sandbox().world().tenants().stream().filter(t -> t.name().equals(app.tenant()))
            .findFirst().orElseThrow().secretListId();
    String title = app.certificate() ? "Certificaat " + app.displayName() : app.displayName();
    List<Map<String, Object>> records = rig.sandbox().state().passwordRecordsTitled(list, title);
    return records.isEmpty() ? Map.of() : records.get(0);
  }
}
