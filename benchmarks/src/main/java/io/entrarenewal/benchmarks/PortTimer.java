package io.entrarenewal.benchmarks;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Times every call through a port, by port and method, so that a benchmark can say where a
 * renewal's time goes: in which adapter call, and so in which remote system or computation.
 */
final class PortTimer {

  private final Map<String, LongAdder> nanos = new ConcurrentHashMap<>();

  /** The port, with every call timed under {@code name.method}. */
  <T> T timed(Class<T> port, T target, String name) {
    Object proxy = Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port},
        (self, method, args) -> {
          if (method.getDeclaringClass() == Object.class) {
            return method.invoke(target, args);
          }
          long began = System.nanoTime();
          try {
            return method.invoke(target, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          } finally {
            nanos.computeIfAbsent(name + "." + method.getName(), k -> new LongAdder())
                .add(System.nanoTime() - began);
          }
        });
    return port.cast(proxy);
  }

  void reset() {
    nanos.clear();
  }

  /** Milliseconds per call site, divided by {@code runs}. */
  Map<String, Double> millisPer(int runs) {
    Map<String, Double> per = new TreeMap<>();
    nanos.forEach((site, total) -> per.put(site, total.sum() / 1e6 / Math.max(1, runs)));
    return per;
  }
}
