package io.entrarenewal.runner.service.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The expiry dashboard's HTTP handlers for the JDK's HTTP server: the page at {@code /} and its
 * JSON API at {@code /api/credentials} and {@code /api/outcomes}. Each request reads fresh data
 * from the supplier, so the page is as current as the last scan. Thread-safe when the supplier
 * is.
 *
 * <pre>{@code
 * Dashboard dashboard = new Dashboard(() -> service.dashboardData());
 * dashboard.handlers().forEach(server::createContext);
 * }</pre>
 */
public final class Dashboard {

  /** The path of the page. */
  public static final String PAGE_PATH = "/";
  /** The path of the credentials document. */
  public static final String CREDENTIALS_PATH = "/api/credentials";
  /** The path of the outcomes document. */
  public static final String OUTCOMES_PATH = "/api/outcomes";

  private static final Logger LOG = LoggerFactory.getLogger(Dashboard.class);

  /**
   * Allows the page's own style sheet and nothing else: no script, no frames, no requests
   * elsewhere. A value that slipped past escaping still could not run.
   */
  private static final String PAGE_POLICY = "default-src 'none'; style-src '"
      + sha256(DashboardPage.STYLE) + "'; img-src data:; base-uri 'none'; form-action 'none';"
      + " frame-ancestors 'none'";
  private static final String API_POLICY = "default-src 'none'; frame-ancestors 'none'";

  private final Supplier<DashboardData> data;
  private final Clock clock;

  /** A dashboard over {@code data}, counting days left on the system clock. */
  public Dashboard(Supplier<DashboardData> data) {
    this(data, Clock.systemUTC());
  }

  /** A dashboard over {@code data}, counting days left on {@code clock}. */
  public Dashboard(Supplier<DashboardData> data, Clock clock) {
    this.data = Objects.requireNonNull(data, "'data' must not be null");
    this.clock = Objects.requireNonNull(clock, "'clock' must not be null");
  }

  // Limitation: the dashboard has no access control of its own. Whoever reaches the port sees
  // app names, client ids, key ids and expiry dates (never a secret); serve it on loopback or
  // behind a proxy that authenticates.

  /** The three handlers by the path each is meant to be mounted at, the page first. */
  public Map<String, HttpHandler> handlers() {
    Map<String, HttpHandler> handlers = new LinkedHashMap<>();
    handlers.put(PAGE_PATH, page());
    handlers.put(CREDENTIALS_PATH, credentials());
    handlers.put(OUTCOMES_PATH, outcomes());
    return handlers;
  }

  /** The HTML page; answers 404 for any other path below the one it is mounted at. */
  public HttpHandler page() {
    return exchange -> serve(exchange, PAGE_PATH, "text/html; charset=utf-8", PAGE_POLICY,
        DashboardPage::render);
  }

  /** The credentials document, {@code application/json}. */
  public HttpHandler credentials() {
    return exchange -> serve(exchange, CREDENTIALS_PATH, "application/json", API_POLICY,
        DashboardJson::credentials);
  }

  /** The outcomes document, {@code application/json}. */
  public HttpHandler outcomes() {
    return exchange -> serve(exchange, OUTCOMES_PATH, "application/json", API_POLICY,
        DashboardJson::outcomes);
  }

  private void serve(HttpExchange exchange, String path, String contentType, String policy,
      Function<DashboardView, String> render) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      if (!exchange.getRequestURI().getPath().equals(path)) {
        plain(exchange, 404, "Not found\n");
        return;
      }
      if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        plain(exchange, 405, "Only GET and HEAD are allowed\n");
        return;
      }

      String body;
      try {
        body = render.apply(DashboardView.of(data.get(), clock.instant()));
      } catch (RuntimeException e) {
        LOG.warn("The dashboard could not read its data: {}", e.toString());
        plain(exchange, 503, "The dashboard data is not available right now\n");
        return;
      }

      exchange.getResponseHeaders().set("Content-Security-Policy", policy);
      send(exchange, 200, contentType, body);
    }
  }

  private static void plain(HttpExchange exchange, int status, String text) throws IOException {
    send(exchange, status, "text/plain; charset=utf-8", text);
  }

  private static void send(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    var headers = exchange.getResponseHeaders();
    headers.set("Content-Type", contentType);
    headers.set("Cache-Control", "no-store");
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("Referrer-Policy", "no-referrer");
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private static String sha256(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8));
      return "sha256-" + Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
