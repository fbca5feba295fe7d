package io.entrarenewal.adapter.pki;

import io.entrarenewal.core.domain.ExternalSystem;
import io.entrarenewal.core.domain.ExternalSystemException;
import io.entrarenewal.core.domain.ExternalSystemException.Kind;
import io.entrarenewal.core.domain.RefusalReason;
import io.entrarenewal.core.domain.RefusedException;
import io.entrarenewal.core.domain.RetryPolicy;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends HTTP requests to a CA and translates every failure into core's exceptions. Reads are
 * retried with the {@link RetryPolicy}; submissions are sent once, because a repeated
 * submission could make the CA issue a second certificate.
 */
final class HttpCalls {

  private static final Logger LOG = LoggerFactory.getLogger(HttpCalls.class);
  private static final ExternalSystem CA = ExternalSystem.CERTIFICATE_AUTHORITY;
  private static final Set<Integer> PASSING = Set.of(429, 502, 503, 504);

  private final HttpClient client;
  private final HttpAuthentication authentication;
  private final RetryPolicy retryPolicy;
  private final Sleeper sleeper;
  private final Duration requestTimeout;

  HttpCalls(SSLContext sslContext, HttpAuthentication authentication, RetryPolicy retryPolicy,
      Duration requestTimeout, Sleeper sleeper) {
    // Redirects are not followed, so that credentials never go to another address and a
    // redirect shows up as an error instead of as a misleading page.
    this.client = HttpClient.newBuilder()
        .sslContext(sslContext)
        .connectTimeout(requestTimeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
    this.authentication = authentication;
    this.retryPolicy = retryPolicy;
    this.requestTimeout = requestTimeout;
    this.sleeper = sleeper;
  }

  /** A request builder with the credentials and timeout already set. */
  HttpRequest.Builder request(URI uri) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(requestTimeout);
    authentication.authenticate(builder);
    return builder;
  }

  /**
   * Sends a request that changes something at the CA, once. A lost reply is ambiguous, since
   * the CA may have recorded the request.
   */
  HttpResponse<String> submit(HttpRequest request, String what) {
    HttpResponse<String> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException | HttpConnectTimeoutException | SSLHandshakeException e) {
      throw unreachable(what, e);
    } catch (IOException e) {
      throw new ExternalSystemException(CA, Kind.AMBIGUOUS,
          what + ": the reply was lost after sending (" + e.getClass().getSimpleName()
              + "); the CA may have recorded the request", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ExternalSystemException(CA, Kind.AMBIGUOUS, what + ": interrupted", e);
    }
    LOG.debug("{}: HTTP {}", what, response.statusCode());
    if (response.statusCode() >= 300) {
      throw failure(response, what, response.statusCode() != 500);
    }
    return response;
  }

  /** Sends a request that only reads, retrying passing failures. */
  HttpResponse<String> read(HttpRequest request, String what) {
    for (int attempt = 1; ; attempt++) {
      Optional<Duration> retryAfter = Optional.empty();
      ExternalSystemException failure;
      try {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        LOG.debug("{}: HTTP {}", what, response.statusCode());
        if (response.statusCode() < 300) {
          return response;
        }
        failure = failure(response, what, true);
        retryAfter = RetryAfter.of(response);
      } catch (IOException e) {
        failure = unreachable(what, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ExternalSystemException(CA, Kind.UNAVAILABLE, what + ": interrupted", e);
      }
      if (!failure.isTransient() || !retryPolicy.allowsAnotherAfter(attempt)) {
        throw failure;
      }
      pause(retryPolicy.delayAfter(attempt, retryAfter), failure);
    }
  }

  private void pause(Duration delay, ExternalSystemException failure) {
    LOG.debug("retrying in {} ms after: {}", delay.toMillis(), failure.getMessage());
    try {
      sleeper.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failure;
    }
  }

  private static ExternalSystemException unreachable(String what, IOException e) {
    return new ExternalSystemException(CA, Kind.UNAVAILABLE,
        what + ": the CA could not be reached (" + e.getClass().getSimpleName() + ")", e);
  }

  /**
   * Translates an HTTP error status. {@code nothingHappened} says whether a server error means
   * that the request had no effect (true for reads and for gateway-style errors).
   */
  private ExternalSystemException failure(
      HttpResponse<String> response, String what, boolean nothingHappened) {
    int status = response.statusCode();
    String page = HtmlText.summary(response.body());
    String message = what + ": HTTP " + status + (page.isEmpty() ? "" : " '" + page + "'");
    if (status < 400) {
      return new ExternalSystemException(CA, Kind.REFUSED, what + ": HTTP " + status
          + " redirect to '" + response.headers().firstValue("Location").orElse("?")
          + "', which is not followed; check the base URI and the site's authentication");
    }
    if (status == 401) {
      return new ExternalSystemException(CA, Kind.REFUSED, what
          + ": the CA refused the credentials (HTTP 401) of " + authentication.describe()
          + "; check the PKI service account's user name and password, and that the site"
          + " allows this authentication");
    }
    if (status == 403) {
      return new RefusedException(CA, RefusalReason.PERMISSION_MISSING, message
          + "; the service account may not use this site or template");
    }
    if (PASSING.contains(status)) {
      return new ExternalSystemException(CA, Kind.UNAVAILABLE, message);
    }
    if (status >= 500) {
      return new ExternalSystemException(
          CA, nothingHappened ? Kind.UNAVAILABLE : Kind.AMBIGUOUS, message);
    }
    return new ExternalSystemException(CA, Kind.REFUSED, message);
  }
}
