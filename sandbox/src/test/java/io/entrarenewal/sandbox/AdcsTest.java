package io.entrarenewal.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** AD CS web enrollment: issued, pending and denied requests and certificate downloads. */
class AdcsTest {

  private static Sandbox sandbox;
  private static TestClient client;
  private static String basic;
  private static KeyPair keys;

  @BeforeAll
  static void start() {
    sandbox = Sandbox.start(SandboxOptions.defaults().withWorld(SandboxOptions.WorldKind.EMPTY));
    client = new TestClient(sandbox);
    String password = sandbox.state().passwordRecordsTitled(
        sandbox.world().passwordstate().systemAccountsListId(), "sys_srvaapwin_pki").get(0)
        .get("Password").toString();
    basic = "Basic " + Base64.getEncoder().encodeToString(("EXAMPLE\\sys_srvaapwin_pki:"
        + password).getBytes(StandardCharsets.UTF_8));
    keys = Crypto.pooledKeyPair(5);
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  private static String csr(String cn) throws Exception {
    byte[] der = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + cn),
        keys.getPublic()).build(new JcaContentSignerBuilder("SHA256withRSA")
        .build(keys.getPrivate())).getEncoded();
    return Crypto.pem("CERTIFICATE REQUEST", der);
  }

  private static HttpResponse<String> submit(String template, String csr) throws Exception {
    return client.postForm(URI.create(sandbox.adcsBaseUri() + "/certfnsh.asp"), Map.of(
        "Mode", "newreq", "CertRequest", csr, "CertAttrib", "CertificateTemplate:" + template
            + "\r\n", "TargetStoreFlags", "0", "SaveCert", "yes"), "Authorization", basic);
  }

  @Test
  void givenKnownTemplate_submit_issuesClientAuthCertificateForTheCsrKey() throws Exception {
    HttpResponse<String> page = submit(sandbox.world().adcs().defaultTemplate(), csr("App-One"));

    Matcher link = Pattern.compile("certnew\\.cer\\?ReqID=(\\d+)&amp;Enc=b64")
        .matcher(page.body());
    assertThat(link.find()).as(page.body()).isTrue();
    HttpResponse<String> pem = client.get(URI.create(sandbox.adcsBaseUri()
        + "/certnew.cer?ReqID=" + link.group(1) + "&Enc=b64"), "Authorization", basic);
    X509Certificate certificate = (X509Certificate) java.security.cert.CertificateFactory
        .getInstance("X.509").generateCertificate(new java.io.ByteArrayInputStream(
            pem.body().getBytes(StandardCharsets.US_ASCII)));

    assertThat(page.body()).contains("Certificate Issued");
    assertThat(pem.headers().firstValue("Content-Type")).hasValue("application/pkix-cert");
    assertThat(certificate.getPublicKey()).isEqualTo(keys.getPublic());
    assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=App-One");
    assertThat(certificate.getExtendedKeyUsage())
        .contains(KeyPurposeId.id_kp_clientAuth.getId());
    assertThat(Duration.between(certificate.getNotBefore().toInstant(),
        certificate.getNotAfter().toInstant()).toDays()).isBetween(364L, 366L);
    certificate.verify(sandbox.state().issuingCaCertificate().getPublicKey());
  }

  @Test
  void givenUnknownTemplate_submit_isDeniedWithUnsupportedCertType() throws Exception {
    HttpResponse<String> page = submit("No-Such-Template-Probe", csr("App-Two"));

    assertThat(page.body()).contains("<P ID=locDenied>")
        .contains("0x80094800")
        .containsPattern("Your Request Id is \\d+\\. The disposition message is \"Denied by"
            + " Policy Module");
  }

  @Test
  void givenApprovalTemplate_submit_staysPendingUntilApproved() throws Exception {
    String template = sandbox.world().adcs().templates().stream()
        .filter(t -> t.endsWith("Approval")).findFirst().orElseThrow();
    HttpResponse<String> pending = submit(template, csr("App-Three"));
    Matcher id = Pattern.compile("Your Request Id is (\\d+)\\.").matcher(pending.body());
    assertThat(id.find()).isTrue();
    URI certfnsh = URI.create(sandbox.adcsBaseUri() + "/certfnsh.asp");
    Map<String, String> check = Map.of("Mode", "chkpnd", "ReqID", id.group(1), "SaveCert",
        "yes", "TargetStoreFlags", "0");

    String before = client.postForm(certfnsh, check, "Authorization", basic).body();
    sandbox.state().approve(Integer.parseInt(id.group(1)));
    String after = client.postForm(certfnsh, check, "Authorization", basic).body();

    assertThat(pending.body()).contains("<P ID=locInfoNewReq>").contains("Certificate Pending");
    assertThat(before).contains("still pending");
    assertThat(after).contains("certnew.cer?ReqID=" + id.group(1) + "&amp;Enc=b64");
  }

  @Test
  void givenNoCredentials_certsrv_answers401AndCaInfoNeedsAuth() throws Exception {
    HttpResponse<String> anonymous = client.get(URI.create(sandbox.adcsBaseUri()
        + "/certcarc.asp"));
    HttpResponse<String> info = client.get(URI.create(sandbox.adcsBaseUri() + "/certcarc.asp"),
        "Authorization", basic);
    HttpResponse<String> chain = client.get(URI.create(sandbox.adcsBaseUri()
        + "/certnew.p7b?ReqID=CACert&Renewal=0&Enc=b64"), "Authorization", basic);

    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(info.body()).contains("var nRenewals=0;");
    assertThat(new java.util.ArrayList<java.security.cert.Certificate>(
        java.security.cert.CertificateFactory.getInstance("X.509").generateCertificates(
            new java.io.ByteArrayInputStream(
            chain.body().getBytes(StandardCharsets.US_ASCII)))))
        .containsExactly(sandbox.state().issuingCaCertificate());
  }
}
