package io.entrarenewal.adapter.passwordstate;

import io.entrarenewal.core.domain.ExternalSystem;
import io.entrarenewal.core.domain.ExternalSystemException;
import io.entrarenewal.core.domain.ExternalSystemException.Kind;
import io.entrarenewal.core.domain.RefusalReason;
import io.entrarenewal.core.domain.RefusedException;
import io.entrarenewal.core.domain.RetryPolicy;
import io.entrarenewal.core.domain.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends requests to Passwordstate and turns transport failures and HTTP statuses into the core's
 * exceptions. Reads are repeated under the retry policy; writes are sent once, because a lost
 * reply may hide an update that took effect.
 */
final class PasswordstateHttp {

  private static final Logger LOG = LoggerFactory.getLogger(PasswordstateHttp.class);

  /** Waits between attempts; tests replace it to record the delays instead of waiting. */
  interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  /** What a call does and to which list, for messages; never a secret. */
  record Call(String listId, String description) {}

  /** A reply whose body was read up to a cap. */
  record Reply(int status, HttpHeaders headers, byte[] body, boolean tooLarge) {

    boolean isSuccess() {
      return status >= 200 && status < 300;
    }

    String contentType() {
      return headers.firstValue("Content-Type").orElse("");
    }
  }

  private final HttpClient client;
  private final PasswordstateSettings settings;
  private final Sleeper sleeper;

  PasswordstateHttp(PasswordstateSettings settings, Sleeper sleeper) {
    this.settings = settings;
    this.sleeper = sleeper;
    this.client = HttpClient.newBuilder()
        .connectTimeout(settings.connectTimeout())
        // Passwordstate answers a refused authorisation with a 302 to its error page; following
        // it would turn the refusal into a 200 HTML page.
        .followRedirects(HttpClient.Redirect.NEVER)
        .sslContext(sslContext(settings.trustStore()))
        .build();
  }

  /** A request to {@code uri} with the list's API key and the configured Reason header. */
  HttpRequest.Builder request(URI uri, String listId) {
    Secret apiKey = settings.apiKeyFor(listId).orElseThrow(() -> new ExternalSystemException(
        ExternalSystem.VAULT, Kind.REFUSED,
        "no API key is configured for vault list " + listId
            + ": set its list key or the system-wide key"));
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
        .timeout(settings.requestTimeout())
        .header("APIKey", apiKey.reveal())
        .header("Accept", "application/json");
    if (settings.reason() != null) {
      builder.header("Reason", settings.reason());
    }
    return builder;
  }

  /**
   * Sends a read, repeating it after connection failures, timeouts, 429 and 5xx replies, and
   * returns the first other reply (which may be an error status for the caller to judge).
   */
  Reply read(HttpRequest request, Call call, long maxBytes) {
    for (int attempt = 1; ; attempt++) {
      Optional<Duration> retryAfter = Optional.empty();
      ExternalSystemException failure;
      try {
        Reply reply = sendTrusted(request, maxBytes, call);
        if (!isPassing(reply.status())) {
          return reply;
        }
        retryAfter = retryAfter(reply.headers());
        failure = new ExternalSystemException(ExternalSystem.VAULT, Kind.UNAVAILABLE,
            call.description() + " failed: " + statusText(reply));
      } catch (IOException e) {
        failure = new ExternalSystemException(ExternalSystem.VAULT, Kind.UNAVAILABLE,
            call.description() + " failed: " + transportText(e), e);
      }
      LOG.debug("{}: attempt {} failed: {}", call.description(), attempt, failure.getMessage());
      if (!settings.retryPolicy().allowsAnotherAfter(attempt)) {
        throw failure;
      }
      pause(settings.retryPolicy(), attempt, retryAfter, call, failure);
    }
  }

  /**
   * Sends a write once (again only when the connection could not even be opened) and returns
   * its reply. A lost reply is {@link Kind#AMBIGUOUS}: the write may have taken effect.
   */
  Reply write(HttpRequest request, Call call, long maxBytes) {
    RetryPolicy policy = settings.retryPolicy();
    for (int attempt = 1; ; attempt++) {
      try {
        return sendTrusted(request, maxBytes, call);
      } catch (ConnectException | HttpConnectTimeoutException e) {
        // Nothing was sent, so trying again cannot apply the write twice.
        ExternalSystemException failure = new ExternalSystemException(ExternalSystem.VAULT,
            Kind.UNAVAILABLE, call.description() + " failed: " + transportText(e), e);
        if (!policy.allowsAnotherAfter(attempt)) {
          throw failure;
        }
        pause(policy, attempt, Optional.empty(), call, failure);
      } catch (IOException e) {
        throw new ExternalSystemException(ExternalSystem.VAULT, Kind.AMBIGUOUS,
            call.description() + " may or may not have taken effect: " + transportText(e)
                + "; read the entry back before writing again", e);
      }
    }
  }

