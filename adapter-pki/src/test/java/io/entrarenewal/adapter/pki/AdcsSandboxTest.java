package io.entrarenewal.adapter.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.entrarenewal.core.domain.CertificateKeyPair;
import io.entrarenewal.core.domain.CertificateOrder;
import io.entrarenewal.core.domain.Enrollment;
import io.entrarenewal.core.domain.ExternalSystem;
import io.entrarenewal.core.domain.ExternalSystemException;
import io.entrarenewal.core.domain.ExternalSystemException.Kind;
import io.entrarenewal.core.domain.RefusalReason;
import io.entrarenewal.core.domain.RefusedException;
import io.entrarenewal.core.domain.SealedPfx;
import io.entrarenewal.core.domain.Secret;
import io.entrarenewal.core.fakes.TestCertificates;
import io.entrarenewal.sandbox.Fault;
import io.entrarenewal.sandbox.Sandbox;
import io.entrarenewal.sandbox.SandboxOptions;
import io.entrarenewal.sandbox.SandboxState;
import io.entrarenewal.sandbox.SandboxState.CertificateRequestView;
import io.entrarenewal.sandbox.World;
import java.io.ByteArrayInputStream;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The certificate authority contract against the sandbox's AD CS web enrollment, with the PKI
 * account and templates of the seeded world. Each case is judged from the CA's own record of the
 * request as well as from what the adapter returns. Keys are pre-generated test keys.
 */
class AdcsSandboxTest {

  private static final int SYSTEM_ACCOUNTS = 8620;
  private static final int CERTIFICATES = 6691;
  private static final String APPROVAL_TEMPLATE = "_D09-CA2-SHA256-EntraID-Approval";
  private static final Pattern USED_TEMPLATE =
      Pattern.compile("\"UsedTemplate\"\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern DOCUMENT_ID = Pattern.compile("\"DocumentID\"\\s*:\\s*(\\d+)");

  private static Sandbox sandbox;
  private static SandboxState state;
  private static World.Adcs adcs;
  private static String pkiUser;
  private static Secret pkiPassword;

