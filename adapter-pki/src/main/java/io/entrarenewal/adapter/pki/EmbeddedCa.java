package io.entrarenewal.adapter.pki;

import io.entrarenewal.core.domain.CertificateKeyPair;
import io.entrarenewal.core.domain.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small certificate authority inside this process, for the demo and for teams without a PKI.
 * Its key and certificate live in a PKCS#12 file of their own; it issues client-authentication
 * certificates for the requests it is given.
 */
public final class EmbeddedCa {

  // Limitation: the embedded CA publishes no CRL and keeps no record of what it issued.

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedCa.class);

  /** The default subject of a new CA. */
  public static final String DEFAULT_NAME = "CN=Entra Credential Renewal Embedded CA";

  /** The default lifetime of the certificates it issues. */
  public static final Duration DEFAULT_VALIDITY = Duration.ofDays(365);

  private static final Duration CA_VALIDITY = Duration.ofDays(10 * 365);
  // Backdating covers small clock differences between this host and the ones that check.
  private static final Duration BACKDATE = Duration.ofMinutes(5);
  private static final int CA_KEY_SIZE = 3072;
  private static final String FRIENDLY_NAME = "embedded-ca";

  private final PrivateKey caKey;
  private final X509Certificate caCertificate;
  private final Duration validity;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  private EmbeddedCa(
      PrivateKey caKey, X509Certificate caCertificate, Duration validity, Clock clock) {
    this.caKey = caKey;
    this.caCertificate = caCertificate;
    WebEndpoint.requirePositive(validity, "validity");
    this.validity = validity;
    this.clock = clock;
  }

  /** Loads the CA from its file, or creates a new CA and its file, with the defaults. */
  public static EmbeddedCa createOrLoad(Path file, Secret password) {
    return createOrLoad(file, password, DEFAULT_NAME, DEFAULT_VALIDITY);
  }

  /**
   * Loads the CA from its PKCS#12 file, or, when there is no file, creates a CA with a new
   * 3072-bit key and a ten-year self-signed certificate and writes it there (owner-only where
   * the file system supports it).
   *
   * @param file the CA's PKCS#12 file
   * @param password the file's password
   * @param name the subject of a new CA, such as {@code CN=Example Apps CA}
   * @param validity the lifetime of the certificates it issues
   */
  public static EmbeddedCa createOrLoad(
      Path file, Secret password, String name, Duration validity) {
    Objects.requireNonNull(file, "'file' must not be null");
    Objects.requireNonNull(password, "'password' must not be null");
    Pkcs12Files files = Pkcs12Files.create(PfxProfile.MODERN);
    if (Files.exists(file)) {
      CertificateKeyPair loaded = files.open(read(file), password);
      requireCa(loaded.certificate(), file);
      LOG.info("embedded CA {} loaded from its file", Certificates.describe(loaded.certificate()));
      return new EmbeddedCa(loaded.privateKey(), loaded.certificate(), validity,
          Clock.systemUTC());
    }
    EmbeddedCa created = generate(CertificateRequests.generateKeyPair(CA_KEY_SIZE), name,
        validity, Clock.systemUTC());
    write(file, files.seal(created.keyPair(), FRIENDLY_NAME, password).content());
    LOG.info("embedded CA {} created", Certificates.describe(created.caCertificate));
    return created;
  }

  /** A new CA for the given key pair, with a self-signed certificate (no file). */
  static EmbeddedCa generate(KeyPair keys, String name, Duration validity, Clock clock) {
    X500Name subject = CertificateRequests.parseName(name);
    Instant now = clock.instant();
    try {
      JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
          serial(new SecureRandom()), Date.from(now.minus(BACKDATE)),
          Date.from(now.plus(CA_VALIDITY)), subject, keys.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
          .addExtension(Extension.keyUsage, true,
              new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
          .addExtension(Extension.subjectKeyIdentifier, false,
              utils.createSubjectKeyIdentifier(keys.getPublic()));
      X509Certificate certificate = sign(builder, keys.getPrivate());
      return new EmbeddedCa(keys.getPrivate(), certificate, validity, clock);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot create the embedded CA's certificate", e);
    }
  }

  /** The CA's certificate, to trust and to put in chains. */
  public X509Certificate certificate() {
    return caCertificate;
  }

  /** The lifetime of the certificates it issues. */
  public Duration validity() {
    return validity;
  }

  /**
   * Issues a client-authentication certificate for a request whose signature proves possession
   * of its key. The subject and key come from the request; everything else is this CA's choice.
   */
  X509Certificate issue(PKCS10CertificationRequest request) {
    try {
      JcaPKCS10CertificationRequest csr = new JcaPKCS10CertificationRequest(request);
      var verifier = new JcaContentVerifierProviderBuilder().build(csr.getPublicKey());
      if (!csr.isSignatureValid(verifier)) {
        throw new IllegalArgumentException("the request's signature does not verify");
      }
      PublicKey key = csr.getPublicKey();
      Instant now = clock.instant();
      JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(caCertificate,
          serial(random), Date.from(now.minus(BACKDATE)), Date.from(now.plus(validity)),
          csr.getSubject(), key)
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
          .addExtension(Extension.extendedKeyUsage, false,
              new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth))
          .addExtension(Extension.subjectKeyIdentifier, false,
              utils.createSubjectKeyIdentifier(key))
          .addExtension(Extension.authorityKeyIdentifier, false,
              utils.createAuthorityKeyIdentifier(caCertificate));
      return sign(builder, caKey);
    } catch (GeneralSecurityException | IOException | OperatorCreationException
        | PKCSException e) {
      throw new IllegalStateException("the embedded CA cannot issue a certificate", e);
    }
  }

  @Override
  public String toString() {
    return "EmbeddedCa[" + caCertificate.getSubjectX500Principal().getName() + ", key=****]";
  }

  private CertificateKeyPair keyPair() {
    return new CertificateKeyPair(caCertificate, caKey, List.of());
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
      throws GeneralSecurityException {
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(key)));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException("cannot sign the certificate", e);
    }
  }

  private static BigInteger serial(SecureRandom random) {
    // Positive, 127 bits of randomness, as the CA/Browser Forum asks of public CAs.
    return new BigInteger(127, random).add(BigInteger.ONE);
  }

  private static void requireCa(X509Certificate certificate, Path file) {
    if (certificate.getBasicConstraints() < 0) {
      throw new IllegalArgumentException(
          "the certificate in " + file.getFileName() + " is not a CA certificate");
    }
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the embedded CA's file", e);
    }
  }

  private static void write(Path file, byte[] content) {
    try {
      Path directory = file.toAbsolutePath().getParent();
      Files.createDirectories(directory);
      Path temporary = Files.createTempFile(directory, ".embedded-ca", ".tmp");
      try {
        restrictToOwner(temporary);
        Files.write(temporary, content);
        moveIntoPlace(temporary, file);
      } finally {
        Files.deleteIfExists(temporary);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the embedded CA's file", e);
    }
  }

  private static void restrictToOwner(Path file) throws IOException {
    if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }
  }

  private static void moveIntoPlace(Path temporary, Path file) throws IOException {
    try {
      Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temporary, file);
    }
  }
}
