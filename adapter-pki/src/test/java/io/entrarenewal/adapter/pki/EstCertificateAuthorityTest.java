package io.entrarenewal.adapter.pki;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.entrarenewal.core.domain.CertificateOrder;
import io.entrarenewal.core.domain.Enrollment;
import io.entrarenewal.core.domain.ExternalSystemException;
import io.entrarenewal.core.domain.ExternalSystemException.Kind;
import io.entrarenewal.core.domain.RetryPolicy;
import io.entrarenewal.core.domain.Secret;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Contract tests of EST simple enrollment (RFC 7030) against WireMock. */
class EstCertificateAuthorityTest {

  @RegisterExtension
  static WireMockExtension est =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final String ENROLL = "/.well-known/est/apps/simpleenroll";
  private static final CertificateOrder ORDER =
      new CertificateOrder("Payroll Export", "ignored-by-est", "renewal-7");
  private static final X509Certificate ISSUED =
      TestCertificates.issued(TestKeys.app().getPublic());

  private final ManualTime time = new ManualTime(Instant.now());

  @Test
  void givenServerIssues_enroll_postsBase64Pkcs10AndReturnsTheCheckedCertificate()
      throws Exception {
    est.stubFor(post(urlEqualTo(ENROLL)).willReturn(certsOnly(List.of(ISSUED))));
    givenCaCerts();

    Enrollment enrollment = authority(Duration.ZERO).enroll(ORDER);

    assertThat(enrollment).isInstanceOf(Enrollment.Issued.class);
    assertThat(((Enrollment.Issued) enrollment).certificate().chain())
        .containsExactly(TestCertificates.ca());
    est.verify(postRequestedFor(urlEqualTo(ENROLL))
        .withHeader("Content-Type", equalTo("application/pkcs10"))
        .withHeader("Authorization", equalTo("Basic " + Base64.getEncoder()
            .encodeToString("est-user:est-password".getBytes()))));
    String body = est.getAllServeEvents().get(est.getAllServeEvents().size() - 1)
        .getRequest().getBodyAsString();
    PKCS10CertificationRequest csr =
        new PKCS10CertificationRequest(Base64.getMimeDecoder().decode(body));
    assertThat(csr.getSubjectPublicKeyInfo().getEncoded())
        .isEqualTo(TestKeys.app().getPublic().getEncoded());
  }

  @Test
  void givenServerAnswers202_enroll_returnsPendingThatCollectCanFinish() {
    est.stubFor(post(urlEqualTo(ENROLL)).inScenario("approval")
        .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("approved")
        .willReturn(aResponse().withStatus(202).withHeader("Retry-After", "600")));
    est.stubFor(post(urlEqualTo(ENROLL)).inScenario("approval")
        .whenScenarioStateIs("approved").willReturn(certsOnly(List.of(ISSUED))));
    givenCaCerts();
    PkiCertificateAuthority authority = authority(Duration.ofMinutes(2));

    Enrollment first = authority.enroll(ORDER);

    // Retry-After (10 minutes) is beyond the two-minute wait, so enroll does not sleep.
    assertThat(first).isInstanceOf(Enrollment.Pending.class);
    assertThat(time.sleeps()).isEmpty();
    String requestId = ((Enrollment.Pending) first).requestId();
    assertThat(requestId).isEqualTo("est:CN=Payroll Export");

    Enrollment second = authority.collect(requestId, TestKeys.app());

    assertThat(second).isInstanceOf(Enrollment.Issued.class);
    List<String> bodies = est.getAllServeEvents().stream()
        .filter(event -> event.getRequest().getUrl().equals(ENROLL))
        .map(event -> event.getRequest().getBodyAsString()).toList();
    assertThat(bodies).hasSize(2);
    assertThat(bodies.get(0)).isEqualTo(bodies.get(1));
  }

  @Test
  void givenShortRetryAfter_enroll_waitsForItAndAsksAgain() {
    est.stubFor(post(urlEqualTo(ENROLL)).inScenario("approval")
        .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("approved")
        .willReturn(aResponse().withStatus(202).withHeader("Retry-After", "30")));
    est.stubFor(post(urlEqualTo(ENROLL)).inScenario("approval")
        .whenScenarioStateIs("approved").willReturn(certsOnly(List.of(ISSUED))));
    givenCaCerts();

    Enrollment enrollment = authority(Duration.ofMinutes(2)).enroll(ORDER);

    assertThat(enrollment).isInstanceOf(Enrollment.Issued.class);
    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(30));
  }

  @Test
  void givenBadCredentials_enroll_isRefused() {
    est.stubFor(post(urlEqualTo(ENROLL)).willReturn(aResponse().withStatus(401)));

    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> authority(Duration.ZERO).enroll(ORDER))
        .matches(e -> e.kind() == Kind.REFUSED)
        .withMessageContaining("refused the credentials")
        .withMessageNotContaining("est-password");
  }

  private PkiCertificateAuthority authority(Duration pendingWait) {
    EstSettings settings = EstSettings.builder(URI.create(est.baseUrl()),
            HttpAuthentication.basic("est-user", Secret.of("est-password")),
            CertificateProfile.trusting(List.of(TestCertificates.ca())))
        .label("apps")
        .pendingWait(pendingWait)
        .pollInterval(Duration.ofSeconds(10))
        .retryPolicy(RetryPolicy.none())
        .build();
    return PkiCertificateAuthority.est(settings, time, time).withKeyGenerator(TestKeys::app);
  }

  private static void givenCaCerts() {
    est.stubFor(get(urlEqualTo("/.well-known/est/apps/cacerts"))
        .willReturn(certsOnly(List.of(TestCertificates.ca()))));
  }

  private static ResponseDefinitionBuilder certsOnly(List<X509Certificate> certificates) {
    return aResponse().withStatus(200)
        .withHeader("Content-Type", "application/pkcs7-mime; smime-type=certs-only")
        .withHeader("Content-Transfer-Encoding", "base64")
        .withBody(TestCertificates.pkcs7Base64(certificates));
  }
}
