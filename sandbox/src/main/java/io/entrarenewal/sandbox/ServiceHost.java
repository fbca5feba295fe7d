package io.entrarenewal.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Serves one stand-in over HTTPS on 127.0.0.1, applying faults and counting requests. */
final class ServiceHost {

  private static final Logger LOG = LoggerFactory.getLogger(ServiceHost.class);

  private final String name;
  private final Http.Service service;
  private final Faults faults;
  private final RequestCounter counter;
  private final CountDownLatch stopped;
  private final HttpsServer server;

  ServiceHost(String name, Http.Service service, SSLContext tls, ExecutorService executor,
      Faults faults, RequestCounter counter, CountDownLatch stopped) throws IOException {
    this.name = name;
    this.service = service;
    this.faults = faults;
    this.counter = counter;
    this.stopped = stopped;
    this.server = HttpsServer.create(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    server.setExecutor(executor);
    server.createContext("/", this::exchange);
  }

  void start() {
    server.start();
  }

  void stop() {
    server.stop(0);
  }

  URI baseUri() {
    return URI.create("https://127.0.0.1:" + server.getAddress().getPort());
  }

  private void exchange(HttpExchange exchange) throws IOException {
    Http.Request request = read(exchange);
    String endpoint = endpointOf(request);
    counter.count(endpoint);
    Optional<Fault> fault = faults.take(request.method(), request.path());
    LOG.debug("{} {} {} -> {}{}", name, request.method(), request.path(), endpoint,
        fault.map(f -> " with fault " + f.getClass().getSimpleName()).orElse(""));
    if (fault.isPresent() && !applyBefore(fault.get(), exchange)) {
      return;
    }
    Http.Response response = answer(request);
    if (fault.isPresent() && fault.get() instanceof Fault.DropReply) {
      abort("reply dropped after the change was applied");
    }
    write(exchange, response);
  }

  private String endpointOf(Http.Request request) {
    try {
      return name + "." + service.endpointName(request);
    } catch (RuntimeException e) {
      return name + ".unknown";
    }
  }

  /** Applies the part of a fault that comes before processing; false when nothing follows. */
  private boolean applyBefore(Fault fault, HttpExchange exchange) throws IOException {
    if (fault instanceof Fault.Latency latency) {
      pause(latency.delay().toMillis());
      return true;
    }
    if (fault instanceof Fault.Gate gate) {
      awaitOpening(gate);
      return true;
    }
    if (fault instanceof Fault.Hang hang) {
      pause(hang.hold().toMillis());
      abort("held past the client's timeout");
    }
    if (fault instanceof Fault.Reset) {
      abort("connection reset before processing");
    }
    if (fault instanceof Fault.Reply reply) {
      Http.Response response = Http.Response.text(reply.status(),
          reply.contentType() == null ? "application/json" : reply.contentType(),
          reply.body() == null ? "" : reply.body());
      for (Map.Entry<String, String> header : reply.headers().entrySet()) {
        response = response.withHeader(header.getKey(), header.getValue());
      }
      write(exchange, response);
      return false;
    }
    if (fault instanceof Fault.MalformedJson) {
      write(exchange, Http.Response.text(200, "application/json", "{\"value\":[{\"id\":"));
      return false;
    }
    return true;
  }

  private void awaitOpening(Fault.Gate gate) {
    try {
      while (!gate.opened().await(50, TimeUnit.MILLISECONDS) && stopped.getCount() > 0) {
        // Checks for a stop of the sandbox between waits.
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void pause(long millis) {
    try {
      stopped.await(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Ends the exchange without a reply. The JDK server closes the connection when a handler
   * throws, which the client sees as a connection closed before any response byte.
   */
  private static void abort(String why) {
    throw new DroppedConnection(why);
  }

  private Http.Response answer(Http.Request request) {
    try {
      return service.handle(request);
    } catch (Exception e) {
      LOG.warn("{} failed on {} {}", name, request.method(), request.path(), e);
      return Http.Response.json(500, Map.of("error", "internal error in the sandbox"));
    }
  }

  private static Http.Request read(HttpExchange exchange) throws IOException {
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    URI uri = exchange.getRequestURI();
    Map<String, java.util.List<String>> headers = new java.util.HashMap<>();
    exchange.getRequestHeaders().forEach((key, values) ->
        headers.put(key.toLowerCase(java.util.Locale.ROOT), values));
    return new Http.Request(exchange.getRequestMethod().toUpperCase(java.util.Locale.ROOT), uri,
        uri.getPath(), Http.parseQuery(uri.getRawQuery()), headers, body);
  }

  private static void write(HttpExchange exchange, Http.Response response) throws IOException {
    if (response.contentType() != null) {
      exchange.getResponseHeaders().set("Content-Type", response.contentType());
    }
    response.headers().forEach((key, value) -> exchange.getResponseHeaders().set(key, value));
    byte[] body = response.body();
    boolean noBody = body.length == 0 || response.status() == 204
        || "HEAD".equals(exchange.getRequestMethod());
    exchange.sendResponseHeaders(response.status(), noBody ? -1 : body.length);
    if (!noBody) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
    exchange.close();
  }

  /** Thrown to make the JDK server close the connection without writing a reply. */
  static final class DroppedConnection extends RuntimeException {
    DroppedConnection(String message) {
      super(message, null, false, false);
    }
  }
}