  @BeforeAll
  static void start() {
    sandbox = Sandbox.start(SandboxOptions.defaults());
    state = sandbox.state();
    adcs = sandbox.world().adcs();
    Map<String, Object> account = state.passwordRecordsTitled(SYSTEM_ACCOUNTS,
        sandbox.world().passwordstate().pkiAccountTitle()).get(0);
    pkiUser = String.valueOf(account.get("UserName"));
    pkiPassword = Secret.of(String.valueOf(account.get("Password")));
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  // ----- issuing -----

  @Test
  void givenDefaultTemplate_enroll_returnsOurKeysCertificateChainedToTheIssuingCa()
      throws Exception {
    KeyPair keys = keys(0);
    int last = lastRequestId();

    Enrollment enrollment = ca(keys).enroll(order("Payroll-Sync", adcs.defaultTemplate()));

    CertificateRequestView request = onlyRequestAfter(last);
    assertThat(request.template()).isEqualTo(adcs.defaultTemplate());
    assertThat(request.requester()).isEqualTo(pkiUser);
    assertThat(request.disposition()).isEqualTo("ISSUED");
    CertificateKeyPair issued = issued(enrollment);
    assertThat(issued.certificate()).isEqualTo(request.certificate());
    assertThat(issued.certificate().getPublicKey()).isEqualTo(keys.getPublic());
    assertThat(issued.privateKey()).isEqualTo(keys.getPrivate());
    assertThat(issued.certificate().getSubjectX500Principal().getName())
        .isEqualTo("CN=Payroll-Sync");
    issued.certificate().verify(state.issuingCaCertificate().getPublicKey());
    assertThat(issued.chain()).containsExactly(state.issuingCaCertificate());
  }

  @Test
  void givenTemplateInTheEntryMetadata_enroll_requestsThatTemplate() {
    String template = "_D09-CA2-SHA256-EntraID-90d";
    state.setTemplate(template, Duration.ofDays(90), false);
    Map<String, Object> entry = certificateEntry("Badge-Reader");
    String metadata = String.valueOf(entry.get("GenericField7"))
        .replace(adcs.defaultTemplate(), template);
    state.updatePasswordRecord((Integer) entry.get("PasswordID"),
        Map.of("GenericField7", metadata));
    String fromEntry = usedTemplate(certificateEntry("Badge-Reader"));
    int last = lastRequestId();

    Enrollment enrollment = ca(keys(1)).enroll(order("Badge-Reader", fromEntry));

    CertificateRequestView request = onlyRequestAfter(last);
    assertThat(request.template()).isEqualTo(template);
    X509Certificate certificate = issued(enrollment).certificate();
    assertThat(Duration.between(certificate.getNotBefore().toInstant(),
        certificate.getNotAfter().toInstant())).isLessThanOrEqualTo(Duration.ofDays(91));
  }

  @Test
  void givenUnknownTemplate_enroll_isDeniedWithTheCasMessage() {
    int last = lastRequestId();

    Enrollment enrollment = ca(keys(2)).enroll(order("Mail-Relay", "No-Such-Template"));

    CertificateRequestView request = onlyRequestAfter(last);
    assertThat(request.disposition()).isEqualTo("DENIED");
    assertThat(enrollment).isInstanceOfSatisfying(Enrollment.Denied.class, denied -> {
      assertThat(denied.requestId()).isEqualTo(Integer.toString(request.requestId()));
      assertThat(denied.message()).contains("0x80094800").contains("No-Such-Template");
    });
  }

  // ----- approval -----

  @Test
  void givenApprovalTemplate_enrollThenApproveThenCollect_returnsTheApprovedCertificate() {
    KeyPair keys = keys(3);
    PkiCertificateAuthority ca = ca(keys);
    int last = lastRequestId();

    Enrollment first = ca.enroll(order("Rooster_OND", APPROVAL_TEMPLATE));

    CertificateRequestView held = onlyRequestAfter(last);
    assertThat(held.disposition()).isEqualTo("PENDING");
    assertThat(first).isInstanceOfSatisfying(Enrollment.Pending.class, pending -> {
      assertThat(pending.requestId()).isEqualTo(Integer.toString(held.requestId()));
      assertThat(pending.keyPair()).isSameAs(keys);
    });
    assertThat(ca.collect(Integer.toString(held.requestId()), keys))
        .isInstanceOf(Enrollment.Pending.class);
    state.approve(held.requestId());

    Enrollment collected = ca.collect(Integer.toString(held.requestId()), keys);

    assertThat(issued(collected).certificate()).isEqualTo(request(held.requestId()).certificate());
    assertThat(issued(collected).certificate().getPublicKey()).isEqualTo(keys.getPublic());
    assertThat(lastRequestId()).isEqualTo(held.requestId());
  }

  @Test
  void givenApprovalDuringTheWait_enroll_asksAgainAndReturnsIssued() {
    KeyPair keys = keys(4);
    int last = lastRequestId();
    ManualTime time = new ManualTime(Instant.now());
    Sleeper managerApproves = pause -> {
      time.sleep(pause);
      state.approve(onlyRequestAfter(last).requestId());
    };
    PkiCertificateAuthority ca = PkiCertificateAuthority.adcs(settings(pkiPassword)
            .pendingWait(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(15)).build(),
        time, managerApproves).withKeyGenerator(() -> keys);

    Enrollment enrollment = ca.enroll(order("Rooster_OND", APPROVAL_TEMPLATE));

    CertificateRequestView request = onlyRequestAfter(last);
    assertThat(request.disposition()).isEqualTo("ISSUED");
    assertThat(issued(enrollment).certificate()).isEqualTo(request.certificate());
    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(15));
  }

  @Test
  void givenApprovalTemplate_enrollThenDenyThenCollect_returnsDeniedWithTheManagersMessage() {
    KeyPair keys = keys(5);
    PkiCertificateAuthority ca = ca(keys);
    int last = lastRequestId();
    Enrollment first = ca.enroll(order("Student-Portal_OND", APPROVAL_TEMPLATE));
    assertThat(first).isInstanceOf(Enrollment.Pending.class);
    CertificateRequestView held = onlyRequestAfter(last);
    state.deny(held.requestId());

    Enrollment collected = ca.collect(Integer.toString(held.requestId()), keys);

    assertThat(request(held.requestId()).disposition()).isEqualTo("DENIED");
    assertThat(collected).isInstanceOfSatisfying(Enrollment.Denied.class, denied -> {
      assertThat(denied.requestId()).isEqualTo(Integer.toString(held.requestId()));
      assertThat(denied.message()).contains("0x80094012")
          .contains("denied by a certificate manager");
    });
  }

