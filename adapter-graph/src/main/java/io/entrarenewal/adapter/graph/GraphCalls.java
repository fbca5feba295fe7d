package io.entrarenewal.adapter.graph;

import com.microsoft.graph.core.requests.BaseGraphRequestAdapter;
import com.microsoft.graph.models.odataerrors.ODataError;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.ApiException;
import com.microsoft.kiota.authentication.AccessTokenProvider;
import com.microsoft.kiota.authentication.AllowedHostsValidator;
import com.microsoft.kiota.authentication.BaseBearerTokenAuthenticationProvider;
import io.entrarenewal.core.domain.ExternalSystem;
import io.entrarenewal.core.domain.ExternalSystemException;
import io.entrarenewal.core.domain.ExternalSystemException.Kind;
import io.entrarenewal.core.domain.RefusalReason;
import io.entrarenewal.core.domain.RefusedException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import javax.net.ssl.SSLHandshakeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Graph SDK clients bound to one token source, and the two ways of calling Graph: reads, retried
 * with the configured backoff and {@code Retry-After}, and writes, sent exactly once. Every
 * failure leaves here as an {@link ExternalSystemException}.
 */
final class GraphCalls {

  private static final Logger LOG = LoggerFactory.getLogger(GraphCalls.class);
  private static final Set<Integer> PASSING = Set.of(429, 500, 502, 503, 504);

  private final GraphSettings settings;
  private final HttpStack http;
  private final Pacer pacer;

  GraphCalls(GraphSettings settings, HttpStack http, Pacer pacer) {
    this.settings = settings;
    this.http = http;
    this.pacer = pacer;
  }

  /**
   * A Graph client that sends the token from {@code token} to the configured Graph host and to
   * no other: the SDK's default host list would withhold it from national clouds and stand-ins.
   */
  GraphServiceClient client(Supplier<String> token) {
    AllowedHostsValidator graphHost =
        new AllowedHostsValidator(settings.graphBaseUrl().getHost());
    AccessTokenProvider provider = new AccessTokenProvider() {
      @Override
      public String getAuthorizationToken(URI uri, Map<String, Object> context) {
        return graphHost.isUrlHostValid(uri) && "https".equalsIgnoreCase(uri.getScheme())
            ? token.get() : "";
      }

      @Override
      public AllowedHostsValidator getAllowedHostsValidator() {
        return graphHost;
      }
    };
    return new GraphServiceClient(new BaseGraphRequestAdapter(
        new BaseBearerTokenAuthenticationProvider(provider),
        settings.graphBaseUrl().toString(), http.graphClient()));
  }

  /** Runs a read, repeating it after throttling, 5xx replies and connection failures. */
  <T> T read(String what, Supplier<T> call) {
    for (int attempt = 1; ; attempt++) {
      try {
        return call.get();
      } catch (RuntimeException e) {
        rethrowOwn(e);
        if (!isPassing(e) || !settings.retryPolicy().allowsAnotherAfter(attempt)) {
          throw translate(e, what, false);
        }
        Duration pause = settings.retryPolicy().delayAfter(attempt, retryAfter(e));
        LOG.debug("Retrying {} in {} ms after {}", what, pause.toMillis(), describe(e));
        pacer.sleep(pause);
      }
    }
  }

