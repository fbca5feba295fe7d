package io.entrarenewal.adapter.pki;

import io.entrarenewal.core.domain.CertificateKeyPair;
import io.entrarenewal.core.domain.ExternalSystem;
import io.entrarenewal.core.domain.RefusalReason;
import io.entrarenewal.core.domain.RefusedException;
import io.entrarenewal.core.domain.SealedPfx;
import io.entrarenewal.core.domain.Secret;
import io.entrarenewal.core.port.out.PfxFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBMPString;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.pkcs.PKCS12PfxPduBuilder;
import org.bouncycastle.pkcs.PKCS12SafeBag;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfoBuilder;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS12SafeBagBuilder;
import org.bouncycastle.pkcs.jcajce.JcePKCS12MacCalculatorBuilder;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEInputDecryptorProviderBuilder;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEOutputEncryptorBuilder;

/**
 * PFX (PKCS#12) files written with BouncyCastle and read with the JDK's key store, which reads
 * both profiles. Passwords are random ASCII, because BouncyCastle turns PBES2 passwords into
 * bytes as 8-bit ASCII.
 *
 * <p>The iteration count defaults to {@value #DEFAULT_ITERATIONS}, like the JDK's own PKCS#12
 * files. The passwords this class makes carry about 240 bits of entropy, so a higher count
 * would add no real strength against guessing, only cost on every open; a file protected by a
 * human-chosen password should use a higher count.
 */
public final class Pkcs12Files implements PfxFiles {

  /** The default PBKDF2 and MAC iteration count. */
  public static final int DEFAULT_ITERATIONS = 10_000;

  /** The smallest iteration count accepted (RFC 8018 section 4.2). */
  static final int MINIMUM_ITERATIONS = 1_000;

  static final int PASSWORD_LENGTH = 40;

  // Printable ASCII without quotes, backslash, space and look-alikes, so that the password
  // survives copying between tools and shells.
  private static final char[] PASSWORD_ALPHABET =
      "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789-_.!#%+=@~^*"
          .toCharArray();

  private static final ExternalSystem VAULT = ExternalSystem.VAULT;
  private static final AlgorithmIdentifier HMAC_SHA256 =
      new AlgorithmIdentifier(PKCSObjectIdentifiers.id_hmacWithSHA256, DERNull.INSTANCE);

  private final PfxProfile profile;
  private final int iterations;
  private final Provider provider = new BouncyCastleProvider();
  private final SecureRandom random = new SecureRandom();

  private Pkcs12Files(PfxProfile profile, int iterations) {
    this.profile = Objects.requireNonNull(profile, "'profile' must not be null");
    if (iterations < MINIMUM_ITERATIONS) {
      throw new IllegalArgumentException("'iterations' must be at least " + MINIMUM_ITERATIONS);
    }
    this.iterations = iterations;
  }

  /** PFX files of the {@link PfxProfile#MODERN} profile. */
  public static Pkcs12Files create() {
    return create(PfxProfile.MODERN);
  }

  /** PFX files of the given profile, with {@value #DEFAULT_ITERATIONS} iterations. */
  public static Pkcs12Files create(PfxProfile profile) {
    return create(profile, DEFAULT_ITERATIONS);
  }

  /** PFX files of the given profile and iteration count (at least 1,000). */
  public static Pkcs12Files create(PfxProfile profile, int iterations) {
    return new Pkcs12Files(profile, iterations);
  }

  @Override
  public Secret newPassword() {
    char[] password = new char[PASSWORD_LENGTH];
    for (int i = 0; i < password.length; i++) {
      password[i] = PASSWORD_ALPHABET[random.nextInt(PASSWORD_ALPHABET.length)];
    }
    Secret secret = Secret.of(password);
    Arrays.fill(password, '\0');
    return secret;
  }

