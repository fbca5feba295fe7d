package io.entrarenewal.adapter.pki;

import io.entrarenewal.core.domain.RetryPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * What the builders of both web enrollment protocols share: the server, the credentials, the
 * profile, and how patiently to talk to the server.
 *
 * @param <B> the concrete builder, so that each setter returns it
 */
abstract class EnrollmentBuilder<B extends EnrollmentBuilder<B>> {
  final URI serverUri;
  final HttpAuthentication authentication;
  final CertificateProfile profile;
  Duration pendingWait = Duration.ofMinutes(2);
  Duration pollInterval = Duration.ofSeconds(15);
  Duration requestTimeout = Duration.ofSeconds(60);
  RetryPolicy retryPolicy = RetryPolicy.standard();
  private SSLContext sslContext;

  EnrollmentBuilder(URI serverUri, HttpAuthentication authentication, CertificateProfile profile) {
    this.serverUri = serverUri;
    this.authentication = authentication;
    this.profile = profile;
  }

  abstract B self();

  /** Checks the fields both protocols' settings share, as their records are built. */
  static void checkShared(HttpAuthentication authentication, CertificateProfile profile,
      Duration pendingWait, Duration pollInterval, Duration requestTimeout,
      RetryPolicy retryPolicy, SSLContext sslContext) {
    Objects.requireNonNull(authentication, "'authentication' must not be null");
    Objects.requireNonNull(profile, "'profile' must not be null");
    WebEndpoint.requireNonNegative(pendingWait, "pendingWait");
    WebEndpoint.requirePositive(pollInterval, "pollInterval");
    WebEndpoint.requirePositive(requestTimeout, "requestTimeout");
    Objects.requireNonNull(retryPolicy, "'retryPolicy' must not be null");
    Objects.requireNonNull(sslContext, "'sslContext' must not be null");
    if (profile.trustAnchors().isEmpty()) {
      throw new IllegalArgumentException("'profile' must name the CA certificates to trust");
    }
  }

  /** How long to wait for a pending request's approval (default two minutes). */
  public B pendingWait(Duration value) {
    this.pendingWait = value;
    return self();
  }

  /**
   * The pause between checks of a pending request (default 15 seconds). With EST, a longer
   * {@code Retry-After} from the server wins.
   */
  public B pollInterval(Duration value) {
    this.pollInterval = value;
    return self();
  }

  /** The timeout of each HTTP request (default 60 seconds). */
  public B requestTimeout(Duration value) {
    this.requestTimeout = value;
    return self();
  }

  /** Retries of reads (default {@link RetryPolicy#standard()}); never of a submission. */
  public B retryPolicy(RetryPolicy value) {
    this.retryPolicy = value;
    return self();
  }

  /** The TLS trust for the server (default: the JVM's trust store). */
  public B sslContext(SSLContext value) {
    this.sslContext = value;
    return self();
  }

  /** The configured TLS trust, else the JVM's. */
  SSLContext sslContextOrDefault() {
    return sslContext == null ? WebEndpoint.defaultSslContext() : sslContext;
  }
}
