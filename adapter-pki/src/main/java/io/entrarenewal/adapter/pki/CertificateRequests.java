package io.entrarenewal.adapter.pki;

import io.entrarenewal.core.domain.InvalidRequestException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** Makes the key pairs and certificate signing requests for app certificates. */
final class CertificateRequests {

  private static final String SIGNATURE_ALGORITHM = "SHA256withRSA";

  private CertificateRequests() {}

  /** A fresh RSA key pair of the given size. */
  static KeyPair generateKeyPair(int bits) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(bits);
      return generator.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM cannot generate RSA keys", e);
    }
  }

  /** Checks that a key pair (perhaps from an injected generator) is fit for Entra. */
  static KeyPair requireUsable(KeyPair keys) {
    if (!(keys.getPublic() instanceof RSAPublicKey rsa)) {
      throw new IllegalStateException(
          "the key generator made a " + keys.getPublic().getAlgorithm() + " key; Entra needs RSA");
    }
    if (rsa.getModulus().bitLength() < CertificateProfile.MINIMUM_KEY_SIZE) {
      throw new IllegalStateException("the key generator made a " + rsa.getModulus().bitLength()
          + "-bit key; Entra needs at least " + CertificateProfile.MINIMUM_KEY_SIZE);
    }
    return keys;
  }

  /** The subject for an app: the pattern with {@code {app}} replaced by the escaped name. */
  static X500Name subject(String pattern, String appDisplayName) {
    if (appDisplayName.isBlank()) {
      throw new InvalidRequestException("the app's display name is blank; no subject can be made");
    }
    String name = pattern.replace("{app}", escapeRdnValue(appDisplayName));
    try {
      return parseName(name);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(
          "the subject pattern '" + pattern + "' does not make a valid name for '"
              + appDisplayName + "': " + e.getMessage());
    }
  }

  /**
   * Parses a distinguished name written as RFC 4514 says (most specific RDN first, as in
   * {@code CN=app,O=Example}); the JDK's parser handles the order and the escapes.
   */
  static X500Name parseName(String name) {
    return X500Name.getInstance(new X500Principal(name).getEncoded());
  }

  /** The RFC 4514 text of a name, which {@link #parseName} reads back to the same name. */
  static String nameText(X500Name name) {
    try {
      return new X500Principal(name.getEncoded()).getName(X500Principal.RFC2253);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode a distinguished name", e);
    }
  }

  /** Escapes an attribute value as RFC 4514 section 2.4 asks. */
  static String escapeRdnValue(String value) {
    StringBuilder escaped = new StringBuilder(value.length() + 8);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean special = ",+\"\\<>;=".indexOf(c) >= 0
          || (i == 0 && (c == '#' || c == ' '))
          || (i == value.length() - 1 && c == ' ');
      if (special) {
        escaped.append('\\').append(c);
      } else if (c < 0x20) {
        escaped.append(String.format("\\%02x", (int) c));
      } else {
        escaped.append(c);
      }
    }
    return escaped.toString();
  }

  /**
   * A PKCS#10 request for the key pair, asking for digitalSignature and clientAuth in an
   * extension request (Entra uses app certificates to sign client assertions).
   */
  static PKCS10CertificationRequest csr(X500Name subject, KeyPair keys) {
    try {
      ExtensionsGenerator extensions = new ExtensionsGenerator();
      extensions.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      extensions.addExtension(Extension.extendedKeyUsage, false,
          new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
      return new JcaPKCS10CertificationRequestBuilder(subject, keys.getPublic())
          .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate())
          .build(new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(keys.getPrivate()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode the request's extensions", e);
    } catch (OperatorCreationException e) {
      throw new IllegalStateException("cannot sign the certificate request", e);
    }
  }

  /** The request as PEM, as certsrv's form expects it. */
  static String pem(PKCS10CertificationRequest csr) {
    try {
      byte[] lineBreak = "\r\n".getBytes(StandardCharsets.US_ASCII);
      String body = Base64.getMimeEncoder(64, lineBreak).encodeToString(csr.getEncoded());
      return "-----BEGIN CERTIFICATE REQUEST-----\r\n" + body
          + "\r\n-----END CERTIFICATE REQUEST-----\r\n";
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode the certificate request", e);
    }
  }
}
