package io.entrarenewal.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

  private static final Logger LOG = LoggerFactory.getLogger(Crypto.class);

  private static final int RSA_BITS = 2048;
  private static final int POOL_SIZE = 8;
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * Key pairs shared by every sandbox in this JVM. RSA key generation costs up to a second or
   * more per key on a small, busy machine and a fresh key per start proves nothing: each sandbox
   * still issues its own certificates from them. The keys are also cached in a file readable
   * only by its owner (see {@link #KEY_CACHE_PROPERTY}), so later starts skip generation.
   */
  private static List<KeyPair> pool;

  /**
   * System property naming the key cache file, or {@code off} to generate keys in memory only.
   * Default: {@code entrarenewal-sandbox-keys-<user>.txt} in the temporary directory.
   */
  static final String KEY_CACHE_PROPERTY = "entrarenewal.sandbox.keyCache";

  private Crypto() {}

  /** The pooled key pair with this index (modulo the pool size). */
  static KeyPair pooledKeyPair(int index) {
    return pool().get(Math.floorMod(index, POOL_SIZE));
  }

  private static synchronized List<KeyPair> pool() {
    if (pool == null) {
      Optional<Path> cache = cacheFile();
      List<KeyPair> loaded = cache.map(Crypto::load).orElse(List.of());
      if (loaded.size() >= POOL_SIZE) {
        pool = List.copyOf(loaded.subList(0, POOL_SIZE));
      } else {
        pool = generate(POOL_SIZE);
        cache.ifPresent(file -> save(file, pool));
      }
    }
    return pool;
  }

  private static List<KeyPair> generate(int count) {
    ExecutorService executor = Executors.newFixedThreadPool(
        Math.max(1, Runtime.getRuntime().availableProcessors()));
    try {
      List<CompletableFuture<KeyPair>> futures = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        futures.add(CompletableFuture.supplyAsync(Crypto::freshKeyPair, executor));
      }
      return futures.stream().map(CompletableFuture::join).toList();
    } finally {
      executor.shutdown();
    }
  }

  private static Optional<Path> cacheFile() {
    String configured = System.getProperty(KEY_CACHE_PROPERTY, "");
    if ("off".equalsIgnoreCase(configured)) {
      return Optional.empty();
    }
    if (!configured.isBlank()) {
      return Optional.of(Path.of(configured));
    }
    String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9_-]", "_");
    return Optional.of(Path.of(System.getProperty("java.io.tmpdir"),
        "entrarenewal-sandbox-keys-" + user + ".txt"));
  }

  /** Reads PKCS#8 RSA keys, one base64 line each; an unreadable cache counts as empty. */
  private static List<KeyPair> load(Path file) {
    if (!Files.isRegularFile(file)) {
      return List.of();
    }
    try {
      KeyFactory factory = KeyFactory.getInstance("RSA");
      List<KeyPair> keys = new ArrayList<>();
      for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
        if (line.isBlank()) {
          continue;
        }
        RSAPrivateCrtKey key = (RSAPrivateCrtKey) factory.generatePrivate(
            new PKCS8EncodedKeySpec(Base64.getDecoder().decode(line.trim())));
        PublicKey publicKey = factory.generatePublic(
            new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
        if (key.getModulus().bitLength() == RSA_BITS) {
          keys.add(new KeyPair(publicKey, key));
        }
      }
      return keys;
    } catch (IOException | GeneralSecurityException | IllegalArgumentException
        | ClassCastException e) {
      LOG.debug("Ignoring the unreadable sandbox key cache {}", file, e);
      return List.of();
    }
  }

  private static void save(Path file, List<KeyPair> keys) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      Path temp = Files.createTempFile(dir, "sandbox-keys", ".tmp");
      try {
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // Not a POSIX file system: the temporary file already has restrictive defaults.
      }
      StringBuilder lines = new StringBuilder();
      for (KeyPair key : keys) {
        lines.append(Base64.getEncoder().encodeToString(key.getPrivate().getEncoded()))
            .append('\n');
      }
      Files.writeString(temp, lines, StandardCharsets.US_ASCII);
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      LOG.debug("Cannot write the sandbox key cache {}", file, e);
    }
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
    String body = Base64.getMimeEncoder(64, "\r\n".getBytes(StandardCharsets.US_ASCII))
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