  /** The exception for an error reply; {@code vendorError} is the server's text, if any. */
  ExternalSystemException failure(Reply reply, Call call, String vendorError, boolean write) {
    int status = reply.status();
    String detail = "HTTP " + status + (vendorError.isEmpty() ? "" : " " + vendorError);
    if (status >= 300 && status < 400) {
      String target = reply.headers().firstValue("Location").map(PasswordstateHttp::pathOf)
          .orElse("nowhere");
      return new ExternalSystemException(ExternalSystem.VAULT, Kind.REFUSED, call.description()
          + " was redirected to " + target + " (HTTP " + status + "): Passwordstate does this"
          + " when it refuses the API key; check the key of list " + call.listId());
    }
    if (status == 401 && vendorError.toLowerCase(Locale.ROOT).contains("reason")) {
      return new ExternalSystemException(ExternalSystem.VAULT, Kind.REFUSED, call.description()
          + " was refused: list " + call.listId() + " requires a Reason header:"
          + " set passwordstate.reason (" + detail + ")");
    }
    if (status == 401) {
      return new ExternalSystemException(ExternalSystem.VAULT, Kind.REFUSED, call.description()
          + " was refused (" + detail + "); check the API key of list " + call.listId());
    }
    if (status == 403) {
      return new RefusedException(ExternalSystem.VAULT, RefusalReason.PERMISSION_MISSING,
          call.description() + " was forbidden (" + detail + ")");
    }
    if (status == 429 || status == 503) {
      return new ExternalSystemException(ExternalSystem.VAULT, Kind.UNAVAILABLE,
          call.description() + " was not accepted now (" + detail + ")");
    }
    if (status >= 500 && write) {
      return new ExternalSystemException(ExternalSystem.VAULT, Kind.AMBIGUOUS,
          call.description() + " failed on the server (" + detail + ") and may have taken"
              + " effect; read the entry back before writing again");
    }
    if (status >= 500) {
      return new ExternalSystemException(ExternalSystem.VAULT, Kind.UNAVAILABLE,
          call.description() + " failed on the server (" + detail + ")");
    }
    return new ExternalSystemException(ExternalSystem.VAULT, Kind.REFUSED,
        call.description() + " was refused (" + detail + ")");
  }

  /** Sends, refusing at once when TLS fails: another attempt meets the same certificate. */
  private Reply sendTrusted(HttpRequest request, long maxBytes, Call call) throws IOException {
    try {
      return send(request, maxBytes);
    } catch (SSLHandshakeException e) {
      throw new ExternalSystemException(ExternalSystem.VAULT, Kind.REFUSED, call.description()
          + " failed: the TLS handshake with " + request.uri().getHost() + " failed; check that"
          + " the trust store holds the server's CA and that the certificate names the host", e);
    }
  }

  private Reply send(HttpRequest request, long maxBytes) throws IOException {
    HttpResponse<InputStream> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for the reply", e);
    }
    LOG.debug("{} {} -> HTTP {}", request.method(), request.uri().getPath(),
        response.statusCode());
    try (InputStream body = response.body()) {
      byte[] bytes = body.readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 8));
      boolean tooLarge = bytes.length > maxBytes;
      return new Reply(response.statusCode(), response.headers(), bytes, tooLarge);
    }
  }

  private void pause(RetryPolicy policy, int attempt, Optional<Duration> retryAfter, Call call,
      ExternalSystemException failure) {
    Duration delay = policy.delayAfter(attempt, retryAfter);
    try {
      sleeper.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failure.addSuppressed(e);
      throw failure;
    }
  }

  private static boolean isPassing(int status) {
    return status == 408 || status == 429 || status >= 500;
  }

  /** The Retry-After header as a delay: seconds or an HTTP date (RFC 9110, 10.2.3). */
  static Optional<Duration> retryAfter(HttpHeaders headers) {
    Optional<String> value = headers.firstValue("Retry-After").map(String::trim);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value.get()))));
    } catch (NumberFormatException notSeconds) {
      try {
        ZonedDateTime when = ZonedDateTime.parse(value.get(), DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration wait = Duration.between(ZonedDateTime.now(when.getZone()), when);
        return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
      } catch (DateTimeParseException notDate) {
        LOG.debug("ignoring an unreadable Retry-After header");
        return Optional.empty();
      }
    }
  }

  private static String statusText(Reply reply) {
    String error = PasswordstateJson.errorText(reply);
    return "HTTP " + reply.status() + (error.isEmpty() ? "" : " " + error);
  }

  private static String transportText(IOException e) {
    if (e instanceof HttpConnectTimeoutException) {
      return "connection timed out";
    }
    if (e instanceof HttpTimeoutException) {
      return "no reply within the request timeout";
    }
    if (e instanceof ConnectException) {
      return "connection failed";
    }
    return "connection lost (" + e.getClass().getSimpleName() + ")";
  }

  private static String pathOf(String location) {
    try {
      String path = URI.create(location).getPath();
      return path == null || path.isEmpty() ? "an error page" : path;
    } catch (IllegalArgumentException e) {
      return "an error page";
    }
  }

  private static SSLContext sslContext(KeyStore trustStore) {
    try {
      if (trustStore == null) {
        return SSLContext.getDefault();
      }
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trustStore);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("the trust store cannot be used for TLS: "
          + e.getClass().getSimpleName(), e);
    }
  }

  @Override
  public String toString() {
    return "PasswordstateHttp[" + settings.baseUri() + "]";
  }
}