  @Test
  void givenDownloadFailingAfterIssue_enrollThenCollect_fetchesTheSameCertificateOnce() {
    KeyPair keys = keys(6);
    int last = lastRequestId();
    ManualTime time = new ManualTime(Instant.now());
    PkiCertificateAuthority ca = PkiCertificateAuthority.adcs(settings(pkiPassword).build(),
        time, time).withKeyGenerator(() -> keys);
    sandbox.faults().always("GET", "/certsrv/certnew\\.cer", Fault.throttled(503, 2));

    Enrollment first;
    try {
      first = ca.enroll(order("Badge-Reader", adcs.defaultTemplate()));
    } finally {
      sandbox.faults().clear();
    }

    CertificateRequestView request = onlyRequestAfter(last);
    assertThat(request.disposition()).isEqualTo("ISSUED");
    assertThat(first).isInstanceOfSatisfying(Enrollment.Pending.class, pending ->
        assertThat(pending.requestId()).isEqualTo(Integer.toString(request.requestId())));
    Enrollment collected = ca.collect(Integer.toString(request.requestId()), keys);
    assertThat(issued(collected).certificate()).isEqualTo(request.certificate());
    assertThat(onlyRequestAfter(last).requestId()).isEqualTo(request.requestId());
  }

  @Test
  void givenUnknownRequestId_collect_isRefusedQuotingThePage_andRecordsNothing() {
    int last = lastRequestId();

    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> ca(keys(2)).collect(Integer.toString(last + 1000), keys(2)))
        .satisfies(e -> {
          assertThat(e.kind()).isEqualTo(Kind.REFUSED);
          assertThat(e.getMessage()).contains("request " + (last + 1000))
              .contains("was not found");
        });

