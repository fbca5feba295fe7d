package io.entrarenewal.adapter.ivanti;

import com.fasterxml.jackson.databind.JsonNode;
import io.entrarenewal.adapter.ivanti.IvantiSettings.ApiKey;
import io.entrarenewal.adapter.ivanti.IvantiSettings.SessionLogin;
import io.entrarenewal.core.domain.ExternalSystem;
import io.entrarenewal.core.domain.ExternalSystemException;
import io.entrarenewal.core.domain.ExternalSystemException.Kind;
import io.entrarenewal.core.domain.RefusalReason;
import io.entrarenewal.core.domain.RefusedException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends requests to Ivanti: adds the credential, applies timeouts, repeats what may safely be
 * repeated, and turns transport failures and HTTP statuses that no caller can act on into
 * {@link ExternalSystemException}s. Callers get every other reply to interpret.
 */
final class IvantiHttp {

  private static final Logger LOG = LoggerFactory.getLogger(IvantiHttp.class);

  private final IvantiSettings settings;
  private final HttpClient client;
  private final String baseUrl;
  private final Object sessionLock = new Object();
  private String sessionId;

  /** A request: what it does for humans, and whether repeating it cannot duplicate an effect. */
  record Call(String method, URI uri, JsonNode body, boolean repeatable, String purpose) {

    static Call read(URI uri, String purpose) {
      return new Call("GET", uri, null, true, purpose);
    }

    static Call write(String method, URI uri, JsonNode body, String purpose) {
      return new Call(method, uri, body, false, purpose);
    }
  }

  /** A reply Ivanti gave, with its {@code Retry-After} header or null. */
  record Reply(int status, String body, String retryAfter) {

    boolean isSuccess() {
      return status >= 200 && status < 300;
    }
  }

  IvantiHttp(IvantiSettings settings) {
    this.settings = settings;
    this.baseUrl = settings.baseUri().toString();
    this.client = newClient(settings);
  }

  /** The tenant's address, for messages. */
  String baseUrl() {
    return baseUrl;
  }

  /**
   * Sends the call and returns Ivanti's reply for any status a caller can interpret (2xx, 3xx
   * and 4xx other than 401 and 429).
   *
   * @throws ExternalSystemException when Ivanti cannot be reached, is overloaded, refuses the
   *     credential, or a write's outcome is unknown
   */
  Reply send(Call call) {
    boolean loggedInAgain = false;
    for (int attempt = 1; ; attempt++) {
      Optional<Reply> reply = attempt(call, attempt);
      if (reply.isEmpty()) {
        continue;
      }
      int status = reply.get().status();
      if (status == 401 && !loggedInAgain && settings.authentication() instanceof SessionLogin) {
        // A session times out; one fresh login is worth a try, and a 401 changed nothing.
        forgetSession();
        loggedInAgain = true;
        attempt--;
        continue;
      }
      if (status == 401) {
        throw new RefusedException(ExternalSystem.WORK_QUEUE, RefusalReason.PERMISSION_MISSING,
            "Ivanti at " + baseUrl + " refused the credential (HTTP 401"
                + IvantiJson.errorSummary(reply.get().body()) + ") while trying to "
                + call.purpose() + "; check the API key or login and its role");
      }
      if (shouldRetry(call, status) && settings.retryPolicy().allowsAnotherAfter(attempt)) {
        pause(attempt, parseRetryAfter(reply.get().retryAfter()));
        continue;
      }
      return finalReply(call, reply.get());
    }
  }

  private Optional<Reply> attempt(Call call, int attempt) {
    HttpRequest request = request(call);
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      LOG.debug("{} {} -> HTTP {}", call.method(), call.uri().getRawPath(), response.statusCode());
      return Optional.of(new Reply(response.statusCode(), response.body(),
          response.headers().firstValue("Retry-After").orElse(null)));
    } catch (HttpConnectTimeoutException | ConnectException e) {
      return retryOrFail(call, attempt, Kind.UNAVAILABLE, "could not connect", e);
    } catch (SSLException e) {
      // Nothing was sent before the handshake failed, and trying again will not change trust.
      throw failure(call, Kind.UNAVAILABLE, "failed the TLS handshake (" + e.getClass()
          .getSimpleName() + "); check the trust store and the tenant's certificate", e);
    } catch (IOException e) {
      Kind kind = call.repeatable() ? Kind.UNAVAILABLE : Kind.AMBIGUOUS;
      if (!call.repeatable()) {
        throw failure(call, kind, "lost the reply (" + e.getClass().getSimpleName()
            + "); the change may or may not have been made", e);
      }
      return retryOrFail(call, attempt, kind, "lost the reply", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      Kind kind = call.repeatable() ? Kind.UNAVAILABLE : Kind.AMBIGUOUS;
      throw failure(call, kind, "was interrupted", e);
    }
  }

  private Optional<Reply> retryOrFail(
      Call call, int attempt, Kind kind, String what, Exception cause) {
    if (!settings.retryPolicy().allowsAnotherAfter(attempt)) {
      throw failure(call, kind, what + " (" + cause.getClass().getSimpleName() + ") after "
          + attempt + " attempt(s)", cause);
    }
    LOG.debug("{} {} failed ({}), attempt {}", call.method(), call.uri().getRawPath(),
        cause.getClass().getSimpleName(), attempt);
    pause(attempt, Optional.empty());
    return Optional.empty();
  }

  private boolean shouldRetry(Call call, int status) {
    // 429 means Ivanti did not process the request, so even a write may be sent again.
    if (status == 429) {
      return true;
    }
    return call.repeatable() && status >= 500;
  }

