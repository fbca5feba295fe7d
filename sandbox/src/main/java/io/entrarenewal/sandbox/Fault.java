package io.entrarenewal.sandbox;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;

/**
 * What goes wrong with a matched request. Create one with the static factories and register it
 * through {@link Faults#inject}.
 */
public sealed interface Fault {

  /** Waits, then serves the request normally. */
  record Latency(Duration delay) implements Fault {
    /** Validates the delay. */
    public Latency {
      Objects.requireNonNull(delay, "'delay' must not be null");
    }
  }

  /**
   * Holds the request without answering for {@code hold} (or until the sandbox stops), then
   * closes the connection. Choose a hold longer than the client's timeout.
   */
  record Hang(Duration hold) implements Fault {
    /** Validates the hold. */
    public Hang {
      Objects.requireNonNull(hold, "'hold' must not be null");
    }
  }

  /**
   * Holds the request until {@link #open()} is called (or the sandbox stops), then serves it
   * normally: lets a test choose the moment a request takes effect.
   */
  record Gate(CountDownLatch opened) implements Fault {
    /** Validates the latch. */
    public Gate {
      Objects.requireNonNull(opened, "'opened' must not be null");
    }

    /** Lets the held request, and any later one through this gate, go on. */
    public void open() {
      opened.countDown();
    }
  }

  /** Closes the connection before the request is processed: nothing changes. */
  record Reset() implements Fault {}

  /** Answers with this status, body and headers without processing the request. */
  record Reply(int status, String contentType, String body, Map<String, String> headers)
      implements Fault {
    /** Validates the status and copies the headers. */
    public Reply {
      if (status < 100 || status > 599) {
        throw new IllegalArgumentException("'status' must be an HTTP status, was " + status);
      }
      headers = Map.copyOf(headers);
    }
  }

  /** Answers 200 with a body that is not valid JSON, without processing the request. */
  record MalformedJson() implements Fault {}

  /**
   * Processes the request (the change takes effect) and then closes the connection without
   * sending the reply: the ambiguous case a client must reconcile.
   */
  record DropReply() implements Fault {}

  /** Serves the request after {@code delay}. */
  static Fault latency(Duration delay) {
    return new Latency(delay);
  }

  /** Holds the request unanswered for {@code hold}, then closes the connection. */
  static Fault hang(Duration hold) {
    return new Hang(hold);
  }

  /** Holds the request until the gate is opened, then serves it. */
  static Gate gate() {
    return new Gate(new CountDownLatch(1));
  }

  /** Closes the connection before the request is processed. */
  static Fault reset() {
    return new Reset();
  }

  /** Answers {@code status} with this body instead of processing the request. */
  static Fault status(int status, String contentType, String body) {
    return new Reply(status, contentType, body, Map.of());
  }

  /** A 429 or 503 with a Retry-After header in seconds and a Graph-like error body. */
  static Fault throttled(int status, int retryAfterSeconds) {
    String code = status == 429 ? "TooManyRequests" : "ServiceUnavailable";
    String body = "{\"error\":{\"code\":\"" + code + "\",\"message\":\"The request has been"
        + " throttled. Retry after " + retryAfterSeconds + " seconds.\"}}";
    return new Reply(status, "application/json", body,
        Map.of("Retry-After", Integer.toString(retryAfterSeconds)));
  }

  /** Answers 200 with a body that is not JSON. */
  static Fault malformedJson() {
    return new MalformedJson();
  }

  /** Processes the request, then closes the connection before the reply. */
  static Fault dropReply() {
    return new DropReply();
  }
}
