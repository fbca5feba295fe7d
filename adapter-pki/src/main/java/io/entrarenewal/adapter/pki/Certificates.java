package io.entrarenewal.adapter.pki;

import io.entrarenewal.core.domain.ExternalSystem;
import io.entrarenewal.core.domain.ExternalSystemException;
import io.entrarenewal.core.domain.ExternalSystemException.Kind;
import java.io.ByteArrayInputStream;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads certificates in the shapes CAs send them: PEM (perhaps inside HTML) and PKCS#7. */
final class Certificates {

  private static final Pattern PEM_CERTIFICATE = Pattern.compile(
      "-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\\s]+)-----END CERTIFICATE-----");
  private static final Pattern ARMOUR =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);

  private Certificates() {}

  /** Every PEM certificate block in a text; certsrv may wrap the PEM in an HTML page. */
  static List<X509Certificate> fromPem(String text) throws CertificateException {
    List<X509Certificate> certificates = new ArrayList<>();
    Matcher matcher = PEM_CERTIFICATE.matcher(text);
    while (matcher.find()) {
      certificates.add(fromDer(Base64.getMimeDecoder().decode(matcher.group(1).trim())));
    }
    return certificates;
  }

  static X509Certificate fromDer(byte[] der) throws CertificateException {
    return (X509Certificate) factory().generateCertificate(new ByteArrayInputStream(der));
  }

  /**
   * The certificates of a base64 PKCS#7 (certs-only) message, with or without PEM armour (AD CS
   * labels its b64 chain inconsistently, so any armour label is accepted).
   */
  static List<X509Certificate> fromBase64Pkcs7(String text) throws CertificateException {
    Matcher armour = ARMOUR.matcher(text);
    String base64 = armour.find() ? armour.group(2) : text;
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(base64.trim());
    } catch (IllegalArgumentException e) {
      throw new CertificateException("the PKCS#7 message is not valid base64", e);
    }
    return fromPkcs7(der);
  }

  /** The certificates of a DER PKCS#7 SignedData (the JDK parses certs-only messages). */
  static List<X509Certificate> fromPkcs7(byte[] der) throws CertificateException {
    List<X509Certificate> certificates = new ArrayList<>();
    for (var certificate : factory().generateCertificates(new ByteArrayInputStream(der))) {
      certificates.add((X509Certificate) certificate);
    }
    return certificates;
  }

  /** Whether two public keys are the same key. */
  static boolean sameKey(PublicKey a, PublicKey b) {
    return Arrays.equals(a.getEncoded(), b.getEncoded());
  }

  /** A short, non-secret description for messages. */
  static String describe(X509Certificate certificate) {
    return "'" + certificate.getSubjectX500Principal().getName() + "' (serial "
        + certificate.getSerialNumber().toString(16) + ")";
  }

  /** A parser that may fail on a malformed certificate. */
  @FunctionalInterface
  interface CertificateParser {
    List<X509Certificate> parse() throws CertificateException;
  }

  /** Parses a CA's answer; a malformed certificate is a refusal naming the call. */
  static List<X509Certificate> parseAnswer(String what, CertificateParser parser) {
    try {
      return parser.parse();
    } catch (CertificateException e) {
      throw new ExternalSystemException(ExternalSystem.CERTIFICATE_AUTHORITY, Kind.REFUSED,
          what + ": the answer holds a malformed certificate: " + e.getMessage(), e);
    }
  }

  private static CertificateFactory factory() throws CertificateException {
    return CertificateFactory.getInstance("X.509");
  }
}