  private Reply finalReply(Call call, Reply reply) {
    int status = reply.status();
    if (status == 429) {
      throw failure(call, Kind.UNAVAILABLE, "was throttled (HTTP 429) on every attempt", null);
    }
    if (status >= 500) {
      Kind kind = call.repeatable() ? Kind.UNAVAILABLE : Kind.AMBIGUOUS;
      // Ivanti's 500 bodies carry session and login ids, so only the status is reported.
      throw failure(call, kind, "failed with HTTP " + status
          + (call.repeatable() ? "" : "; the change may or may not have been made"), null);
    }
    return reply;
  }

  private ExternalSystemException failure(Call call, Kind kind, String what, Throwable cause) {
    return new ExternalSystemException(ExternalSystem.WORK_QUEUE, kind,
        "Ivanti at " + baseUrl + ": the request to " + call.purpose() + " " + what, cause);
  }

  private HttpRequest request(Call call) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(call.uri())
        .timeout(settings.requestTimeout())
        .header("Accept", "application/json")
        .header("Authorization", authorization());
    if (call.body() == null) {
      return builder.method(call.method(), HttpRequest.BodyPublishers.noBody()).build();
    }
    return builder.header("Content-Type", "application/json")
        .method(call.method(), HttpRequest.BodyPublishers.ofString(IvantiJson.write(call.body())))
        .build();
  }

  private String authorization() {
    if (settings.authentication() instanceof ApiKey apiKey) {
      // Ivanti expects an equals sign and no space; "Bearer" is refused.
      return "rest_api_key=" + apiKey.key().reveal();
    }
    synchronized (sessionLock) {
      if (sessionId == null) {
        sessionId = login((SessionLogin) settings.authentication());
      }
      return sessionId;
    }
  }

  private void forgetSession() {
    synchronized (sessionLock) {
      sessionId = null;
    }
  }

  private String login(SessionLogin login) {
    URI uri = settings.baseUri().resolve(settings.pathPrefix() + "/api/rest/authentication/login");
    String body = IvantiJson.write(IvantiJson.object()
        .put("tenant", login.tenant())
        .put("username", login.username())
        .put("password", login.password().reveal())
        .put("role", login.role()));
    HttpRequest request = HttpRequest.newBuilder(uri)
        .timeout(settings.requestTimeout())
        .header("Accept", "application/json")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
    for (int attempt = 1; ; attempt++) {
      Optional<HttpResponse<String>> response = loginAttempt(request, attempt);
      if (response.isEmpty()) {
        continue;
      }
      int status = response.get().statusCode();
      if (status >= 200 && status < 300) {
        return IvantiJson.sessionId(response.get().body(), baseUrl);
      }
      if ((status == 429 || status >= 500) && settings.retryPolicy().allowsAnotherAfter(attempt)) {
        pause(attempt, Optional.empty());
        continue;
      }
      if (status == 429 || status >= 500) {
        throw new ExternalSystemException(ExternalSystem.WORK_QUEUE, Kind.UNAVAILABLE,
            "Ivanti at " + baseUrl + " failed the login with HTTP " + status);
      }
      throw new RefusedException(ExternalSystem.WORK_QUEUE, RefusalReason.PERMISSION_MISSING,
          "Ivanti at " + baseUrl + " refused the login of user '" + login.username()
              + "' in role '" + login.role() + "' (HTTP " + status
              + IvantiJson.errorSummary(response.get().body()) + ")");
    }
  }

  private Optional<HttpResponse<String>> loginAttempt(HttpRequest request, int attempt) {
    try {
      return Optional.of(client.send(request, HttpResponse.BodyHandlers.ofString()));
    } catch (IOException e) {
      // A login creates only a session, so repeating it is harmless.
      if (!settings.retryPolicy().allowsAnotherAfter(attempt)) {
        throw new ExternalSystemException(ExternalSystem.WORK_QUEUE, Kind.UNAVAILABLE,
            "Ivanti at " + baseUrl + ": the login failed (" + e.getClass().getSimpleName()
                + ")", e);
      }
      pause(attempt, Optional.empty());
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ExternalSystemException(ExternalSystem.WORK_QUEUE, Kind.UNAVAILABLE,
          "Ivanti at " + baseUrl + ": the login was interrupted", e);
    }
  }

  private void pause(int attempt, Optional<Duration> retryAfter) {
    Duration delay = settings.retryPolicy().delayAfter(attempt, retryAfter);
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ExternalSystemException(ExternalSystem.WORK_QUEUE, Kind.UNAVAILABLE,
          "Ivanti at " + baseUrl + ": interrupted while waiting to try again", e);
    }
  }

  /** Reads a {@code Retry-After} header: whole seconds or an HTTP date. */
  static Optional<Duration> parseRetryAfter(String header) {
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    String value = header.strip();
    try {
      return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value))));
    } catch (NumberFormatException notSeconds) {
      try {
        ZonedDateTime when = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration wait = Duration.between(ZonedDateTime.now(when.getZone()), when);
        return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
      } catch (DateTimeParseException notADate) {
        return Optional.empty();
      }
    }
  }

  private static HttpClient newClient(IvantiSettings settings) {
    HttpClient.Builder builder = HttpClient.newBuilder()
        .connectTimeout(settings.connectTimeout())
        .followRedirects(HttpClient.Redirect.NEVER);
    if (settings.trustStore() != null) {
      builder.sslContext(sslContext(settings));
    }
    return builder.build();
  }

  private static SSLContext sslContext(IvantiSettings settings) {
    try {
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(settings.trustStore());
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("the trust store for Ivanti cannot be used", e);
    }
  }
}
