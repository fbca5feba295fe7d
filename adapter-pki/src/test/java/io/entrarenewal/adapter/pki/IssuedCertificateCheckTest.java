package io.entrarenewal.adapter.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.entrarenewal.core.domain.ExternalSystem;
import io.entrarenewal.core.domain.RefusalReason;
import io.entrarenewal.core.domain.RefusedException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.assertj.core.api.ThrowableAssertAlternative;
import org.junit.jupiter.api.Test;

class IssuedCertificateCheckTest {

  private static final Instant NOW = Instant.now();
  private final IssuedCertificateCheck check = new IssuedCertificateCheck(
      CertificateProfile.builder().trustAnchors(List.of(TestCertificates.ca()))
          .maxLifetime(Duration.ofDays(400)).maxClockSkew(Duration.ofMinutes(10)).build(),
      Clock.fixed(NOW, ZoneOffset.UTC));
  private final PublicKey ours = TestKeys.app().getPublic();

  @Test
  void givenGoodCertificate_verify_returnsChainEndingWithTheAnchor() {
    X509Certificate certificate = TestCertificates.issued(ours, NOW.minusSeconds(60),
        NOW.plus(Duration.ofDays(365)));

    List<X509Certificate> chain = check.verify(certificate, List.of(), ours);

    assertThat(chain).containsExactly(TestCertificates.ca());
  }

  @Test
  void givenCertificateForAnotherKey_verify_isRejected() {
    X509Certificate certificate = TestCertificates.issued(TestKeys.other().getPublic());

    assertRejected(certificate, ours).withMessageContaining("not the key we generated");
  }

  @Test
  void givenExpiredCertificate_verify_isRejected() {
    X509Certificate certificate = TestCertificates.issued(ours,
        NOW.minus(Duration.ofDays(30)), NOW.minusSeconds(1));

    assertRejected(certificate, ours).withMessageContaining("expired at");
  }

  @Test
  void givenNotBeforeFarInTheFuture_verify_isRejected() {
    X509Certificate certificate = TestCertificates.issued(ours,
        NOW.plus(Duration.ofHours(2)), NOW.plus(Duration.ofDays(100)));

    assertRejected(certificate, ours).withMessageContaining("becomes valid only at");
  }

  @Test
  void givenNotBeforeWithinClockSkew_verify_accepts() {
    X509Certificate certificate = TestCertificates.issued(ours,
        NOW.plus(Duration.ofMinutes(5)), NOW.plus(Duration.ofDays(100)));

    assertThat(check.verify(certificate, List.of(), ours)).hasSize(1);
  }

  @Test
  void givenLifetimeAboveMaximum_verify_isRejected() {
    X509Certificate certificate = TestCertificates.issued(ours,
        NOW.minusSeconds(60), NOW.plus(Duration.ofDays(800)));

    assertRejected(certificate, ours)
        .withMessageContaining("lifetime of 800 days exceeds the configured maximum of 400 days");
  }

  @Test
  void givenSmallRsaKey_verify_isRejected() {
    PublicKey small = TestKeys.small().getPublic();
    X509Certificate certificate = TestCertificates.issued(small);

    assertRejected(certificate, small).withMessageContaining("1024 bits");
  }

  @Test
  void givenEcKey_verify_isRejected() {
    PublicKey ec = TestKeys.ec().getPublic();
    X509Certificate certificate = TestCertificates.issued(ec);

    assertRejected(certificate, ec).withMessageContaining("only RSA");
  }

  @Test
  void givenCertificateSignedByAnotherKeyUnderTheSameName_verify_isRejected() {
    Instant from = NOW.minusSeconds(60);
    X509Certificate forged = TestCertificates.build(TestCertificates.CA_NAME,
        TestKeys.rogueCa().getPrivate(), "CN=app", ours, from, from.plus(Duration.ofDays(30)),
        false);

    assertRejected(forged, ours).withMessageContaining("does not chain to a configured CA");
  }

  @Test
  void givenIntermediateSentByTheCa_verify_buildsTheFullChain() {
    Instant from = NOW.minusSeconds(60);
    X509Certificate intermediate = TestCertificates.build(TestCertificates.CA_NAME,
        TestKeys.ca().getPrivate(), "CN=Intermediate", TestKeys.other().getPublic(), from,
        from.plus(Duration.ofDays(300)), true);
    X509Certificate leaf = TestCertificates.build("CN=Intermediate",
        TestKeys.other().getPrivate(), "CN=app", ours, from, from.plus(Duration.ofDays(30)),
        false);

    List<X509Certificate> chain = check.verify(leaf, List.of(intermediate), ours);

    assertThat(chain).containsExactly(intermediate, TestCertificates.ca());
  }

  private ThrowableAssertAlternative<RefusedException> assertRejected(
      X509Certificate certificate, PublicKey key) {
    return assertThatExceptionOfType(RefusedException.class)
        .isThrownBy(() -> check.verify(certificate, List.of(), key))
        .matches(e -> e.reason() == RefusalReason.CERTIFICATE_REJECTED)
        .matches(e -> e.system() == ExternalSystem.CERTIFICATE_AUTHORITY)
        .withMessageContaining("is rejected");
  }
}
