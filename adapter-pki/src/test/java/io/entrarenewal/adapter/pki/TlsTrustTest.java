package io.entrarenewal.adapter.pki;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.entrarenewal.core.domain.CertificateKeyPair;
import io.entrarenewal.core.domain.CertificateOrder;
import io.entrarenewal.core.domain.Enrollment;
import io.entrarenewal.core.domain.ExternalSystemException;
import io.entrarenewal.core.domain.ExternalSystemException.Kind;
import io.entrarenewal.core.domain.RetryPolicy;
import io.entrarenewal.core.domain.Secret;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Enrollment over HTTPS, with the web server's CA trusted explicitly and host names checked. */
class TlsTrustTest {

  private static final String PASSWORD = "tls-test-keystore";
  private static WireMockServer server;

  @TempDir
  static Path directory;

  @BeforeAll
  static void startHttpsServer() throws Exception {
    X509Certificate serverCertificate = serverCertificate();
    Path keystore = directory.resolve("server.p12");
    byte[] pfx = Pkcs12Files.create().seal(new CertificateKeyPair(serverCertificate,
        TestKeys.other().getPrivate(), List.of(TestCertificates.ca())), "server",
        Secret.of(PASSWORD)).content();
    Files.write(keystore, pfx);
    server = new WireMockServer(wireMockConfig().httpDisabled(true).dynamicHttpsPort()
        .keystorePath(keystore.toString()).keystoreType("PKCS12")
        .keystorePassword(PASSWORD).keyManagerPassword(PASSWORD));
    server.start();
    server.stubFor(post(urlEqualTo("/certsrv/certfnsh.asp"))
        .withRequestBody(containing("Mode=newreq"))
        .willReturn(aResponse().withBody(Fixtures.text("adcs/certfnsh-denied.html"))));
  }

  @AfterAll
  static void stopHttpsServer() {
    server.stop();
  }

  @Test
  void givenTrustedServerCa_enroll_talksHttps() {
    Enrollment enrollment = authority(URI.create("https://localhost:" + server.httpsPort()
        + "/certsrv/"), PkiCertificateAuthority.tlsTrusting(List.of(TestCertificates.ca())))
        .enroll(new CertificateOrder("app", "Template", "r-1"));

    assertThat(enrollment).isInstanceOf(Enrollment.Denied.class);
  }

  @Test
  void givenUntrustedServer_enroll_isUnavailableAndSendsNoCredentials() {
    SSLContext otherTrust = PkiCertificateAuthority.tlsTrusting(
        List.of(TestCertificates.rogueCa()));
    int before = server.getAllServeEvents().size();

    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> authority(URI.create("https://localhost:" + server.httpsPort()
            + "/certsrv/"), otherTrust).enroll(new CertificateOrder("app", "Template", "r-2")))
        .matches(e -> e.kind() == Kind.UNAVAILABLE);
    assertThat(server.getAllServeEvents()).hasSize(before);
  }

  @Test
  void givenHostNameNotInCertificate_enroll_isUnavailable() {
    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> authority(URI.create("https://127.0.0.1:" + server.httpsPort()
            + "/certsrv/"), PkiCertificateAuthority.tlsTrusting(List.of(TestCertificates.ca())))
            .enroll(new CertificateOrder("app", "Template", "r-3")))
        .matches(e -> e.kind() == Kind.UNAVAILABLE);
  }

  private static PkiCertificateAuthority authority(URI base, SSLContext trust) {
    AdcsSettings settings = AdcsSettings.builder(base,
            HttpAuthentication.basic("svc-pki", Secret.of("pw")),
            CertificateProfile.trusting(List.of(TestCertificates.ca())))
        .sslContext(trust).pendingWait(Duration.ZERO).retryPolicy(RetryPolicy.none()).build();
    return PkiCertificateAuthority.adcs(settings).withKeyGenerator(TestKeys::app);
  }

  /** A server certificate for the DNS name localhost only, so 127.0.0.1 fails the name check. */
  private static X509Certificate serverCertificate() throws Exception {
    Instant now = Instant.now();
    var builder = new JcaX509v3CertificateBuilder(new X500Name(TestCertificates.CA_NAME),
        BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minusSeconds(60)),
        Date.from(now.plusSeconds(86400)), new X500Name("CN=localhost"),
        TestKeys.other().getPublic())
        .addExtension(Extension.subjectAlternativeName, false,
            new GeneralNames(new GeneralName(GeneralName.dNSName, "localhost")));
    return new JcaX509CertificateConverter().getCertificate(builder.build(
        new JcaContentSignerBuilder("SHA256withRSA").build(TestKeys.ca().getPrivate())));
  }
}
