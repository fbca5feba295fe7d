package io.entrarenewal.adapter.pki;

import io.entrarenewal.core.domain.ExternalSystem;
import io.entrarenewal.core.domain.RefusalReason;
import io.entrarenewal.core.domain.RefusedException;
import java.security.InvalidAlgorithmParameterException;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertStore;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The checks every issued certificate passes before it is handed to the renewal flow: it holds
 * our key, its validity window is sane, its key is RSA of at least 2048 bits, and it chains (by
 * verified signatures) to one of the configured CA certificates.
 */
final class IssuedCertificateCheck {

  private final CertificateProfile profile;
  private final Clock clock;

  IssuedCertificateCheck(CertificateProfile profile, Clock clock) {
    this.profile = profile;
    this.clock = clock;
  }

  /**
   * Checks a certificate and returns its chain, nearest issuer first, ending with the trust
   * anchor.
   *
   * @param certificate the issued certificate
   * @param candidates other certificates the CA sent, which may hold intermediates
   * @param ours the public key we asked a certificate for
   * @throws RefusedException with reason CERTIFICATE_REJECTED and a precise reason
   */
  List<X509Certificate> verify(
      X509Certificate certificate, Collection<X509Certificate> candidates, PublicKey ours) {
    Instant now = clock.instant();

    requireOurKey(certificate, ours);
    requireRsaKey(certificate);
    requireValidNow(certificate, now);
    requireLifetime(certificate);

    return chain(certificate, candidates, now);
  }

  private static void requireOurKey(X509Certificate certificate, PublicKey ours) {
    if (!Certificates.sameKey(certificate.getPublicKey(), ours)) {
      throw rejected(certificate, "its public key is not the key we generated for the request");
    }
  }

  private static void requireRsaKey(X509Certificate certificate) {
    if (!(certificate.getPublicKey() instanceof RSAPublicKey rsa)) {
      throw rejected(certificate, "its key is " + certificate.getPublicKey().getAlgorithm()
          + "; Entra accepts only RSA");
    }
    int bits = rsa.getModulus().bitLength();
    if (bits < CertificateProfile.MINIMUM_KEY_SIZE) {
      throw rejected(certificate, "its RSA key has " + bits + " bits; Entra needs at least "
          + CertificateProfile.MINIMUM_KEY_SIZE);
    }
  }

  private void requireValidNow(X509Certificate certificate, Instant now) {
    Instant notBefore = certificate.getNotBefore().toInstant();
    Instant notAfter = certificate.getNotAfter().toInstant();
    if (!notAfter.isAfter(now)) {
      throw rejected(certificate, "it expired at " + notAfter);
    }
    if (notBefore.isAfter(now.plus(profile.maxClockSkew()))) {
      throw rejected(certificate, "it becomes valid only at " + notBefore
          + ", more than " + profile.maxClockSkew() + " from now (" + now + ")");
    }
  }

  private void requireLifetime(X509Certificate certificate) {
    Duration lifetime = Duration.between(
        certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant());
    if (lifetime.compareTo(profile.maxLifetime()) > 0) {
      throw rejected(certificate, "its lifetime of " + lifetime.toDays()
          + " days exceeds the configured maximum of " + profile.maxLifetime().toDays() + " days");
    }
  }

  private List<X509Certificate> chain(
      X509Certificate certificate, Collection<X509Certificate> candidates, Instant now) {
    Set<TrustAnchor> anchors = profile.trustAnchors().stream()
        .map(anchor -> new TrustAnchor(anchor, null))
        .collect(Collectors.toSet());
    List<X509Certificate> pool = new ArrayList<>(candidates);
    pool.add(certificate);
    try {
      X509CertSelector target = new X509CertSelector();
      target.setCertificate(certificate);
      PKIXBuilderParameters parameters = new PKIXBuilderParameters(anchors, target);
      parameters.addCertStore(
          CertStore.getInstance("Collection", new CollectionCertStoreParameters(pool)));
      // Limitation: revocation is not checked; a certificate the CA has just issued is not
      // revoked, and CRL distribution points are often unreachable from the renewal host.
      parameters.setRevocationEnabled(false);
      // Validated at the later of now and notBefore: a notBefore within the allowed clock
      // skew has passed the window check already and must not fail the path check.
      Instant notBefore = certificate.getNotBefore().toInstant();
      parameters.setDate(Date.from(notBefore.isAfter(now) ? notBefore : now));
      PKIXCertPathBuilderResult result = (PKIXCertPathBuilderResult)
          CertPathBuilder.getInstance("PKIX").build(parameters);
      List<X509Certificate> chain = new ArrayList<>();
      result.getCertPath().getCertificates().stream().skip(1)
          .forEach(link -> chain.add((X509Certificate) link));
      chain.add(result.getTrustAnchor().getTrustedCert());
      return chain;
    } catch (CertPathBuilderException e) {
      throw rejected(certificate, "it does not chain to a configured CA certificate "
          + anchorNames() + ": " + e.getMessage(), e);
    } catch (InvalidAlgorithmParameterException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM cannot validate certificate paths", e);
    }
  }

  private String anchorNames() {
    return profile.trustAnchors().stream()
        .map(anchor -> anchor.getSubjectX500Principal().getName())
        .collect(Collectors.joining("', '", "['", "']"));
  }

  private static RefusedException rejected(X509Certificate certificate, String reason) {
    return rejected(certificate, reason, null);
  }

  private static RefusedException rejected(
      X509Certificate certificate, String reason, Throwable cause) {
    return new RefusedException(ExternalSystem.CERTIFICATE_AUTHORITY,
        RefusalReason.CERTIFICATE_REJECTED,
        "the CA issued certificate " + Certificates.describe(certificate)
            + ", which is rejected: " + reason, cause);
  }
}
