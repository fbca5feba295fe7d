package io.entrarenewal.runner.service.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpHandler;
import io.entrarenewal.core.domain.ExternalSystem;
import io.entrarenewal.runner.service.engine.EngineStatus;
import io.entrarenewal.runner.service.engine.Outages;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The health endpoints. Live: the process serves requests. Ready: the engine runs, no system
 * was found unavailable by its most recent call, and every tenant was scanned within the
 * allowed age. Both answer JSON with each check, so an operator sees why.
 */
public final class Health {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CONTENT_TYPE = "application/json; charset=utf-8";

  private final Supplier<EngineStatus> engine;
  private final Outages outages;
  private final Duration maxScanAge;
  private final Clock clock;

  /**
   * Health of an engine.
   *
   * @param engine the engine's state
   * @param outages the systems' reachability
   * @param maxScanAge how old the last full scan may be before the service is not ready
   * @param clock the time now
   */
  public Health(Supplier<EngineStatus> engine, Outages outages, Duration maxScanAge,
      Clock clock) {
    this.engine = Objects.requireNonNull(engine, "'engine' must not be null");
    this.outages = Objects.requireNonNull(outages, "'outages' must not be null");
    this.maxScanAge = Objects.requireNonNull(maxScanAge, "'maxScanAge' must not be null");
    this.clock = Objects.requireNonNull(clock, "'clock' must not be null");
  }

  /** The handler of {@code /health/live}. */
  public HttpHandler live() {
    return exchange -> ServiceHttp.respond(exchange, 200, CONTENT_TYPE, "{\"status\":\"UP\"}\n");
  }

  /** The handler of {@code /health/ready}. */
  public HttpHandler ready() {
    return exchange -> {
      ObjectNode body = readiness();
      int status = "UP".equals(body.get("status").asText()) ? 200 : 503;
      ServiceHttp.respond(exchange, status, CONTENT_TYPE, body.toString() + "\n");
    };
  }

  /** The readiness document: overall status and each check. */
  ObjectNode readiness() {
    EngineStatus status = engine.get();
    ObjectNode checks = JSON.createObjectNode();
    boolean ready = check(checks, "engine", status.running(),
        status.running() ? "running" : "not running");
    // Limitation: reachability is the answer of each system's most recent real call; a system
    // not called for a while shows its last known state rather than a fresh probe's.
    for (Map.Entry<ExternalSystem, Outages.SystemState> system
        : outages.snapshot().entrySet()) {
      Outages.SystemState state = system.getValue();
      String detail = state.reachability().name().toLowerCase(Locale.ROOT)
          + state.pausedUntilIfAny().map(until -> ", work paused until " + until).orElse("");
      ready &= check(checks, system.getKey().name().toLowerCase(Locale.ROOT),
          state.reachability() != Outages.Reachability.UNAVAILABLE, detail);
    }
    ready &= check(checks, "scan", scanIsFresh(status), status.lastFullScanIfAny()
        .map(at -> "last full scan " + at).orElse("no full scan yet"));
    ObjectNode body = JSON.createObjectNode().put("status", ready ? "UP" : "DOWN");
    body.set("checks", checks);
    return body;
  }

  private boolean scanIsFresh(EngineStatus status) {
    Instant now = clock.instant();
    return status.lastFullScanIfAny()
        .map(at -> !at.plus(maxScanAge).isBefore(now))
        .orElse(false);
  }

  private static boolean check(ObjectNode checks, String name, boolean passed, String detail) {
    checks.putObject(name).put("status", passed ? "UP" : "DOWN").put("detail", detail);
    return passed;
  }
}
