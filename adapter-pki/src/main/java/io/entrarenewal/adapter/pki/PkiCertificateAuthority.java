package io.entrarenewal.adapter.pki;

import io.entrarenewal.core.domain.CertificateKeyPair;
import io.entrarenewal.core.domain.CertificateOrder;
import io.entrarenewal.core.domain.Enrollment;
import io.entrarenewal.core.port.out.CertificateAuthority;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificate authority port over AD CS web enrollment, EST or the embedded CA. It generates
 * the RSA key in this process, sends only the signing request, waits a configured time for a
 * request the CA holds, and checks every issued certificate before returning it.
 *
 * <pre>{@code
 * CertificateAuthority ca = PkiCertificateAuthority.adcs(AdcsSettings.builder(
 *     URI.create("https://ca.example.org/certsrv/"),
 *     HttpAuthentication.basic("svc-pki", password),
 *     CertificateProfile.trusting(List.of(issuingCa))).build());
 * }</pre>
 */
public final class PkiCertificateAuthority implements CertificateAuthority {

  private static final Logger LOG = LoggerFactory.getLogger(PkiCertificateAuthority.class);

  private final Enroller enroller;
  private final CertificateProfile profile;
  private final Duration pendingWait;
  private final Duration pollInterval;
  private final Supplier<KeyPair> keyGenerator;
  private final Clock clock;
  private final Sleeper sleeper;

  private PkiCertificateAuthority(Enroller enroller, CertificateProfile profile,
      Duration pendingWait, Duration pollInterval, Supplier<KeyPair> keyGenerator, Clock clock,
      Sleeper sleeper) {
    this.enroller = enroller;
    this.profile = profile;
    this.pendingWait = pendingWait;
    this.pollInterval = pollInterval;
    this.keyGenerator = keyGenerator;
    this.clock = clock;
    this.sleeper = sleeper;
  }

  /** Enrollment at an AD CS web enrollment site (certsrv). */
  public static PkiCertificateAuthority adcs(AdcsSettings settings) {
    Objects.requireNonNull(settings, "'settings' must not be null");
    return adcs(settings, Clock.systemUTC(), Sleeper.THREAD);
  }

  static PkiCertificateAuthority adcs(AdcsSettings settings, Clock clock, Sleeper sleeper) {
    return new PkiCertificateAuthority(new AdcsEnroller(settings, sleeper), settings.profile(),
        settings.pendingWait(), settings.pollInterval(), generator(settings.profile()), clock,
        sleeper);
  }

  /** Enrollment at an EST server (RFC 7030 simpleenroll). */
  public static PkiCertificateAuthority est(EstSettings settings) {
    Objects.requireNonNull(settings, "'settings' must not be null");
    return est(settings, Clock.systemUTC(), Sleeper.THREAD);
  }

  static PkiCertificateAuthority est(EstSettings settings, Clock clock, Sleeper sleeper) {
    return new PkiCertificateAuthority(new EstEnroller(settings, sleeper), settings.profile(),
        settings.pendingWait(), settings.pollInterval(), generator(settings.profile()), clock,
        sleeper);
  }

  /** Enrollment at the embedded CA, with the default profile trusting that CA. */
  public static PkiCertificateAuthority embedded(EmbeddedCa ca) {
    Objects.requireNonNull(ca, "'ca' must not be null");
    return embedded(ca, CertificateProfile.builder().build());
  }

  /** Enrollment at the embedded CA with a profile; the CA's certificate is the trust anchor. */
  public static PkiCertificateAuthority embedded(EmbeddedCa ca, CertificateProfile profile) {
    Objects.requireNonNull(ca, "'ca' must not be null");
    CertificateProfile trusting = profile.withTrustAnchors(List.of(ca.certificate()));
    return new PkiCertificateAuthority(new EmbeddedEnroller(ca), trusting, Duration.ZERO,
        Duration.ofSeconds(1), generator(trusting), Clock.systemUTC(), Sleeper.THREAD);
  }

  /**
   * This CA with another source of key pairs, such as pre-generated keys in tests. Every key
   * is still checked to be RSA of at least 2048 bits.
   */
  public PkiCertificateAuthority withKeyGenerator(Supplier<KeyPair> generator) {
    Objects.requireNonNull(generator, "'generator' must not be null");
    return new PkiCertificateAuthority(enroller, profile, pendingWait, pollInterval, generator,
        clock, sleeper);
  }

  /** A TLS context trusting exactly the given certificates, for a CA's web server. */
  public static SSLContext tlsTrusting(List<X509Certificate> certificates) {
    return WebEndpoint.trusting(List.copyOf(certificates));
  }

  @Override
  public Enrollment enroll(CertificateOrder order) {
    Objects.requireNonNull(order, "'order' must not be null");
    X500Name subject = CertificateRequests.subject(profile.subjectPattern(),
        order.appDisplayName());
    KeyPair keys = CertificateRequests.requireUsable(keyGenerator.get());
    PKCS10CertificationRequest csr = CertificateRequests.csr(subject, keys);

    Submission submission = enroller.submit(csr, order);
    submission = awaitDecision(submission, keys);

    return settle(submission, keys);
  }

  @Override
  public Enrollment collect(String requestId, KeyPair keyPair) {
    Objects.requireNonNull(requestId, "'requestId' must not be null");
    Objects.requireNonNull(keyPair, "'keyPair' must not be null");

    Submission submission = enroller.check(requestId, keyPair);

    return settle(submission, keyPair);
  }

  /** Asks again about a held request until it is decided or the configured wait is over. */
  private Submission awaitDecision(Submission submission, KeyPair keys) {
    Instant deadline = clock.instant().plus(pendingWait);
    Submission current = submission;
    while (current instanceof Submission.Pending pending) {
      Duration pause = pending.retryAfter().filter(after -> after.compareTo(pollInterval) > 0)
          .orElse(pollInterval);
      if (clock.instant().plus(pause).isAfter(deadline)) {
        return current;
      }
      LOG.debug("request {} is pending; asking again in {} s", pending.requestId(),
          pause.toSeconds());
      if (!pauseFor(pause)) {
        return current;
      }
      current = enroller.check(pending.requestId(), keys);
    }
    return current;
  }

  private boolean pauseFor(Duration pause) {
    try {
      sleeper.sleep(pause);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private Enrollment settle(Submission submission, KeyPair keys) {
    if (submission instanceof Submission.Issued issued) {
      List<X509Certificate> chain = new IssuedCertificateCheck(profile, clock)
          .verify(issued.certificate(), issued.others(), keys.getPublic());
      LOG.debug("certificate {} passed the checks", Certificates.describe(issued.certificate()));
      return new Enrollment.Issued(
          new CertificateKeyPair(issued.certificate(), keys.getPrivate(), chain));
    }
    if (submission instanceof Submission.Pending pending) {
      return new Enrollment.Pending(pending.requestId(), keys);
    }
    Submission.Denied denied = (Submission.Denied) submission;
    return new Enrollment.Denied(denied.requestId(), denied.message());
  }

  private static Supplier<KeyPair> generator(CertificateProfile profile) {
    return () -> CertificateRequests.generateKeyPair(profile.keySize());
  }

  @Override
  public String toString() {
    return "PkiCertificateAuthority[" + enroller.getClass().getSimpleName() + "]";
  }
}
