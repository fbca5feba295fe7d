package io.entrarenewal.sandbox;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.io.ByteArrayInputStream;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Key pairs, certificates and PFX files for the sandbox's own CAs and the demo world. */
final class Crypto {

  private static final int RSA_BITS = 2048;
  private static final int POOL_SIZE = 8;
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * Key pairs shared by every sandbox in this JVM, generated in the background on first use.
   * RSA key generation costs up to a second per key on a small machine and a fresh key per start
   * proves nothing: each sandbox still issues its own certificates from them.
   */
  private static final List<CompletableFuture<KeyPair>> POOL = startPool();

  private Crypto() {}

  private static List<CompletableFuture<KeyPair>> startPool() {
    List<CompletableFuture<KeyPair>> pool = new ArrayList<>();
    for (int i = 0; i < POOL_SIZE; i++) {
      pool.add(CompletableFuture.supplyAsync(Crypto::freshKeyPair));
    }
    return pool;
  }

  /** The pooled key pair with this index (modulo the pool size). */
  static KeyPair pooledKeyPair(int index) {
    return POOL.get(Math.floorMod(index, POOL_SIZE)).join();
  }

  /** A newly generated RSA 2048 key pair. */
  static KeyPair freshKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(RSA_BITS, RANDOM);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate an RSA key pair", e);
    }
  }

  static X509Certificate selfSignedCa(String commonName, KeyPair keys, Instant notBefore,
      Instant notAfter) {
    X500Name name = new X500Name("CN=" + commonName);
    try {
      JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(),
          Date.from(notBefore), Date.from(notAfter), name, keys.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
          .addExtension(Extension.keyUsage, true,
              new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature))
          .addExtension(Extension.subjectKeyIdentifier, false,
              utils.createSubjectKeyIdentifier(keys.getPublic()));
      return sign(builder, keys.getPrivate());
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("cannot build CA certificate " + commonName, e);
    }
  }

  static X509Certificate tlsServerCertificate(X509Certificate ca, PrivateKey caKey,
      PublicKey serverKey, Instant notBefore, Instant notAfter) {
    try {
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca,
          serial(), Date.from(notBefore), Date.from(notAfter), new X500Name("CN=localhost"),
          serverKey)
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true,
              new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
          .addExtension(Extension.extendedKeyUsage, false,
              new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
          .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(
              new GeneralName[] {
                  new GeneralName(GeneralName.dNSName, "localhost"),
                  new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
      return sign(builder, caKey);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot build the TLS server certificate", e);
    }
  }

  /** An end-entity certificate for client authentication, as an enrollment template issues. */
  static X509Certificate clientCertificate(X509Certificate issuer, PrivateKey issuerKey,
      X500Name subject, PublicKey subjectKey, Instant notBefore, Instant notAfter) {
    try {
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
          X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded()), serial(),
          Date.from(notBefore), Date.from(notAfter), subject, subjectKey)
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true,
              new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
          .addExtension(Extension.extendedKeyUsage, false,
              new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
      return sign(builder, issuerKey);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot build a client certificate", e);
    }
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key) {
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(key)));
    } catch (OperatorCreationException | CertificateException e) {
      throw new IllegalStateException("cannot sign a certificate", e);
    }
  }

  private static BigInteger serial() {
    return new BigInteger(64, RANDOM).abs().add(BigInteger.ONE);
  }

  static X509Certificate parseCertificate(byte[] der) throws CertificateException {
    CertificateFactory factory = CertificateFactory.getInstance("X.509");
    return (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der));
  }

  static byte[] der(X509Certificate certificate) {
    try {
      return certificate.getEncoded();
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException("cannot encode a certificate", e);
    }
  }

  /** Upper-case hex SHA-1 of the DER, as Graph shows in customKeyIdentifier. */
  static String thumbprintHex(X509Certificate certificate) {
    return HexFormat.of().withUpperCase().formatHex(digest("SHA-1", der(certificate)));
  }

  static byte[] digest(String algorithm, byte[] data) {
    try {
      return MessageDigest.getInstance(algorithm).digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(algorithm + " is missing", e);
    }
  }

  static int rsaBits(X509Certificate certificate) {
    return certificate.getPublicKey() instanceof RSAPublicKey rsa
        ? rsa.getModulus().bitLength() : 0;
  }

  static String pem(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, "\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
        .encodeToString(der);
    return "-----BEGIN " + type + "-----\r\n" + body + "\r\n-----END " + type + "-----\r\n";
  }

  /** A PKCS#12 file with the key and its chain, protected by the JDK's modern defaults. */
  static byte[] pfx(PrivateKey key, X509Certificate[] chain, char[] password) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("1", key, password, chain);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      store.store(out, password);
      return out.toByteArray();
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("cannot write a PFX", e);
    }
  }
}
