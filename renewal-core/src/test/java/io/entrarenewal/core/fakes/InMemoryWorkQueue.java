package io.entrarenewal.core.fakes;

import io.entrarenewal.core.domain.ClientId;
import io.entrarenewal.core.domain.CredentialType;
import io.entrarenewal.core.domain.ExternalSystem;
import io.entrarenewal.core.domain.HandOverNote;
import io.entrarenewal.core.domain.RenewalTask;
import io.entrarenewal.core.domain.RenewalTaskOrder;
import io.entrarenewal.core.domain.Resolution;
import io.entrarenewal.core.domain.TaskId;
import io.entrarenewal.core.port.out.WorkQueue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The ITSM queue in memory: tasks with a state, resolutions and hand-over notes. */
public final class InMemoryWorkQueue implements WorkQueue {

  private static final ExternalSystem SYSTEM = ExternalSystem.WORK_QUEUE;

  /** Where a task stands. */
  public enum State { PENDING, CLOSED, HANDED_OVER }

  /** A task's state, its resolution or notes. */
  public static final class Task {
    final RenewalTask task;
    State state = State.PENDING;
    String claimant;
    Resolution resolution;
    final List<HandOverNote> notes = new ArrayList<>();

    Task(RenewalTask task) {
      this.task = task;
    }

    /** Where the task stands. */
    public State state() {
      return state;
    }

    /** Who claimed the task, or null while nobody has. */
    public String claimant() {
      return claimant;
    }

    /** The resolution, once closed. */
    public Resolution resolution() {
      return resolution;
    }

    /** The hand-over notes, oldest first. */
    public List<HandOverNote> notes() {
      return List.copyOf(notes);
    }
  }

  private final Faults faults;
  private final Map<TaskId, Task> tasks = new LinkedHashMap<>();
  private int nextNumber = 5000;

  /** A queue whose calls go through {@code faults}. */
  public InMemoryWorkQueue(Faults faults) {
    this.faults = faults;
  }

  /** Adds a pending task with raw parameters and returns its id. */
  public synchronized TaskId addTask(String appId, String secretType) {
    TaskId id = new TaskId(String.valueOf(nextNumber++));
    tasks.put(id, new Task(new RenewalTask(id, id.value(), appId, secretType)));
    return id;
  }

  /** A task's state. */
  public synchronized Task task(TaskId id) {
    return tasks.get(id);
  }

  /** Every task, in the order they were added. */
  public synchronized List<RenewalTask> all() {
    return tasks.values().stream().map(t -> t.task).toList();
  }

  @Override
  public Optional<RenewalTask> findTask(TaskId id) {
    return faults.call(SYSTEM, "queue.findTask", () -> {
      synchronized (this) {
        return Optional.ofNullable(tasks.get(id)).map(t -> t.task);
      }
    });
  }

  @Override
  public List<RenewalTask> pendingTasks() {
    return faults.call(SYSTEM, "queue.pendingTasks", () -> {
      synchronized (this) {
        return tasks.values().stream().filter(t -> t.state == State.PENDING)
            .map(t -> t.task).toList();
      }
    });
  }

  @Override
  public boolean claim(TaskId id, String claimant) {
    return faults.call(SYSTEM, "queue.claim", () -> {
      synchronized (this) {
        Task task = tasks.get(id);
        if (task == null || task.state != State.PENDING
            || (task.claimant != null && !task.claimant.equals(claimant))) {
          return false;
        }
        task.claimant = claimant;
        return true;
      }
    });
  }

  @Override
  public void close(TaskId id, Resolution resolution) {
    faults.run(SYSTEM, "queue.close", () -> {
      synchronized (this) {
        Task task = tasks.get(id);
        task.state = State.CLOSED;
        task.resolution = resolution;
      }
    });
  }

  @Override
  public void handOver(TaskId id, HandOverNote note) {
    faults.run(SYSTEM, "queue.handOver", () -> {
      synchronized (this) {
        Task task = tasks.get(id);
        task.state = State.HANDED_OVER;
        task.notes.add(note);
      }
    });
  }

  @Override
  public TaskId openRenewalTask(RenewalTaskOrder order) {
    return faults.call(SYSTEM, "queue.openRenewalTask", () -> addTask(
        order.clientId().value(), order.type() == CredentialType.SECRET ? "Secret" : "Cert"));
  }

  @Override
  public Optional<TaskId> findOpenRenewalTask(ClientId clientId, CredentialType type) {
    return faults.call(SYSTEM, "queue.findOpenRenewalTask", () -> {
      synchronized (this) {
        return tasks.values().stream()
            .filter(t -> t.state == State.PENDING)
            .filter(t -> clientId.value().equalsIgnoreCase(t.task.appIdParameter()))
            .filter(t -> sameType(t.task.secretTypeParameter(), type))
            .map(t -> t.task.id())
            .findFirst();
      }
    });
  }

  private static boolean sameType(String parameter, CredentialType type) {
    try {
      return CredentialType.parse(parameter) == type;
    } catch (RuntimeException e) {
      return false;
    }
  }
}
