package io.entrarenewal.runner.service.observe;

import io.entrarenewal.core.domain.ExternalSystem;
import io.entrarenewal.core.domain.ExternalSystemException;
import io.entrarenewal.runner.service.engine.Outages;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Locale;
import java.util.Objects;

/**
 * Wraps a port so that every call is timed per system, operation and result, and so that
 * {@link Outages} learns from every answer. One decorator serves all four ports, which keeps the
 * adapters free of metrics.
 */
public final class MeteredPorts {

  private final MeterRegistry registry;
  private final Outages outages;

  /** Decorators recording into {@code registry} and reporting to {@code outages}. */
  public MeteredPorts(MeterRegistry registry, Outages outages) {
    this.registry = Objects.requireNonNull(registry, "'registry' must not be null");
    this.outages = Objects.requireNonNull(outages, "'outages' must not be null");
  }

  /** {@code target} behind a timing decorator, its calls counted as calls to {@code system}. */
  public <T> T wrap(Class<T> port, T target, ExternalSystem system) {
    Objects.requireNonNull(target, "'target' must not be null");
    InvocationHandler handler = (proxy, method, args) -> call(target, system, method, args);
    return port.cast(Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port},
        handler));
  }

  private Object call(Object target, ExternalSystem system, Method method, Object[] args)
      throws Throwable {
    if (method.getDeclaringClass() == Object.class) {
      return method.invoke(target, args);
    }
    long began = System.nanoTime();
    String result = "ok";
    try {
      Object value = method.invoke(target, args);
      outages.answered(system);
      return value;
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      result = resultOf(system, cause);
      throw cause;
    } finally {
      Timer.builder("renewal.external.call")
          .description("Calls to the external systems, by system, operation and result")
          .tag("system", tagOf(system))
          .tag("operation", method.getName())
          .tag("result", result)
          .register(registry)
          .record(System.nanoTime() - began, java.util.concurrent.TimeUnit.NANOSECONDS);
    }
  }

  private String resultOf(ExternalSystem system, Throwable failure) {
    if (!(failure instanceof ExternalSystemException external)) {
      registry.counter("renewal.external.errors", "system", tagOf(system), "kind", "other")
          .increment();
      return "error";
    }
    String kind = external.kind().name().toLowerCase(Locale.ROOT);
    registry.counter("renewal.external.errors", "system", tagOf(system), "kind", kind)
        .increment();
    if (external.kind() == ExternalSystemException.Kind.UNAVAILABLE) {
      outages.unavailable(system);
    } else if (external.kind() == ExternalSystemException.Kind.REFUSED) {
      outages.answered(system);
    }
    return kind;
  }

  /** The system's label value in metrics: {@code work_queue}, {@code vault}, ... */
  static String tagOf(ExternalSystem system) {
    return system.name().toLowerCase(Locale.ROOT);
  }
}
