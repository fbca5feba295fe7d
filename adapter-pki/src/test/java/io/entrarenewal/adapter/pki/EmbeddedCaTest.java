package io.entrarenewal.adapter.pki;

import static org.assertj.core.api.Assertions.assertThat;

import io.entrarenewal.core.domain.CertificateOrder;
import io.entrarenewal.core.domain.Enrollment;
import io.entrarenewal.core.domain.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedCaTest {

  private static final EmbeddedCa CA = EmbeddedCa.generate(TestKeys.ca(), "CN=Demo CA,O=Example",
      Duration.ofDays(90), Clock.systemUTC());

  @TempDir
  Path directory;

  @Test
  void givenOrder_enroll_issuesAClientAuthCertificateThatPassesTheChecks() throws Exception {
    PkiCertificateAuthority authority =
        PkiCertificateAuthority.embedded(CA).withKeyGenerator(TestKeys::app);

    Enrollment enrollment = authority.enroll(new CertificateOrder("Payroll", "any", "r-1"));

    X509Certificate certificate = ((Enrollment.Issued) enrollment).certificate().certificate();
    assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=Payroll");
    assertThat(certificate.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
    assertThat(certificate.getKeyUsage()[0]).as("digitalSignature").isTrue();
    assertThat(certificate.getBasicConstraints()).isEqualTo(-1);
    assertThat(Duration.between(certificate.getNotBefore().toInstant(),
        certificate.getNotAfter().toInstant())).isBetween(Duration.ofDays(90),
        Duration.ofDays(90).plusMinutes(10));
    certificate.verify(CA.certificate().getPublicKey());
    assertThat(((Enrollment.Issued) enrollment).certificate().chain())
        .containsExactly(CA.certificate());
  }

  @Test
  void givenNoFile_createOrLoad_createsItAndLoadsTheSameCaNextTime() throws Exception {
    Path file = directory.resolve("ca").resolve("embedded-ca.p12");
    Secret password = Secret.of("embedded-ca-password");

    EmbeddedCa created = EmbeddedCa.createOrLoad(file, password);
    EmbeddedCa loaded = EmbeddedCa.createOrLoad(file, password);

    assertThat(Files.exists(file)).isTrue();
    assertThat(loaded.certificate()).isEqualTo(created.certificate());
    assertThat(created.certificate().getBasicConstraints()).isGreaterThanOrEqualTo(0);
    if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      assertThat(Files.getPosixFilePermissions(file))
          .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ,
              PosixFilePermission.OWNER_WRITE);
    }
    Enrollment enrollment = PkiCertificateAuthority.embedded(loaded)
        .withKeyGenerator(TestKeys::app).enroll(new CertificateOrder("app", "t", "r-2"));
    assertThat(enrollment).isInstanceOf(Enrollment.Issued.class);
  }

  @Test
  void givenAnyRequestId_collect_isDenied() {
    Enrollment enrollment = PkiCertificateAuthority.embedded(CA).collect("7", TestKeys.app());

    assertThat(enrollment).isInstanceOf(Enrollment.Denied.class);
    assertThat(((Enrollment.Denied) enrollment).message()).contains("never holds requests");
  }

  @Test
  void givenCa_toString_hidesTheKey() {
    assertThat(CA.toString()).contains("Demo CA").contains("****");
    assertThat(List.of(CA.validity())).containsExactly(Duration.ofDays(90));
  }
}