    assertThat(lastRequestId()).isEqualTo(last);
  }

  // ----- refusals and checks -----

  @Test
  void givenWrongPassword_enroll_isRefusedNamingTheAccount_andNoRequestIsRecorded() {
    int last = lastRequestId();
    Secret wrong = Secret.of("not-the-" + pkiPassword.reveal());
    PkiCertificateAuthority ca = PkiCertificateAuthority.adcs(settings(wrong).build())
        .withKeyGenerator(() -> keys(6));

    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> ca.enroll(order("HR-Portal", adcs.defaultTemplate())))
        .satisfies(e -> {
          assertThat(e.system()).isEqualTo(ExternalSystem.CERTIFICATE_AUTHORITY);
          assertThat(e.kind()).isEqualTo(Kind.REFUSED);
          assertThat(e.getMessage()).contains(pkiUser).doesNotContain(wrong.reveal());
        });

    assertThat(lastRequestId()).isEqualTo(last);
  }

  @Test
  void givenCertificateNotChainingToTheTrustedCa_enroll_rejectsWhatTheCaIssued() {
    int last = lastRequestId();
    CertificateProfile trustingTheWrongCa =
        CertificateProfile.trusting(List.of(sandbox.tlsCaCertificate()));
    PkiCertificateAuthority ca = PkiCertificateAuthority.adcs(
            settings(pkiPassword, trustingTheWrongCa).build())
        .withKeyGenerator(() -> keys(7));

    assertThatExceptionOfType(RefusedException.class)
        .isThrownBy(() -> ca.enroll(order("Finance-Connector", adcs.defaultTemplate())))
        .satisfies(e -> {
          assertThat(e.reason()).isEqualTo(RefusalReason.CERTIFICATE_REJECTED);
          assertThat(e.getMessage()).contains("CN=Finance-Connector").contains("chain");
        });

    assertThat(onlyRequestAfter(last).disposition()).isEqualTo("ISSUED");
  }

  @Test
  void givenLifetimeBeyondTheProfile_enroll_rejectsWhatTheCaIssued() {
    int last = lastRequestId();
    CertificateProfile shortLived = CertificateProfile.builder()
        .trustAnchors(List.of(state.issuingCaCertificate()))
        .maxLifetime(Duration.ofDays(200))
        .build();
    PkiCertificateAuthority ca = PkiCertificateAuthority.adcs(
            settings(pkiPassword, shortLived).build())
        .withKeyGenerator(() -> keys(0));

    assertThatExceptionOfType(RefusedException.class)
        .isThrownBy(() -> ca.enroll(order("Intranet-Search", adcs.defaultTemplate())))
        .satisfies(e -> {
          assertThat(e.reason()).isEqualTo(RefusalReason.CERTIFICATE_REJECTED);
          assertThat(e.getMessage()).contains("lifetime").contains("200 days");
        });

    assertThat(onlyRequestAfter(last).disposition()).isEqualTo("ISSUED");
  }

  // ----- PFX -----

  @Test
  void givenIssuedCertificate_sealStoreAndReadBack_returnsTheSameCertificateKeyAndChain()
      throws Exception {
    CertificateKeyPair issued = issued(ca(keys(1)).enroll(
        order("Payroll-Sync", adcs.defaultTemplate())));
    Pkcs12Files pfxFiles = Pkcs12Files.create();
    Secret password = pfxFiles.newPassword();
    SealedPfx sealed = pfxFiles.seal(issued, "Payroll-Sync", password);
    int entryId = (Integer) certificateEntry("Payroll-Sync").get("PasswordID");
    int documentId = state.addDocument(entryId, "Payroll-Sync.pfx", sealed.content());

    byte[] stored = state.document(documentId).orElseThrow();
    CertificateKeyPair reopened = pfxFiles.open(stored, password);

    assertThat(reopened.certificate()).isEqualTo(issued.certificate());
    assertThat(reopened.privateKey().getEncoded()).isEqualTo(issued.privateKey().getEncoded());
    assertThat(reopened.chain()).containsExactly(state.issuingCaCertificate());
    KeyStore jdk = KeyStore.getInstance("PKCS12");
    jdk.load(new ByteArrayInputStream(stored), password.revealChars());
    String alias = jdk.aliases().nextElement();
    assertThat(jdk.getCertificate(alias)).isEqualTo(issued.certificate());
    assertThat(jdk.getCertificateChain(alias)).hasSize(2);
  }

  @Test
  void givenTheSeededPfxOfAnApp_open_readsTheCertificateRegisteredOnTheApp() {
    Map<String, Object> entry = certificateEntry("Mail-Relay");
    Matcher documentId = DOCUMENT_ID.matcher(String.valueOf(entry.get("GenericField7")));
    assertThat(documentId.find()).isTrue();
    byte[] pfx = state.document(Integer.parseInt(documentId.group(1))).orElseThrow();

    CertificateKeyPair opened = Pkcs12Files.create()
        .open(pfx, Secret.of(String.valueOf(entry.get("Password"))));

    World.App app = sandbox.world().appNamed("Mail-Relay").orElseThrow();
    String tenantId = sandbox.world().tenant(app.tenant()).tenantId();
    assertThat(state.app(tenantId, app.appId()).orElseThrow().certificates())
        .extracting(SandboxState.CertificateView::thumbprint)
        .containsExactly(opened.thumbprint());
    assertThat(opened.chain()).containsExactly(state.issuingCaCertificate());
  }

  // ----- arrangement and inspection -----

  private static PkiCertificateAuthority ca(KeyPair keys) {
    return PkiCertificateAuthority.adcs(settings(pkiPassword).build()).withKeyGenerator(() -> keys);
  }

  private static AdcsSettings.Builder settings(Secret password) {
    return settings(password, CertificateProfile.trusting(List.of(state.issuingCaCertificate())));
  }

  private static AdcsSettings.Builder settings(Secret password, CertificateProfile profile) {
    return AdcsSettings.builder(sandbox.adcsBaseUri(), HttpAuthentication.basic(pkiUser, password),
            profile)
        .sslContext(sandbox.clientSslContext())
        .pendingWait(Duration.ZERO);
  }

  /** A pre-generated key pair: a fresh key proves nothing here. */
  private static KeyPair keys(int index) {
    CertificateKeyPair pair = TestCertificates.pair(index);
    return new KeyPair(pair.certificate().getPublicKey(), pair.privateKey());
  }

  private static CertificateOrder order(String app, String template) {
    return new CertificateOrder(app, template, "contract-" + app);
  }

  private static CertificateKeyPair issued(Enrollment enrollment) {
    assertThat(enrollment).isInstanceOf(Enrollment.Issued.class);
    return ((Enrollment.Issued) enrollment).certificate();
  }

  private static Map<String, Object> certificateEntry(String app) {
    return state.passwordRecordsTitled(CERTIFICATES, "Certificaat " + app).get(0);
  }

  private static String usedTemplate(Map<String, Object> entry) {
    Matcher template = USED_TEMPLATE.matcher(String.valueOf(entry.get("GenericField7")));
    assertThat(template.find()).as("UsedTemplate in the entry's metadata").isTrue();
    return template.group(1);
  }

  private static int lastRequestId() {
    return state.certificateRequests().stream().mapToInt(CertificateRequestView::requestId)
        .max().orElse(0);
  }

  private static CertificateRequestView onlyRequestAfter(int last) {
    List<CertificateRequestView> after = state.certificateRequests().stream()
        .filter(request -> request.requestId() > last).toList();
    assertThat(after).as("requests the CA recorded").hasSize(1);
    return after.get(0);
  }

  private static CertificateRequestView request(int requestId) {
    return state.certificateRequests().stream()
        .filter(request -> request.requestId() == requestId).findFirst().orElseThrow();
  }
}
