package io.entrarenewal.runner.service;

import io.entrarenewal.core.domain.ClientId;
import io.entrarenewal.core.domain.TaskId;
import io.entrarenewal.core.fakes.InMemoryWorkQueue;
import io.entrarenewal.core.fakes.ManualClock;
import io.entrarenewal.core.fakes.World;
import io.entrarenewal.runner.service.engine.Backoff;
import io.entrarenewal.runner.service.engine.EngineSettings;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Core's fake world with the service's wiring around it, and ways to hold renewals in flight. */
public final class ServiceWorld {

  public static final Duration BACKOFF = Duration.ofSeconds(30);

  public final World world = new World();
  public final ManualClock clock = new ManualClock(World.NOW);
  private final AtomicInteger active = new AtomicInteger();
  private final AtomicInteger mostActive = new AtomicInteger();
  private final CountDownLatch release = new CountDownLatch(1);
  private volatile CountDownLatch reached = new CountDownLatch(0);

  /** A service over this world, claiming as {@code claimant}. */
  public ServiceRuntime service(String claimant, int maxConcurrent, Path auditFile,
      boolean http) {
    EngineSettings engine = new EngineSettings(claimant, Duration.ofMinutes(1),
        Duration.ofHours(6), Duration.ofDays(30), maxConcurrent,
        new Backoff(BACKOFF, Duration.ofMinutes(10)));
    ServiceRuntime.Settings settings = new ServiceRuntime.Settings(world.settings(), engine,
        new Backoff(BACKOFF, Duration.ofMinutes(10)), Duration.ofSeconds(20),
        http ? new InetSocketAddress("127.0.0.1", 0) : null, auditFile, clock);
    return new ServiceRuntime(settings, new ServiceRuntime.Ports(world.queue, world.vault,
        world.directory, world.authority, world.pfxFiles));
  }

  /** Apps with a secret expiring in ten days, each with a pending secret task. */
  public List<TaskId> secretTasks(int apps) {
    List<TaskId> tasks = new ArrayList<>();
    for (int i = 0; i < apps; i++) {
      ClientId app = world.appWithSecret(World.PRODUCTION,
          String.format("aaaaaaaa-0000-0000-0000-%012d", i), "app-" + i);
      tasks.add(world.queue.addTask(app.value(), "Secret"));
    }
    return tasks;
  }

  /**
   * Holds every call to {@code call} until {@link #releaseHeld()}, counting how many are held
   * at once; {@link #awaitHeld(int)} waits until that many have arrived.
   */
  public void holdEach(String call, int expectedArrivals) {
    reached = new CountDownLatch(expectedArrivals);
    world.faults.beforeEachCall(name -> {
      if (!name.equals(call)) {
        return;
      }
      mostActive.accumulateAndGet(active.incrementAndGet(), Math::max);
      reached.countDown();
      try {
        release.await(20, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        active.decrementAndGet();
      }
    });
  }

  /** Waits until the expected number of held calls arrived. */
  public boolean awaitHeld(int count) throws InterruptedException {
    return reached.await(20, TimeUnit.SECONDS) && active.get() == count;
  }

  /** Lets every held call go on. */
  public void releaseHeld() {
    release.countDown();
  }

  /** The most calls held at once. */
  public int mostHeldAtOnce() {
    return mostActive.get();
  }

  /** A task's state in the fake queue. */
  public InMemoryWorkQueue.State state(TaskId task) {
    return world.queue.task(task).state();
  }
}
