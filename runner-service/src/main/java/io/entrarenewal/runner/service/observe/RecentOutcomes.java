package io.entrarenewal.runner.service.observe;

import io.entrarenewal.core.domain.RenewalTask;
import io.entrarenewal.core.domain.TaskResult;
import io.entrarenewal.runner.service.engine.EngineListener;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;

/** The most recent processed tasks, newest first, kept in memory for the dashboard. */
public final class RecentOutcomes implements EngineListener {

  private final int capacity;
  private final Clock clock;
  private final Deque<TaskActivity> recent = new ArrayDeque<>();

  /** Keeps the last {@code capacity} results. */
  public RecentOutcomes(int capacity, Clock clock) {
    if (capacity < 1) {
      throw new IllegalArgumentException("'capacity' must be positive");
    }
    this.capacity = capacity;
    this.clock = clock;
  }

  @Override
  public synchronized void taskProcessed(RenewalTask task, TaskResult result, Duration took) {
    recent.addFirst(TaskActivity.of(task, result, clock.instant()));
    while (recent.size() > capacity) {
      recent.removeLast();
    }
  }

  /** The kept results, newest first. */
  public synchronized List<TaskActivity> list() {
    return Collections.unmodifiableList(new ArrayList<>(recent));
  }
}
