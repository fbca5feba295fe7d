package io.entrarenewal.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Fault injection: a rule matches requests by method and a regular expression over the path
 * (the whole path must match; the query string is not part of it), and applies its fault to the
 * next {@code times} matching requests or to all of them. Rules are tried in the order they were
 * added; a matched rule that is used up is dropped. Thread-safe.
 *
 * <pre>{@code
 * sandbox.faults().inject("POST", "/v1\\.0/applications/[^/]+/addPassword", 1, Fault.dropReply());
 * sandbox.faults().always("GET", "/api/passwords/\\d+", Fault.throttled(503, 2));
 * }</pre>
 */
public final class Faults {

  /** Use as {@code times} for a rule that never runs out. */
  public static final int ALWAYS = -1;

  private final List<Rule> rules = new ArrayList<>();

  Faults() {}

  /** Applies {@code fault} to the next {@code times} requests matching method and path. */
  public synchronized void inject(String method, String pathRegex, int times, Fault fault) {
    if (times == 0 || times < ALWAYS) {
      throw new IllegalArgumentException("'times' must be positive or ALWAYS, was " + times);
    }
    rules.add(new Rule(method == null ? "*" : method, Pattern.compile(pathRegex),
        new AtomicInteger(times), fault));
  }

  /** Applies {@code fault} to every request matching method and path until cleared. */
  public void always(String method, String pathRegex, Fault fault) {
    inject(method, pathRegex, ALWAYS, fault);
  }

  /** Removes every rule. */
  public synchronized void clear() {
    rules.clear();
  }

  /** The fault for this request, consuming one use of the first matching rule. */
  synchronized Optional<Fault> take(String method, String path) {
    for (int i = 0; i < rules.size(); i++) {
      Rule rule = rules.get(i);
      if (rule.matches(method, path)) {
        int left = rule.remaining.get();
        if (left != ALWAYS) {
          rule.remaining.decrementAndGet();
          if (left == 1) {
            rules.remove(i);
          }
        }
        return Optional.of(rule.fault);
      }
    }
    return Optional.empty();
  }

  private record Rule(String method, Pattern path, AtomicInteger remaining, Fault fault) {

    boolean matches(String requestMethod, String requestPath) {
      return ("*".equals(method) || method.equalsIgnoreCase(requestMethod))
          && path.matcher(requestPath).matches();
    }
  }
}
