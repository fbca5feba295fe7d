package io.entrarenewal.adapter.pki;

import io.entrarenewal.core.domain.RetryPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * How to reach an AD CS web enrollment site (certsrv).
 *
 * @param baseUri the certsrv folder, such as {@code https://ca.example.org/certsrv/}
 * @param authentication the credentials of the PKI service account
 * @param profile the requested key and subject, and the checks on issued certificates
 * @param userAgent sent with every request; certsrv answers browsers differently from other
 *     clients, so the default looks like a browser
 * @param pendingWait how long to keep asking about a request the CA holds for approval before
 *     reporting it as pending
 * @param pollInterval the pause between two such questions
 * @param requestTimeout the timeout of each HTTP request
 * @param retryPolicy retries of reads (never of the submission itself)
 * @param sslContext the TLS trust for the CA's web server
 */
public record AdcsSettings(
    URI baseUri,
    HttpAuthentication authentication,
    CertificateProfile profile,
    String userAgent,
    Duration pendingWait,
    Duration pollInterval,
    Duration requestTimeout,
    RetryPolicy retryPolicy,
    SSLContext sslContext) {

  /** A browser-like User-Agent that still names this tool. */
  public static final String DEFAULT_USER_AGENT =
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) entra-credential-renewal";

  /** Validates the fields and makes the base URI end with a slash. */
  public AdcsSettings {
    baseUri = WebEndpoint.checkedBase(baseUri, "baseUri");
    Objects.requireNonNull(userAgent, "'userAgent' must not be null");
    EnrollmentBuilder.checkShared(authentication, profile, pendingWait, pollInterval,
        requestTimeout, retryPolicy, sslContext);
  }

  /** A builder for the given certsrv folder, credentials and certificate profile. */
  public static Builder builder(
      URI baseUri, HttpAuthentication authentication, CertificateProfile profile) {
    return new Builder(baseUri, authentication, profile);
  }

  @Override
  public String toString() {
    return "AdcsSettings[baseUri=" + baseUri + ", authentication=" + authentication.describe()
        + ", pendingWait=" + pendingWait + "]";
  }

  /** Builds {@link AdcsSettings}; unset fields keep their defaults. */
  public static final class Builder extends EnrollmentBuilder<Builder> {
    private String userAgent = DEFAULT_USER_AGENT;

    private Builder(URI serverUri, HttpAuthentication authentication,
        CertificateProfile profile) {
      super(serverUri, authentication, profile);
    }

    @Override
    Builder self() {
      return this;
    }

    /** The User-Agent header (default {@link #DEFAULT_USER_AGENT}). */
    public Builder userAgent(String value) {
      this.userAgent = value;
      return this;
    }

    /** The settings. */
    public AdcsSettings build() {
      return new AdcsSettings(serverUri, authentication, profile, userAgent, pendingWait,
          pollInterval, requestTimeout, retryPolicy, sslContextOrDefault());
    }
  }
}
