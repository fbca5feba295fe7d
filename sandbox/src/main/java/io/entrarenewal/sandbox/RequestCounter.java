package io.entrarenewal.sandbox;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Counts requests per named endpoint, such as {@code graph.addPassword}. */
final class RequestCounter {

  private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

  void count(String endpoint) {
    counts.computeIfAbsent(endpoint, key -> new AtomicLong()).incrementAndGet();
  }

  long get(String endpoint) {
    AtomicLong count = counts.get(endpoint);
    return count == null ? 0 : count.get();
  }

  Map<String, Long> snapshot() {
    Map<String, Long> copy = new TreeMap<>();
    counts.forEach((key, value) -> copy.put(key, value.get()));
    return copy;
  }

  void reset() {
    counts.clear();
  }
}
