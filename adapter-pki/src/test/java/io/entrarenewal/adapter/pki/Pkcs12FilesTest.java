package io.entrarenewal.adapter.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.entrarenewal.core.domain.CertificateKeyPair;
import io.entrarenewal.core.domain.ExternalSystem;
import io.entrarenewal.core.domain.RefusalReason;
import io.entrarenewal.core.domain.RefusedException;
import io.entrarenewal.core.domain.SealedPfx;
import io.entrarenewal.core.domain.Secret;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.ContentInfo;
import org.bouncycastle.asn1.pkcs.EncryptedData;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCS12PBEParams;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.Pfx;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.pkcs.PKCS12PfxPdu;
import org.bouncycastle.pkcs.PKCS12SafeBag;
import org.bouncycastle.pkcs.PKCS12SafeBagFactory;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Pkcs12FilesTest {

  private static final X509Certificate LEAF = TestCertificates.issued(TestKeys.app().getPublic());
  private static final CertificateKeyPair PAIR =
      new CertificateKeyPair(LEAF, TestKeys.app().getPrivate(), List.of(TestCertificates.ca()));

  private final Pkcs12Files modern = Pkcs12Files.create(PfxProfile.MODERN);
  private final Pkcs12Files legacy = Pkcs12Files.create(PfxProfile.LEGACY);

  @TempDir
  Path directory;

  @Test
  void newPassword_isLongRandomPrintableAscii() {
    Secret first = modern.newPassword();
    Secret second = modern.newPassword();

    assertThat(first.length()).isGreaterThanOrEqualTo(32);
    assertThat(first.reveal()).matches("[\\x21-\\x7e]+");
    assertThat(first.matches(second)).isFalse();
  }

  @Test
  void givenModernPfx_jdkKeyStore_opensKeyCertificateChainAndFriendlyName() throws Exception {
    Secret password = modern.newPassword();

    SealedPfx pfx = modern.seal(PAIR, "Certificaat Payroll", password);

    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(new ByteArrayInputStream(pfx.content()), password.revealChars());
    assertThat(store.aliases().nextElement()).isEqualTo("certificaat payroll");
    String alias = "certificaat payroll";
    assertThat(store.getKey(alias, password.revealChars()).getEncoded())
        .isEqualTo(TestKeys.app().getPrivate().getEncoded());
    Certificate[] chain = store.getCertificateChain(alias);
    assertThat(chain).containsExactly(LEAF, TestCertificates.ca());
  }

  @Test
  void givenModernPfx_asn1_showsPbes2Pbkdf2Sha256Aes256AndSha256Mac() throws Exception {
    SealedPfx pfx = modern.seal(PAIR, "app", modern.newPassword());

    Pfx parsed = Pfx.getInstance(pfx.content());
    PKCS12PfxPdu pdu = new PKCS12PfxPdu(pfx.content());

    assertThat(pdu.getMacAlgorithmID().getAlgorithm()).isEqualTo(NISTObjectIdentifiers.id_sha256);
    assertThat(parsed.getMacData().getIterationCount().intValue())
        .isEqualTo(Pkcs12Files.DEFAULT_ITERATIONS);
    List<AlgorithmIdentifier> algorithms = encryptionAlgorithms(pdu);
    assertThat(algorithms).hasSize(2); // the certificate bag and the key bag
    for (AlgorithmIdentifier algorithm : algorithms) {
      assertThat(algorithm.getAlgorithm()).isEqualTo(PKCSObjectIdentifiers.id_PBES2);
      PBES2Parameters pbes2 = PBES2Parameters.getInstance(algorithm.getParameters());
      assertThat(pbes2.getKeyDerivationFunc().getAlgorithm())
          .isEqualTo(PKCSObjectIdentifiers.id_PBKDF2);
      PBKDF2Params kdf = PBKDF2Params.getInstance(pbes2.getKeyDerivationFunc().getParameters());
      assertThat(kdf.getPrf().getAlgorithm()).isEqualTo(PKCSObjectIdentifiers.id_hmacWithSHA256);
      assertThat(kdf.getIterationCount().intValue()).isEqualTo(Pkcs12Files.DEFAULT_ITERATIONS);
      assertThat(pbes2.getEncryptionScheme().getAlgorithm())
          .isEqualTo(NISTObjectIdentifiers.id_aes256_CBC);
    }
  }

  @Test
  void givenLegacyPfx_asn1_showsTripleDesAndSha1Mac() throws Exception {
    SealedPfx pfx = Pkcs12Files.create(PfxProfile.LEGACY, 2048).seal(PAIR, "app",
        legacy.newPassword());

    Pfx parsed = Pfx.getInstance(pfx.content());
    PKCS12PfxPdu pdu = new PKCS12PfxPdu(pfx.content());

    assertThat(pdu.getMacAlgorithmID().getAlgorithm()).isEqualTo(OIWObjectIdentifiers.idSHA1);
    assertThat(parsed.getMacData().getIterationCount().intValue()).isEqualTo(2048);
    List<AlgorithmIdentifier> algorithms = encryptionAlgorithms(pdu);
    assertThat(algorithms).hasSize(2);
    for (AlgorithmIdentifier algorithm : algorithms) {
      assertThat(algorithm.getAlgorithm())
          .isEqualTo(PKCSObjectIdentifiers.pbeWithSHAAnd3_KeyTripleDES_CBC);
      assertThat(PKCS12PBEParams.getInstance(algorithm.getParameters()).getIterations().intValue())
          .isEqualTo(2048);
    }
  }

  @Test
  void givenEitherProfile_open_readsWhatSealWrote() {
    for (Pkcs12Files files : List.of(modern, legacy)) {
      Secret password = files.newPassword();
      SealedPfx pfx = files.seal(PAIR, "app", password);

      CertificateKeyPair opened = modern.open(pfx.content(), password);

      assertThat(opened.certificate()).isEqualTo(LEAF);
      assertThat(opened.privateKey().getEncoded())
          .isEqualTo(TestKeys.app().getPrivate().getEncoded());
      assertThat(opened.chain()).containsExactly(TestCertificates.ca());
    }
  }

  @Test
  void givenModernPfx_openssl_readsItAndReportsTheAlgorithms() throws Exception {
    assumeTrue(opensslAvailable(),
        "openssl is not installed; the interoperability check is skipped");
    Secret password = modern.newPassword();
    Path file = directory.resolve("modern.pfx");
    Files.write(file, modern.seal(PAIR, "app", password).content());

    String output = openssl(password, "pkcs12", "-in", file.toString(), "-info", "-nodes",
        "-passin", "env:PFX_PASSWORD");

    assertThat(output).contains("MAC: sha256, Iteration 10000")
        .contains("PBES2, PBKDF2, AES-256-CBC, Iteration 10000, PRF hmacWithSHA256")
        .contains("-----BEGIN PRIVATE KEY-----")
        .contains("friendlyName: app")
        .contains("localKeyID:");
    assertThat(countOf(output, "-----BEGIN CERTIFICATE-----")).isEqualTo(2);
  }

  @Test
  void givenLegacyPfx_openssl_readsItWithoutTheLegacyProvider() throws Exception {
    assumeTrue(opensslAvailable(),
        "openssl is not installed; the interoperability check is skipped");
    Secret password = legacy.newPassword();
    Path file = directory.resolve("legacy.pfx");
    Files.write(file, legacy.seal(PAIR, "app", password).content());

    String output = openssl(password, "pkcs12", "-in", file.toString(), "-info", "-nodes",
        "-passin", "env:PFX_PASSWORD");

    assertThat(output).contains("MAC: sha1")
        .contains("pbeWithSHA1And3-KeyTripleDES-CBC")
        .contains("-----BEGIN PRIVATE KEY-----");
  }

  @Test
  void givenWrongPassword_open_isRefusedAsUnreadable() {
    SealedPfx pfx = modern.seal(PAIR, "app", modern.newPassword());

    assertUnreadable(pfx.content(), Secret.of("not-the-password"))
        .withMessageContaining("password does not open");
  }

  @Test
  void givenCorruptFile_open_isRefusedAsUnreadable() {
    Secret password = modern.newPassword();
    byte[] content = modern.seal(PAIR, "app", password).content();
    byte[] truncated = java.util.Arrays.copyOf(content, content.length / 2);

    assertUnreadable(truncated, password).withMessageContaining("corrupt or truncated");
    assertUnreadable("not a pfx".getBytes(StandardCharsets.US_ASCII), password)
        .withMessageContaining("not a readable PFX");
  }

  @Test
  void givenFileWithoutPrivateKey_open_isRefusedAsUnreadable() throws Exception {
    Secret password = Secret.of("certificate-only-password");
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setCertificateEntry("ca", TestCertificates.ca());

    assertUnreadable(stored(store, password), password).withMessageContaining("no private key");
  }

  @Test
  void givenEcKey_open_isRefusedAsUnreadable() throws Exception {
    KeyPair ec = TestKeys.ec();
    Instant now = Instant.now();
    X509Certificate certificate = TestCertificates.build("CN=ec", ec.getPrivate(), "CN=ec",
        ec.getPublic(), now, now.plusSeconds(86400), false);
    Secret password = Secret.of("ec-key-password");
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry("ec", ec.getPrivate(), password.revealChars(),
        new Certificate[] {certificate});

    assertUnreadable(stored(store, password), password).withMessageContaining("EC key");
  }

  @Test
  void givenSmallRsaKey_open_isRefusedAsUnreadable() {
    X509Certificate small = TestCertificates.issued(TestKeys.small().getPublic());
    Secret password = modern.newPassword();
    SealedPfx pfx = modern.seal(
        new CertificateKeyPair(small, TestKeys.small().getPrivate(), List.of()), "s", password);

    assertUnreadable(pfx.content(), password).withMessageContaining("1024-bit RSA key");
  }

  @Test
  void givenKeyPair_sealKeyThenOpenKey_returnsTheSameKeyPair() {
    Secret password = modern.newPassword();

    byte[] sealed = modern.sealKey(TestKeys.app(), password);
    KeyPair opened = modern.openKey(sealed, password);

    assertThat(opened.getPrivate().getEncoded())
        .isEqualTo(TestKeys.app().getPrivate().getEncoded());
    assertThat(opened.getPublic()).isEqualTo(TestKeys.app().getPublic());
  }

  @Test
  void givenSealedKey_asn1_isPbes2Aes256() throws Exception {
    byte[] sealed = modern.sealKey(TestKeys.app(), modern.newPassword());

    AlgorithmIdentifier algorithm = new PKCS8EncryptedPrivateKeyInfo(sealed)
        .getEncryptionAlgorithm();

    assertThat(algorithm.getAlgorithm()).isEqualTo(PKCSObjectIdentifiers.id_PBES2);
    assertThat(PBES2Parameters.getInstance(algorithm.getParameters()).getEncryptionScheme()
        .getAlgorithm()).isEqualTo(NISTObjectIdentifiers.id_aes256_CBC);
  }

  @Test
  void givenWrongPassword_openKey_isRefusedAsUnreadable() {
    byte[] sealed = modern.sealKey(TestKeys.app(), modern.newPassword());

    assertThatExceptionOfType(RefusedException.class)
        .isThrownBy(() -> modern.openKey(sealed, Secret.of("wrong")))
        .matches(e -> e.reason() == RefusalReason.UNREADABLE_CERTIFICATE)
        .withMessageContaining("wrong password or damaged");
  }

  @Test
  void givenNonAsciiPassword_seal_isRefusedWithoutShowingIt() {
    assertThatExceptionOfType(IllegalArgumentException.class)
        .isThrownBy(() -> modern.seal(PAIR, "app", Secret.of("wachtwoord-é")))
        .withMessageNotContaining("wachtwoord");
  }

  @Test
  void givenSealedPfx_toStringOfEverything_showsNoSecret() {
    Secret password = modern.newPassword();
    SealedPfx pfx = modern.seal(PAIR, "app", password);

    assertThat(pfx.toString()).doesNotContain(password.reveal());
    assertThat(modern.toString()).contains("MODERN");
  }

  private static List<AlgorithmIdentifier> encryptionAlgorithms(PKCS12PfxPdu pdu)
      throws Exception {
    List<AlgorithmIdentifier> algorithms = new ArrayList<>();
    for (ContentInfo info : pdu.getContentInfos()) {
      ASN1ObjectIdentifier type = info.getContentType();
      if (type.equals(PKCSObjectIdentifiers.encryptedData)) {
        algorithms.add(EncryptedData.getInstance(info.getContent()).getEncryptionAlgorithm());
      } else {
        for (PKCS12SafeBag bag : new PKCS12SafeBagFactory(info).getSafeBags()) {
          if (bag.getBagValue() instanceof PKCS8EncryptedPrivateKeyInfo key) {
            algorithms.add(key.getEncryptionAlgorithm());
          }
        }
      }
    }
    return algorithms;
  }

  private static org.assertj.core.api.ThrowableAssertAlternative<RefusedException>
      assertUnreadable(byte[] content, Secret password) {
    return assertThatExceptionOfType(RefusedException.class)
        .isThrownBy(() -> Pkcs12Files.create().open(content, password))
        .matches(e -> e.reason() == RefusalReason.UNREADABLE_CERTIFICATE)
        .matches(e -> e.system() == ExternalSystem.VAULT)
        .withMessageNotContaining(password.reveal());
  }

  private static byte[] stored(KeyStore store, Secret password) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    store.store(out, password.revealChars());
    return out.toByteArray();
  }

  private static boolean opensslAvailable() {
    try {
      Process process = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static String openssl(Secret password, String... arguments) throws Exception {
    List<String> command = new ArrayList<>();
    command.add("openssl");
    command.addAll(List.of(arguments));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("PFX_PASSWORD", password.reveal());
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("openssl output: %s", output).isZero();
    return output;
  }

  private static int countOf(String text, String part) {
    return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
  }
}
