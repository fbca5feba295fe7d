package io.entrarenewal.runner.service.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JDK's HTTP server with the service's endpoints mounted on it. Plain HTTP: it serves
 * health, metrics and a read-only dashboard, holds no secret, and is meant for loopback or a
 * private network behind the operator's own TLS proxy.
 */
public final class ServiceHttp {

  private static final Logger LOG = LoggerFactory.getLogger(ServiceHttp.class);

  private final HttpServer server;
  private final ExecutorService threads;

  private ServiceHttp(HttpServer server, ExecutorService threads) {
    this.server = server;
    this.threads = threads;
  }

  /**
   * Binds the server; port 0 picks a free one. Nothing is served until {@link #start()}.
   *
   * @throws UncheckedIOException when the address cannot be bound
   */
  public static ServiceHttp bind(InetSocketAddress address) {
    try {
      HttpServer server = HttpServer.create(address, 50);
      ExecutorService threads = Executors.newFixedThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "http");
        thread.setDaemon(true);
        return thread;
      });
      server.setExecutor(threads);
      return new ServiceHttp(server, threads);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on " + address, e);
    }
  }

  /** Serves {@code handler} at {@code path} and below, for GET and HEAD only. */
  public ServiceHttp mount(String path, HttpHandler handler) {
    server.createContext(path, exchange -> {
      try (exchange) {
        String method = exchange.getRequestMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
          exchange.getResponseHeaders().set("Allow", "GET, HEAD");
          respond(exchange, 405, "text/plain; charset=utf-8", "method not allowed\n");
          return;
        }
        handler.handle(exchange);
      } catch (RuntimeException e) {
        LOG.error("Serving {} broke", path, e);
      }
    });
    return this;
  }

  /** Starts serving. */
  public void start() {
    server.start();
    LOG.info("Serving health, metrics and the dashboard on http://{}:{}/",
        server.getAddress().getHostString(), port());
  }

  /** The port the server listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Stops serving, letting running exchanges finish for up to a second. */
  public void stop() {
    server.stop(1);
    threads.shutdownNow();
  }

  /** Sends a whole text response. */
  public static void respond(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    boolean head = "HEAD".equals(exchange.getRequestMethod());
    exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }
}
