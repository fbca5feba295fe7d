package io.entrarenewal.core.fakes;

import io.entrarenewal.core.domain.ExternalSystem;
import io.entrarenewal.core.domain.ExternalSystemException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Counts every call the fakes receive and fails or "crashes" the one a test picks. Shared by all
 * fakes of one test, so that call numbers run across ports in the order the flow makes them.
 */
public final class Faults {

  /** How the chosen call misbehaves. */
  public enum Mode {
    /** The system refuses cleanly before doing anything. */
    REFUSE,
    /** The system is unavailable; nothing happens. */
    UNAVAILABLE,
    /** The call takes effect, then its reply is lost. */
    REPLY_LOST,
    /** The call takes effect, then the process dies (a {@link SimulatedCrash}). */
    CRASH_AFTER
  }

  /** Thrown to imitate the death of the process; an Error, so no use case catches it. */
  public static final class SimulatedCrash extends Error {
    private static final long serialVersionUID = 1L;

    SimulatedCrash(String call) {
      super("simulated crash after " + call);
    }
  }

  private final List<String> calls = new ArrayList<>();
  private final Set<ExternalSystem> down = EnumSet.noneOf(ExternalSystem.class);
  private int failAt = -1;
  private Mode mode;
  private Consumer<String> beforeCall = name -> { };

  /** Makes call number {@code callNumber} (counting from 1) misbehave in the given way. */
  public synchronized void failCall(int callNumber, Mode mode) {
    this.failAt = callNumber;
    this.mode = mode;
  }

  /** Makes every later call behave. */
  public synchronized void clear() {
    failAt = -1;
    mode = null;
  }

  /** Makes every call to {@code system} fail as unavailable until {@link #restore}. */
  public synchronized void outage(ExternalSystem system) {
    down.add(system);
  }

  /** Ends the outage of {@code system}. */
  public synchronized void restore(ExternalSystem system) {
    down.remove(system);
  }

  /**
   * Runs {@code hook} with the call's name before each call takes effect, on the calling
   * thread: a test can count calls in flight or hold one on a latch.
   */
  public synchronized void beforeEachCall(Consumer<String> hook) {
    this.beforeCall = hook;
  }

  /** Forgets the calls counted so far (the fault plan stays). */
  public synchronized void resetCount() {
    calls.clear();
  }

  /** The calls received so far, as "port.method". */
  public synchronized List<String> calls() {
    return List.copyOf(calls);
  }

  /** Runs a call through the fault plan. */
  public <T> T call(ExternalSystem system, String name, Supplier<T> effect) {
    Mode now;
    Consumer<String> hook;
    synchronized (this) {
      calls.add(name);
      now = calls.size() == failAt ? mode : null;
      if (down.contains(system)) {
        now = Mode.UNAVAILABLE;
      }
      hook = beforeCall;
    }
    hook.accept(name);
    if (now == Mode.REFUSE) {
      throw new ExternalSystemException(system, ExternalSystemException.Kind.REFUSED,
          "injected refusal of " + name);
    }
    if (now == Mode.UNAVAILABLE) {
      throw new ExternalSystemException(system, ExternalSystemException.Kind.UNAVAILABLE,
          "injected outage at " + name);
    }
    T result = effect.get();
    if (now == Mode.REPLY_LOST) {
      throw new ExternalSystemException(system, ExternalSystemException.Kind.AMBIGUOUS,
          "injected lost reply of " + name);
    }
    if (now == Mode.CRASH_AFTER) {
      throw new SimulatedCrash(name);
    }
    return result;
  }

  /** Runs a call that returns nothing through the fault plan. */
  public void run(ExternalSystem system, String name, Runnable effect) {
    call(system, name, () -> {
      effect.run();
      return null;
    });
  }
}
