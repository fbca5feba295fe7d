package io.entrarenewal.adapter.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.entrarenewal.core.domain.InvalidRequestException;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.Test;

class CertificateRequestsTest {

  @Test
  void givenNameWithRdnSpecials_subject_escapesThemSoTheCommonNameIsExact() throws Exception {
    String app = "Acme, Inc. \"Prod\" + <test>; a=b\\c #1 ";

    X500Name subject = CertificateRequests.subject("CN={app},O=Example", app);

    X500Principal principal = new X500Principal(subject.getEncoded());
    assertThat(principal.getName(X500Principal.RFC2253)).startsWith("CN=Acme\\, Inc.")
        .endsWith(",O=Example");
    assertThat(subject.getRDNs()).hasSize(2);
    // DER holds the least specific RDN first; RFC 4514 text lists the most specific first.
    assertThat(subject.getRDNs()[1].getFirst().getValue().toString()).isEqualTo(app);
    assertThat(subject.getRDNs()[0].getFirst().getValue().toString()).isEqualTo("Example");
  }

  @Test
  void givenLeadingHash_subject_escapesIt() {
    X500Name subject = CertificateRequests.subject("CN={app}", "#app");

    assertThat(subject.getRDNs()[0].getFirst().getValue().toString()).isEqualTo("#app");
  }

  @Test
  void givenBlankAppName_subject_isInvalidRequest() {
    assertThatExceptionOfType(InvalidRequestException.class)
        .isThrownBy(() -> CertificateRequests.subject("CN={app}", " "))
        .withMessageContaining("blank");
  }

  @Test
  void givenKeyPair_csr_isSignedAndAsksForDigitalSignatureAndClientAuth() throws Exception {
    KeyPair keys = TestKeys.app();

    PKCS10CertificationRequest csr =
        CertificateRequests.csr(CertificateRequests.subject("CN={app}", "Payroll"), keys);

    assertThat(csr.isSignatureValid(
        new JcaContentVerifierProviderBuilder().build(keys.getPublic()))).isTrue();
    assertThat(csr.getSubject().toString()).isEqualTo("CN=Payroll");
    assertThat(csr.getSubjectPublicKeyInfo().getEncoded()).isEqualTo(keys.getPublic().getEncoded());
    Extensions extensions = csr.getRequestedExtensions();
    assertThat(KeyUsage.fromExtensions(extensions).hasUsages(KeyUsage.digitalSignature)).isTrue();
    assertThat(extensions.getExtension(Extension.keyUsage).isCritical()).isTrue();
    assertThat(ExtendedKeyUsage.fromExtensions(extensions)
        .hasKeyPurposeId(KeyPurposeId.id_kp_clientAuth)).isTrue();
    assertThat(csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)).hasSize(1);
  }

  @Test
  void givenCsr_pem_isArmouredBase64OfTheDer() throws Exception {
    PKCS10CertificationRequest csr =
        CertificateRequests.csr(new X500Name("CN=x"), TestKeys.app());

    String pem = CertificateRequests.pem(csr);

    assertThat(pem).startsWith("-----BEGIN CERTIFICATE REQUEST-----\r\n")
        .endsWith("-----END CERTIFICATE REQUEST-----\r\n");
    String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    assertThat(java.util.Base64.getDecoder().decode(body)).isEqualTo(csr.getEncoded());
  }

  @Test
  void givenSizeFromProfile_generateKeyPair_makesRsaOfThatSize() {
    assertThat(((RSAPublicKey) CertificateRequests.generateKeyPair(2048).getPublic())
        .getModulus().bitLength()).isEqualTo(2048);
  }

  @Test
  void givenSmallOrEcKey_requireUsable_refusesIt() {
    assertThatExceptionOfType(IllegalStateException.class)
        .isThrownBy(() -> CertificateRequests.requireUsable(TestKeys.small()))
        .withMessageContaining("1024-bit");
    assertThatExceptionOfType(IllegalStateException.class)
        .isThrownBy(() -> CertificateRequests.requireUsable(TestKeys.ec()))
        .withMessageContaining("EC");
  }

  @Test
  void givenPatternThatIsNoDistinguishedName_profile_isRefused() {
    assertThatExceptionOfType(IllegalArgumentException.class)
        .isThrownBy(() -> CertificateProfile.builder().subjectPattern("{app}").build())
        .withMessageContaining("not a distinguished name");
  }

  @Test
  void givenProfileBelowMinimum_profile_isRefused() {
    assertThatExceptionOfType(IllegalArgumentException.class)
        .isThrownBy(() -> CertificateProfile.builder().keySize(1024).build())
        .withMessageContaining("2048");
  }
}
