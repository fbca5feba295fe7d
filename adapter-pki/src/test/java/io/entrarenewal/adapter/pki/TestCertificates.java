package io.entrarenewal.adapter.pki;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Builds certificates with whatever properties a test needs, signed by the test keys. */
final class TestCertificates {

  private static final AtomicLong SERIAL = new AtomicLong(1000);
  static final String CA_NAME = "CN=Test Issuing CA,O=Example";

  private TestCertificates() {}

  /** The trusted test CA, self-signed with {@link TestKeys#ca()}. */
  static X509Certificate ca() {
    return Holder.CA;
  }

  /** A CA with the same name as the trusted one but another key. */
  static X509Certificate rogueCa() {
    return Holder.ROGUE;
  }

  /** A certificate for {@code subjectKey} issued by the trusted test CA. */
  static X509Certificate issued(PublicKey subjectKey, Instant notBefore, Instant notAfter) {
    return build(CA_NAME, TestKeys.ca().getPrivate(), "CN=app", subjectKey, notBefore, notAfter,
        false);
  }

  /** A certificate for {@code subjectKey} valid from an hour ago for a year, by the test CA. */
  static X509Certificate issued(PublicKey subjectKey) {
    Instant now = Instant.now();
    return issued(subjectKey, now.minusSeconds(3600), now.plusSeconds(365L * 86400));
  }

  /** A certificate issued by {@code issuerKey} under the given issuer name. */
  static X509Certificate build(String issuer, PrivateKey issuerKey, String subject,
      PublicKey subjectKey, Instant notBefore, Instant notAfter, boolean ca) {
    try {
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(issuer),
          BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(notBefore), Date.from(notAfter),
          new X500Name(subject), subjectKey);
      if (ca) {
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
            .addExtension(Extension.keyUsage, true,
                new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      }
      String algorithm = issuerKey.getAlgorithm().equals("EC") ? "SHA256withECDSA"
          : "SHA256withRSA";
      return new JcaX509CertificateConverter().getCertificate(
          builder.build(new JcaContentSignerBuilder(algorithm).build(issuerKey)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** PEM text of a certificate. */
  static String pem(X509Certificate certificate) {
    try {
      return "-----BEGIN CERTIFICATE-----\r\n"
          + Base64.getMimeEncoder().encodeToString(certificate.getEncoded())
          + "\r\n-----END CERTIFICATE-----\r\n";
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Base64 of a certs-only PKCS#7 message holding the certificates. */
  static String pkcs7Base64(List<X509Certificate> certificates) {
    try {
      CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
      generator.addCertificates(new JcaCertStore(certificates));
      byte[] der = generator.generate(new CMSProcessableByteArray(new byte[0])).getEncoded();
      return Base64.getMimeEncoder().encodeToString(der);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static final class Holder {
    static final X509Certificate CA = selfSigned(TestKeys.ca());
    static final X509Certificate ROGUE = selfSigned(TestKeys.rogueCa());

    private static X509Certificate selfSigned(KeyPair keys) {
      Instant now = Instant.now();
      return build(CA_NAME, keys.getPrivate(), CA_NAME, keys.getPublic(),
          now.minusSeconds(86400), now.plusSeconds(3650L * 86400), true);
    }
  }
}
