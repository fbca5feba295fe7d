package io.entrarenewal.adapter.pki;

import io.entrarenewal.core.domain.RetryPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * How to reach an EST server (RFC 7030).
 *
 * @param serverUri the server's root, such as {@code https://est.example.org/}; the
 *     {@code /.well-known/est} path is added
 * @param label the optional CA label ({@code /.well-known/est/<label>/...}); empty for none
 * @param authentication the credentials
 * @param profile the requested key and subject, and the checks on issued certificates
 * @param pendingWait how long to keep asking about a request answered with 202 before reporting
 *     it as pending
 * @param pollInterval the smallest pause between two such questions (a longer Retry-After wins)
 * @param requestTimeout the timeout of each HTTP request
 * @param retryPolicy retries of reads ({@code /cacerts})
 * @param sslContext the TLS trust for the server
 */
public record EstSettings(
    URI serverUri,
    String label,
    HttpAuthentication authentication,
    CertificateProfile profile,
    Duration pendingWait,
    Duration pollInterval,
    Duration requestTimeout,
    RetryPolicy retryPolicy,
    SSLContext sslContext) {

  /** Validates the fields. */
  public EstSettings {
    serverUri = WebEndpoint.checkedBase(serverUri, "serverUri");
    Objects.requireNonNull(label, "'label' must not be null");
    if (!label.matches("[A-Za-z0-9._~-]*")) {
      throw new IllegalArgumentException("'label' must be a single URI path segment");
    }
    EnrollmentBuilder.checkShared(authentication, profile, pendingWait, pollInterval,
        requestTimeout, retryPolicy, sslContext);
  }

  /** A builder for the given server, credentials and certificate profile. */
  public static Builder builder(
      URI serverUri, HttpAuthentication authentication, CertificateProfile profile) {
    return new Builder(serverUri, authentication, profile);
  }

  /** The EST operation's URI, such as {@code .../.well-known/est/label/simpleenroll}. */
  URI operation(String name) {
    String path = ".well-known/est/" + Optional.of(label).filter(l -> !l.isEmpty())
        .map(l -> l + "/").orElse("") + name;
    return serverUri.resolve(path);
  }

  @Override
  public String toString() {
    return "EstSettings[serverUri=" + serverUri + ", label=" + label
        + ", authentication=" + authentication.describe() + "]";
  }

  /** Builds {@link EstSettings}; unset fields keep their defaults. */
  public static final class Builder extends EnrollmentBuilder<Builder> {
    private String label = "";

    private Builder(URI serverUri, HttpAuthentication authentication,
        CertificateProfile profile) {
      super(serverUri, authentication, profile);
    }

    @Override
    Builder self() {
      return this;
    }

    /** The CA label (default none). */
    public Builder label(String value) {
      this.label = value;
      return this;
    }

    /** The settings. */
    public EstSettings build() {
      return new EstSettings(serverUri, label, authentication, profile, pendingWait,
          pollInterval, requestTimeout, retryPolicy, sslContextOrDefault());
    }
  }
}
