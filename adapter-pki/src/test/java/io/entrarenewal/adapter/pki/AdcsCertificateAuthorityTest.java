package io.entrarenewal.adapter.pki;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.entrarenewal.core.domain.CertificateOrder;
import io.entrarenewal.core.domain.Enrollment;
import io.entrarenewal.core.domain.ExternalSystem;
import io.entrarenewal.core.domain.ExternalSystemException;
import io.entrarenewal.core.domain.ExternalSystemException.Kind;
import io.entrarenewal.core.domain.InvalidRequestException;
import io.entrarenewal.core.domain.RefusalReason;
import io.entrarenewal.core.domain.RefusedException;
import io.entrarenewal.core.domain.RetryPolicy;
import io.entrarenewal.core.domain.Secret;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Contract tests of AD CS web enrollment against certsrv's real pages, served by WireMock. */
class AdcsCertificateAuthorityTest {

  @RegisterExtension
  static WireMockExtension certsrv =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final String PASSWORD = "Sup3r-Secret-Passw0rd";
  private static final String TEMPLATE = "_D09-CA2-SHA256-EntraID";
  private static final CertificateOrder ORDER =
      new CertificateOrder("Payroll Export", TEMPLATE, "renewal-42");
  private static final X509Certificate ISSUED =
      TestCertificates.issued(TestKeys.app().getPublic());

  private final ManualTime time = new ManualTime(Instant.now());
  private PkiCertificateAuthority ca;

  @BeforeEach
  void setUp() {
    AdcsSettings settings = AdcsSettings.builder(
            URI.create(certsrv.baseUrl() + "/certsrv"),
            HttpAuthentication.basic("svc-pki", Secret.of(PASSWORD)),
            CertificateProfile.trusting(List.of(TestCertificates.ca())))
        .pendingWait(Duration.ofMinutes(1))
        .pollInterval(Duration.ofSeconds(10))
        .retryPolicy(new RetryPolicy(2, Duration.ofMillis(100), Duration.ofSeconds(1)))
        .build();
    ca = PkiCertificateAuthority.adcs(settings, time, time).withKeyGenerator(TestKeys::app);
  }

  @Test
  void givenCaIssues_enroll_returnsCheckedCertificateWithChain() throws Exception {
    givenNewRequestAnswers(Fixtures.text("adcs/certfnsh-issued.html"));
    givenCertificateAndChainFor("83");

    Enrollment enrollment = ca.enroll(ORDER);

    assertThat(enrollment).isInstanceOf(Enrollment.Issued.class);
    Enrollment.Issued issued = (Enrollment.Issued) enrollment;
    assertThat(issued.certificate().certificate()).isEqualTo(ISSUED);
    assertThat(issued.certificate().privateKey()).isEqualTo(TestKeys.app().getPrivate());
    assertThat(issued.certificate().chain()).containsExactly(TestCertificates.ca());
  }

  @Test
  void givenCaIssues_enroll_postsTheCertsrvFormWithBrowserAgentAndBasicCredentials()
      throws Exception {
    givenNewRequestAnswers(Fixtures.text("adcs/certfnsh-issued.html"));
    givenCertificateAndChainFor("83");

    ca.enroll(ORDER);

    String basic = "Basic " + Base64.getEncoder().encodeToString(
        ("svc-pki:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    certsrv.verify(postRequestedFor(urlEqualTo("/certsrv/certfnsh.asp"))
        .withHeader("Authorization", equalTo(basic))
        .withHeader("User-Agent", containing("Mozilla/5.0"))
        .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
        .withRequestBody(containing("Mode=newreq"))
        .withRequestBody(containing("CertAttrib=CertificateTemplate%3A" + TEMPLATE + "%0D%0A"))
        .withRequestBody(containing("TargetStoreFlags=0"))
        .withRequestBody(containing("SaveCert=yes")));
    PKCS10CertificationRequest csr = postedCsr();
    assertThat(csr.getSubject().toString()).isEqualTo("CN=Payroll Export");
    assertThat(csr.getSubjectPublicKeyInfo().getEncoded())
        .isEqualTo(TestKeys.app().getPublic().getEncoded());
    certsrv.verify(getRequestedFor(urlEqualTo("/certsrv/certnew.cer?ReqID=83&Enc=b64")));
    certsrv.verify(getRequestedFor(
        urlEqualTo("/certsrv/certnew.p7b?ReqID=CACert&Renewal=1&Enc=b64")));
  }

  @Test
  void givenPendingThenApproved_enroll_pollsChkpndAndReturnsIssued() {
    givenNewRequestAnswers(Fixtures.text("adcs/certfnsh-pending.html"));
    certsrv.stubFor(post(urlEqualTo("/certsrv/certfnsh.asp"))
        .withRequestBody(containing("Mode=chkpnd")).inScenario("approval")
        .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("approved")
        .willReturn(html(Fixtures.text("adcs/certfnsh-pending.html"))));
    certsrv.stubFor(post(urlEqualTo("/certsrv/certfnsh.asp"))
        .withRequestBody(containing("Mode=chkpnd")).inScenario("approval")
        .whenScenarioStateIs("approved")
        .willReturn(html(Fixtures.text("adcs/certfnsh-issued.html"))));
    givenCertificateAndChainFor("83");

    Enrollment enrollment = ca.enroll(ORDER);

    assertThat(enrollment).isInstanceOf(Enrollment.Issued.class);
    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(10));
    certsrv.verify(2, postRequestedFor(urlEqualTo("/certsrv/certfnsh.asp"))
        .withRequestBody(containing("Mode=chkpnd"))
        .withRequestBody(containing("ReqID=89")));
  }

