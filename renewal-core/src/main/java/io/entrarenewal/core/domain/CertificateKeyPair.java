package io.entrarenewal.core.domain;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A certificate with its private key and issuing chain, as kept in a PFX file. Its
 * {@link #toString()} shows the subject and thumbprint, never the key.
 *
 * @param certificate the end-entity certificate
 * @param privateKey its private key
 * @param chain the issuing certificates, nearest first; may be empty
 */
public record CertificateKeyPair(
    X509Certificate certificate, PrivateKey privateKey, List<X509Certificate> chain) {

  /** Validates the fields and copies the chain. */
  public CertificateKeyPair {
    Objects.requireNonNull(certificate, "'certificate' must not be null");
    Objects.requireNonNull(privateKey, "'privateKey' must not be null");
    chain = List.copyOf(chain);
  }

  /** The SHA-1 thumbprint of the certificate's DER encoding, upper-case hex as Entra shows it. */
  public String thumbprint() {
    return thumbprintOf(certificate);
  }

  /** When the certificate expires. */
  public Instant notAfter() {
    return certificate.getNotAfter().toInstant();
  }

  /** When the certificate becomes valid. */
  public Instant notBefore() {
    return certificate.getNotBefore().toInstant();
  }

  /** The SHA-1 thumbprint of any certificate, in upper-case hex. */
  public static String thumbprintOf(X509Certificate certificate) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-1").digest(certificate.getEncoded());
      return HexFormat.of().withUpperCase().formatHex(digest);
    } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
      throw new IllegalStateException("cannot compute a certificate thumbprint", e);
    }
  }

  @Override
  public String toString() {
    return "CertificateKeyPair[subject=" + certificate.getSubjectX500Principal().getName()
        + ", thumbprint=" + thumbprint() + ", privateKey=****]";
  }
}