  @Override
  public SealedPfx seal(CertificateKeyPair certificate, String friendlyName, Secret password) {
    Objects.requireNonNull(certificate, "'certificate' must not be null");
    Objects.requireNonNull(friendlyName, "'friendlyName' must not be null");
    char[] chars = asciiPassword(password);
    try {
      DEROctetString localKeyId = new DEROctetString(
          MessageDigest.getInstance("SHA-1")
              .digest(certificate.certificate().getEncoded()));
      List<PKCS12SafeBag> certificateBags = new ArrayList<>();
      JcaPKCS12SafeBagBuilder leaf = new JcaPKCS12SafeBagBuilder(certificate.certificate());
      leaf.addBagAttribute(PKCSObjectIdentifiers.pkcs_9_at_friendlyName,
          new DERBMPString(friendlyName));
      leaf.addBagAttribute(PKCSObjectIdentifiers.pkcs_9_at_localKeyId, localKeyId);
      certificateBags.add(leaf.build());
      for (X509Certificate issuer : certificate.chain()) {
        certificateBags.add(new JcaPKCS12SafeBagBuilder(issuer).build());
      }
      JcaPKCS12SafeBagBuilder key =
          new JcaPKCS12SafeBagBuilder(certificate.privateKey(), encryptor(chars));
      key.addBagAttribute(PKCSObjectIdentifiers.pkcs_9_at_friendlyName,
          new DERBMPString(friendlyName));
      key.addBagAttribute(PKCSObjectIdentifiers.pkcs_9_at_localKeyId, localKeyId);

      PKCS12PfxPduBuilder pfx = new PKCS12PfxPduBuilder();
      pfx.addEncryptedData(encryptor(chars), certificateBags.toArray(new PKCS12SafeBag[0]));
      pfx.addData(key.build());
      byte[] content = pfx.build(macCalculator(), chars).getEncoded(ASN1Encoding.DER);

      return new SealedPfx(content, password);
    } catch (GeneralSecurityException | IOException | OperatorCreationException
        | PKCSException e) {
      throw new IllegalStateException("cannot seal the PFX file for "
          + certificate.certificate().getSubjectX500Principal().getName(), e);
    } finally {
      Arrays.fill(chars, '\0');
    }
  }

  @Override
  public CertificateKeyPair open(byte[] pfx, Secret password) {
    Objects.requireNonNull(pfx, "'pfx' must not be null");
    Objects.requireNonNull(password, "'password' must not be null");
    char[] chars = password.revealChars();
    try {
      KeyStore store = load(pfx, chars);
      String alias = keyAlias(store);
      Key key = store.getKey(alias, chars);
      Certificate[] path = store.getCertificateChain(alias);
      if (!(key instanceof PrivateKey privateKey) || path == null || path.length == 0) {
        throw unreadable("the PFX file holds no private key with a certificate", null);
      }
      X509Certificate leaf = (X509Certificate) path[0];
      requireUsableRsa(leaf, privateKey);
      List<X509Certificate> chain = new ArrayList<>();
      for (int i = 1; i < path.length; i++) {
        chain.add((X509Certificate) path[i]);
      }
      return new CertificateKeyPair(leaf, privateKey, chain);
    } catch (UnrecoverableKeyException e) {
      throw unreadable("the password does not open the PFX file's private key", e);
    } catch (GeneralSecurityException e) {
      throw unreadable("the PFX file cannot be read: " + e.getClass().getSimpleName(), e);
    } finally {
      Arrays.fill(chars, '\0');
    }
  }

  @Override
  public byte[] sealKey(KeyPair keyPair, Secret password) {
    Objects.requireNonNull(keyPair, "'keyPair' must not be null");
    char[] chars = asciiPassword(password);
    try {
      PrivateKeyInfo info = PrivateKeyInfo.getInstance(keyPair.getPrivate().getEncoded());
      // Always PBES2 with AES-256: the sealed key is ours alone, no old reader must open it.
      OutputEncryptor encryptor = modernEncryptor(chars);
      return new PKCS8EncryptedPrivateKeyInfoBuilder(info).build(encryptor).getEncoded();
    } catch (IOException | OperatorCreationException e) {
      throw new IllegalStateException("cannot seal the key pair", e);
    } finally {
      Arrays.fill(chars, '\0');
    }
  }

  @Override
  public KeyPair openKey(byte[] sealed, Secret password) {
    Objects.requireNonNull(sealed, "'sealed' must not be null");
    Objects.requireNonNull(password, "'password' must not be null");
    char[] chars = password.revealChars();
    try {
      PrivateKeyInfo info = new PKCS8EncryptedPrivateKeyInfo(sealed).decryptPrivateKeyInfo(
          new JcePKCSPBEInputDecryptorProviderBuilder().setProvider(provider).build(chars));
      PrivateKey privateKey = KeyFactory.getInstance("RSA")
          .generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
      if (!(privateKey instanceof RSAPrivateCrtKey crt)) {
        throw unreadable("the sealed key is not an RSA key with its public part", null);
      }
      PublicKey publicKey = KeyFactory.getInstance("RSA")
          .generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
      return new KeyPair(publicKey, privateKey);
    } catch (PKCSException | IOException | IllegalArgumentException | ClassCastException e) {
      throw unreadable("the sealed key cannot be opened: wrong password or damaged data", e);
    } catch (GeneralSecurityException e) {
      throw unreadable("the sealed key is not an RSA key: " + e.getClass().getSimpleName(), e);
    } finally {
      Arrays.fill(chars, '\0');
    }
  }