  @Test
  void givenPendingBeyondTheWait_enroll_returnsPendingWithRequestIdAndKey() {
    givenNewRequestAnswers(Fixtures.text("adcs/certfnsh-pending.html"));
    certsrv.stubFor(post(urlEqualTo("/certsrv/certfnsh.asp"))
        .withRequestBody(containing("Mode=chkpnd"))
        .willReturn(html(Fixtures.text("adcs/certfnsh-pending.html"))));

    Enrollment enrollment = ca.enroll(ORDER);

    assertThat(enrollment).isEqualTo(new Enrollment.Pending("89", TestKeys.app()));
    assertThat(time.sleeps()).hasSize(6).containsOnly(Duration.ofSeconds(10));
    certsrv.verify(6, postRequestedFor(urlEqualTo("/certsrv/certfnsh.asp"))
        .withRequestBody(containing("Mode=chkpnd")));
  }

  @Test
  void givenUnknownTemplate_enroll_returnsDeniedWithTheDispositionMessage() {
    givenNewRequestAnswers(Fixtures.text("adcs/certfnsh-denied.html"));

    Enrollment enrollment = ca.enroll(ORDER);

    assertThat(enrollment).isInstanceOf(Enrollment.Denied.class);
    Enrollment.Denied denied = (Enrollment.Denied) enrollment;
    assertThat(denied.requestId()).isEqualTo("85");
    assertThat(denied.message()).isEqualTo("Denied by Policy Module 0x80094800, The request was"
        + " for a certificate template that is not supported by the Active Directory"
        + " Certificate Services policy: No-Such-Template-Probe.");
  }

  @Test
  void givenPendingRequest_collect_returnsIssuedOnceApproved() {
    certsrv.stubFor(post(urlEqualTo("/certsrv/certfnsh.asp"))
        .withRequestBody(containing("Mode=chkpnd"))
        .withRequestBody(containing("ReqID=83"))
        .willReturn(html(Fixtures.text("adcs/certfnsh-issued.html"))));
    givenCertificateAndChainFor("83");

    Enrollment enrollment = ca.collect("83", TestKeys.app());

    assertThat(enrollment).isInstanceOf(Enrollment.Issued.class);
    assertThat(time.sleeps()).isEmpty();
  }

