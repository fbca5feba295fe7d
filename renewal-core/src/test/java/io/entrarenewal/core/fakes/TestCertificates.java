package io.entrarenewal.core.fakes;

import io.entrarenewal.core.domain.CertificateKeyPair;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Pre-generated RSA-2048 certificates with their keys, for tests only: generating keys costs up
 * to a second each on small machines, and these tests prove nothing by fresh keys. The files in
 * {@code test-certificates/} are throw-away self-signed pairs valid from December 2026 for ten
 * years; they protect nothing.
 */
public final class TestCertificates {

  /** How many pairs there are. */
  public static final int COUNT = 8;

  private static final List<CertificateKeyPair> PAIRS = load();

  private TestCertificates() {}

  /** Pair number {@code index}, from 0 to {@link #COUNT} - 1. */
  public static CertificateKeyPair pair(int index) {
    return PAIRS.get(index);
  }

  private static List<CertificateKeyPair> load() {
    try {
      CertificateFactory certificates = CertificateFactory.getInstance("X.509");
      KeyFactory keys = KeyFactory.getInstance("RSA");
      List<CertificateKeyPair> pairs = new ArrayList<>();
      for (int i = 1; i <= COUNT; i++) {
        X509Certificate certificate;
        try (InputStream in = resource("cert" + i + ".pem")) {
          certificate = (X509Certificate) certificates.generateCertificate(in);
        }
        byte[] der = pem(resource("key" + i + ".pem"));
        PrivateKey key = keys.generatePrivate(new PKCS8EncodedKeySpec(der));
        pairs.add(new CertificateKeyPair(certificate, key, List.of()));
      }
      return List.copyOf(pairs);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("test certificates are unreadable", e);
    }
  }

  private static InputStream resource(String name) {
    InputStream in = TestCertificates.class.getResourceAsStream("/test-certificates/" + name);
    if (in == null) {
      throw new IllegalStateException("missing test resource " + name);
    }
    return in;
  }

  private static byte[] pem(InputStream in) throws IOException {
    try (in) {
      String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
      String body = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
      return Base64.getDecoder().decode(body);
    }
  }
}