  @Override
  public String toString() {
    return "Pkcs12Files[" + profile + ", " + iterations + " iterations]";
  }

  private static KeyStore load(byte[] pfx, char[] password) throws GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try {
      store.load(new ByteArrayInputStream(pfx), password);
      return store;
    } catch (IOException e) {
      // The JDK reports a failed MAC check as an IOException caused by an
      // UnrecoverableKeyException; anything else means the bytes are not a PFX file.
      if (e.getCause() instanceof UnrecoverableKeyException) {
        throw unreadable("the password does not open the PFX file (its MAC does not match)", e);
      }
      throw unreadable("the data is not a readable PFX file (corrupt or truncated)", e);
    }
  }

  private static String keyAlias(KeyStore store) throws GeneralSecurityException {
    List<String> keyAliases = new ArrayList<>();
    for (String alias : Collections.list(store.aliases())) {
      if (store.isKeyEntry(alias)) {
        keyAliases.add(alias);
      }
    }
    if (keyAliases.isEmpty()) {
      throw unreadable("the PFX file holds no private key, only certificates", null);
    }
    if (keyAliases.size() > 1) {
      throw unreadable("the PFX file holds " + keyAliases.size()
          + " private keys; expected exactly one", null);
    }
    return keyAliases.get(0);
  }

  private static void requireUsableRsa(X509Certificate leaf, PrivateKey privateKey) {
    if (!(leaf.getPublicKey() instanceof RSAPublicKey rsa)) {
      throw unreadable("the PFX file holds a " + leaf.getPublicKey().getAlgorithm()
          + " key; Entra accepts only RSA", null);
    }
    if (rsa.getModulus().bitLength() < CertificateProfile.MINIMUM_KEY_SIZE) {
      throw unreadable("the PFX file holds a " + rsa.getModulus().bitLength()
          + "-bit RSA key; Entra needs at least " + CertificateProfile.MINIMUM_KEY_SIZE, null);
    }
    if (privateKey instanceof RSAPrivateCrtKey crt && !crt.getModulus().equals(rsa.getModulus())) {
      throw unreadable("the PFX file's private key does not belong to its certificate", null);
    }
  }

  private OutputEncryptor encryptor(char[] password) throws OperatorCreationException {
    if (profile == PfxProfile.MODERN) {
      return modernEncryptor(password);
    }
    return new JcePKCSPBEOutputEncryptorBuilder(
            PKCSObjectIdentifiers.pbeWithSHAAnd3_KeyTripleDES_CBC)
        .setProvider(provider)
        .setIterationCount(iterations)
        .build(password);
  }

  private OutputEncryptor modernEncryptor(char[] password) throws OperatorCreationException {
    // BouncyCastle's defaults are HMAC-SHA1 and 1024 iterations; both are set explicitly.
    return new JcePKCSPBEOutputEncryptorBuilder(NISTObjectIdentifiers.id_aes256_CBC)
        .setProvider(provider)
        .setPRF(HMAC_SHA256)
        .setIterationCount(iterations)
        .build(password);
  }

  private JcePKCS12MacCalculatorBuilder macCalculator() {
    ASN1ObjectIdentifier digest = profile == PfxProfile.MODERN
        ? NISTObjectIdentifiers.id_sha256 : OIWObjectIdentifiers.idSHA1;
    return new JcePKCS12MacCalculatorBuilder(digest).setProvider(provider)
        .setIterationCount(iterations);
  }

  private static char[] asciiPassword(Secret password) {
    Objects.requireNonNull(password, "'password' must not be null");
    char[] chars = password.revealChars();
    for (char c : chars) {
      if (c < 0x20 || c > 0x7e) {
        Arrays.fill(chars, '\0');
        throw new IllegalArgumentException(
            "a PFX password must be printable ASCII (PBES2 in BouncyCastle uses 8-bit ASCII)");
      }
    }
    return chars;
  }

  private static RefusedException unreadable(String reason, Throwable cause) {
    return new RefusedException(VAULT, RefusalReason.UNREADABLE_CERTIFICATE, reason, cause);
  }
}