  @Test
  void givenBadCredentials_enroll_isRefusedWithAClearMessage() {
    certsrv.stubFor(post(urlEqualTo("/certsrv/certfnsh.asp"))
        .willReturn(html(Fixtures.text("adcs/iis-401.html")).withStatus(401)
            .withHeader("WWW-Authenticate", "Basic realm=\"ca.example.org\"")));

    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> ca.enroll(ORDER))
        .matches(e -> e.kind() == Kind.REFUSED)
        .matches(e -> e.system() == ExternalSystem.CERTIFICATE_AUTHORITY)
        .withMessageContaining("refused the credentials (HTTP 401)")
        .withMessageNotContaining(PASSWORD);
  }

  @Test
  void givenAccessDeniedPageWithStatus200_enroll_isRefused() {
    givenNewRequestAnswers(Fixtures.text("adcs/iis-401.html"));

    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> ca.enroll(ORDER))
        .matches(e -> e.kind() == Kind.REFUSED)
        .withMessageContaining("Unauthorized: Access is denied")
        .withMessageContaining("Basic as 'svc-pki'")
        .withMessageNotContaining(PASSWORD);
  }

  @Test
  void givenWrongBaseUri_enroll_isRefusedNamingTheIisError() {
    certsrv.stubFor(post(urlEqualTo("/certsrv/certfnsh.asp"))
        .willReturn(html(Fixtures.text("adcs/iis-404.html")).withStatus(404)));

    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> ca.enroll(ORDER))
        .matches(e -> e.kind() == Kind.REFUSED)
        .withMessageContaining("HTTP 404")
        .withMessageContaining("404 - File or directory not found.");
  }

  @Test
  void givenRedirect_enroll_isRefusedWithoutFollowingIt() {
    certsrv.stubFor(post(urlEqualTo("/certsrv/certfnsh.asp"))
        .willReturn(aResponse().withStatus(302).withHeader("Location", "/login.aspx")));

    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> ca.enroll(ORDER))
        .matches(e -> e.kind() == Kind.REFUSED)
        .withMessageContaining("HTTP 302 redirect to '/login.aspx'");
    assertThat(certsrv.getAllServeEvents()).hasSize(1);
  }

  @Test
  void givenServerErrorOnSubmission_enroll_isAmbiguous() {
    certsrv.stubFor(post(urlEqualTo("/certsrv/certfnsh.asp"))
        .willReturn(html(Fixtures.text("adcs/iis-500.html")).withStatus(500)));

    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> ca.enroll(ORDER))
        .matches(e -> e.kind() == Kind.AMBIGUOUS)
        .withMessageContaining("500 - Internal server error.");
    certsrv.verify(1, postRequestedFor(urlEqualTo("/certsrv/certfnsh.asp")));
  }

  @Test
  void givenServiceUnavailable_enroll_isUnavailableAndNotRepeated() {
    certsrv.stubFor(post(urlEqualTo("/certsrv/certfnsh.asp"))
        .willReturn(aResponse().withStatus(503)));

    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> ca.enroll(ORDER))
        .matches(e -> e.kind() == Kind.UNAVAILABLE);
    certsrv.verify(1, postRequestedFor(urlEqualTo("/certsrv/certfnsh.asp")));
  }

  @Test
  void givenUnrecognisedPage_enroll_isAmbiguousAndQuotesThePage() {
    givenNewRequestAnswers("<html><head><title>Maintenance</title></head>"
        + "<body><h2>The site is closed for maintenance</h2></body></html>");

    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> ca.enroll(ORDER))
        .matches(e -> e.kind() == Kind.AMBIGUOUS)
        .withMessageContaining("The site is closed for maintenance");
  }

  @Test
  void givenIssuedButDownloadUnavailable_enroll_reportsPendingSoItCanBeCollected() {
    givenNewRequestAnswers(Fixtures.text("adcs/certfnsh-issued.html"));
    certsrv.stubFor(get(urlEqualTo("/certsrv/certnew.cer?ReqID=83&Enc=b64"))
        .willReturn(aResponse().withStatus(503)));
    ca = PkiCertificateAuthority.adcs(AdcsSettings.builder(
                URI.create(certsrv.baseUrl() + "/certsrv/"),
                HttpAuthentication.basic("svc-pki", Secret.of(PASSWORD)),
                CertificateProfile.trusting(List.of(TestCertificates.ca())))
            .pendingWait(Duration.ZERO).retryPolicy(
                new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(1))).build(),
            time, time)
        .withKeyGenerator(TestKeys::app);

    Enrollment enrollment = ca.enroll(ORDER);

    assertThat(enrollment).isEqualTo(new Enrollment.Pending("83", TestKeys.app()));
    certsrv.verify(3, getRequestedFor(urlEqualTo("/certsrv/certnew.cer?ReqID=83&Enc=b64")));
  }

  @Test
  void givenCertificateForAnotherKey_enroll_isRejected() {
    givenNewRequestAnswers(Fixtures.text("adcs/certfnsh-issued.html"));
    givenCertificateAndChainFor("83", TestCertificates.issued(TestKeys.other().getPublic()));

    assertThatExceptionOfType(RefusedException.class)
        .isThrownBy(() -> ca.enroll(ORDER))
        .matches(e -> e.reason() == RefusalReason.CERTIFICATE_REJECTED)
        .withMessageContaining("not the key we generated");
  }

  @Test
  void givenCertificatePageShowsTakenUnderSubmission_collect_staysPending() {
    certsrv.stubFor(post(urlEqualTo("/certsrv/certfnsh.asp"))
        .willReturn(html(Fixtures.text("adcs/certfnsh-issued.html"))));
    certsrv.stubFor(get(urlEqualTo("/certsrv/certnew.cer?ReqID=83&Enc=b64"))
        .willReturn(html("<html><body>Disposition message:\t\tTaken Under Submission\r\n"
            + "</body></html>")));

    Enrollment enrollment = ca.collect("83", TestKeys.app());

    assertThat(enrollment).isEqualTo(new Enrollment.Pending("83", TestKeys.app()));
  }

  @Test
  void givenTemplateWithLineBreak_enroll_isInvalidAndSendsNothing() {
    CertificateOrder order = new CertificateOrder("app", "Web\r\nSAN:dns=evil", "renewal-1");

    assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(() -> ca.enroll(order));
    assertThat(certsrv.getAllServeEvents()).isEmpty();
  }

  @Test
  void givenPlainHttpToARemoteHost_settings_areRefused() {
    assertThatExceptionOfType(IllegalArgumentException.class)
        .isThrownBy(() -> AdcsSettings.builder(URI.create("http://ca.example.org/certsrv/"),
            HttpAuthentication.basic("svc-pki", Secret.of(PASSWORD)),
            CertificateProfile.trusting(List.of(TestCertificates.ca()))).build())
        .withMessageContaining("https");
  }

  @Test
  void givenSettings_toString_showsNoPassword() {
    AdcsSettings settings = AdcsSettings.builder(URI.create("https://ca.example.org/certsrv"),
        HttpAuthentication.basic("svc-pki", Secret.of(PASSWORD)),
        CertificateProfile.trusting(List.of(TestCertificates.ca()))).build();

    assertThat(settings.toString()).contains("svc-pki").doesNotContain(PASSWORD);
    assertThat(settings.authentication().toString()).doesNotContain(PASSWORD);
    assertThat(settings.baseUri().toString()).isEqualTo("https://ca.example.org/certsrv/");
  }

  private void givenNewRequestAnswers(String page) {
    certsrv.stubFor(post(urlEqualTo("/certsrv/certfnsh.asp"))
        .withRequestBody(containing("Mode=newreq"))
        .willReturn(html(page)));
  }

  private void givenCertificateAndChainFor(String requestId) {
    givenCertificateAndChainFor(requestId, ISSUED);
  }

  private void givenCertificateAndChainFor(String requestId, X509Certificate certificate) {
    // A real certsrv answers certnew.cer with text/html wrapping the PEM.
    certsrv.stubFor(get(urlEqualTo("/certsrv/certnew.cer?ReqID=" + requestId + "&Enc=b64"))
        .willReturn(html("<html><body><pre>" + TestCertificates.pem(certificate)
            + "</pre></body></html>")));
    certsrv.stubFor(get(urlEqualTo("/certsrv/certcarc.asp"))
        .willReturn(html(Fixtures.text("adcs/certcarc.html"))));
    certsrv.stubFor(get(urlEqualTo("/certsrv/certnew.p7b?ReqID=CACert&Renewal=1&Enc=b64"))
        .willReturn(aResponse().withHeader("Content-Type", "application/x-pkcs7-certificates")
            .withBody("-----BEGIN CERTIFICATE-----\r\n"
                + TestCertificates.pkcs7Base64(List.of(TestCertificates.ca()))
                + "\r\n-----END CERTIFICATE-----\r\n")));
  }

  private PKCS10CertificationRequest postedCsr() throws Exception {
    String body = certsrv.getAllServeEvents().stream()
        .filter(event -> event.getRequest().getUrl().endsWith("certfnsh.asp"))
        .map(event -> event.getRequest().getBodyAsString())
        .filter(text -> text.contains("Mode=newreq"))
        .findFirst().orElseThrow();
    String field = java.util.Arrays.stream(body.split("&"))
        .filter(pair -> pair.startsWith("CertRequest="))
        .map(pair -> URLDecoder.decode(pair.substring("CertRequest=".length()),
            StandardCharsets.UTF_8))
        .findFirst().orElseThrow();
    String base64 = field.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    return new PKCS10CertificationRequest(Base64.getDecoder().decode(base64));
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder html(
      String body) {
    return aResponse().withStatus(200).withHeader("Content-Type", "text/html; charset=utf-8")
        .withBody(body);
  }
}