  /** Sends a change once; a lost or garbled reply is reported as {@link Kind#AMBIGUOUS}. */
  <T> T write(String what, Supplier<T> call) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      rethrowOwn(e);
      throw translate(e, what, true);
    }
  }

  /** Sends a change once, with no reply body. */
  void write(String what, Runnable call) {
    write(what, () -> {
      call.run();
      return null;
    });
  }

  /** A failure of this adapter's own making (such as a refused token) may arrive wrapped. */
  private static void rethrowOwn(RuntimeException e) {
    ExternalSystemException own = EntraTokens.find(e, ExternalSystemException.class);
    if (own != null) {
      throw own;
    }
  }

  /** The HTTP status of a Graph failure, when Graph answered. */
  static Optional<Integer> status(RuntimeException e) {
    ApiException api = EntraTokens.find(e, ApiException.class);
    return api == null || api.getResponseStatusCode() == 0
        ? Optional.empty() : Optional.of(api.getResponseStatusCode());
  }

  /** Graph's error code, such as {@code Request_ResourceNotFound}, when it gave one. */
  static Optional<String> errorCode(Throwable e) {
    ODataError error = EntraTokens.find(e, ODataError.class);
    return error == null || error.getError() == null
        ? Optional.empty() : Optional.ofNullable(error.getError().getCode());
  }

  /** Graph's error message, when it gave one. */
  static Optional<String> errorMessage(Throwable e) {
    ODataError error = EntraTokens.find(e, ODataError.class);
    return error == null || error.getError() == null
        ? Optional.empty() : Optional.ofNullable(error.getError().getMessage());
  }

  private static boolean isPassing(RuntimeException e) {
    Optional<Integer> status = status(e);
    if (status.isPresent()) {
      return PASSING.contains(status.get());
    }
    return EntraTokens.find(e, IOException.class) != null;
  }

  static ExternalSystemException translate(RuntimeException e, String what, boolean write) {
    Optional<Integer> status = status(e);
    if (status.isPresent()) {
      int code = status.get();
      String message = what + " failed: " + describe(e);
      if (code == 403) {
        return new RefusedException(ExternalSystem.DIRECTORY, RefusalReason.PERMISSION_MISSING,
            message, e);
      }
      if (code == 429) {
        return new ExternalSystemException(ExternalSystem.DIRECTORY, Kind.UNAVAILABLE, message, e);
      }
      if (code >= 500) {
        return new ExternalSystemException(
            ExternalSystem.DIRECTORY, write ? Kind.AMBIGUOUS : Kind.UNAVAILABLE, message, e);
      }
      return new ExternalSystemException(ExternalSystem.DIRECTORY, Kind.REFUSED, message, e);
    }
    if (isBeforeSending(e)) {
      return new ExternalSystemException(ExternalSystem.DIRECTORY, Kind.UNAVAILABLE,
          what + " failed: Graph could not be reached (" + e.getClass().getSimpleName() + ")", e);
    }
    String cause = EntraTokens.find(e, IOException.class) != null
        ? "the connection failed after the request was sent" : "Graph's reply could not be read";
    return new ExternalSystemException(
        ExternalSystem.DIRECTORY, write ? Kind.AMBIGUOUS : Kind.UNAVAILABLE,
        what + " failed: " + cause + " (" + e.getClass().getSimpleName() + ")", e);
  }

  private static boolean isBeforeSending(Throwable e) {
    return EntraTokens.find(e, ConnectException.class) != null
        || EntraTokens.find(e, UnknownHostException.class) != null
        || EntraTokens.find(e, NoRouteToHostException.class) != null
        || EntraTokens.find(e, SSLHandshakeException.class) != null;
  }

  private static String describe(RuntimeException e) {
    StringBuilder text = new StringBuilder();
    status(e).ifPresent(code -> text.append("HTTP ").append(code));
    errorCode(e).ifPresent(code -> text.append(' ').append(code));
    errorMessage(e).ifPresent(message -> text.append(": ").append(shorten(message)));
    return text.length() == 0 ? e.getClass().getSimpleName() : text.toString();
  }

  private static String shorten(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "...";
  }

  private static Optional<Duration> retryAfter(RuntimeException e) {
    ApiException api = EntraTokens.find(e, ApiException.class);
    if (api == null || api.getResponseHeaders() == null) {
      return Optional.empty();
    }
    return api.getResponseHeaders().entrySet().stream()
        .filter(header -> header.getKey().equalsIgnoreCase("Retry-After"))
        .flatMap(header -> header.getValue().stream())
        .findFirst()
        .flatMap(GraphCalls::parseRetryAfter);
  }

  private static Optional<Duration> parseRetryAfter(String value) {
    String text = value.strip();
    try {
      return Optional.of(Duration.ofSeconds(Long.parseLong(text)));
    } catch (NumberFormatException notSeconds) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration wait = Duration.between(ZonedDateTime.now(at.getZone()), at);
        return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
      } catch (DateTimeParseException notDate) {
        return Optional.empty();
      }
    }
  }
}
