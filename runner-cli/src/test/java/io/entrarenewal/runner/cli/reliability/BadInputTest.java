package io.entrarenewal.runner.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.entrarenewal.core.domain.CertificateKeyPair;
import io.entrarenewal.core.domain.MetadataKeys;
import io.entrarenewal.core.domain.Secret;
import io.entrarenewal.core.domain.TaskDisposition;
import io.entrarenewal.core.domain.TaskId;
import io.entrarenewal.core.domain.TaskResult;
import io.entrarenewal.core.fakes.TestCertificates;
import io.entrarenewal.sandbox.Fault;
import io.entrarenewal.sandbox.World;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input of every kind, each ending in a precise error with nothing changed: task
 * parameters, hostile replies of every system, broken PFX files in the vault and unacceptable CA
 * answers. "Nothing changed" is judged from the sandbox: every app's credentials, every vault
 * record and the CA's requests are as before.
 */
class BadInputTest {

  private static SandboxRig rig;
  private static SandboxInvariants invariants;

  @BeforeAll
  static void startSandbox() {
    rig = SandboxRig.start();
    invariants = new SandboxInvariants(rig);
  }

  @AfterAll
  static void stopSandbox() {
    rig.close();
  }

  @AfterEach
  void clearFaults() {
    rig.sandbox().faults().clear();
    rig.keyGenerator(SandboxRig.pooledKeys());
  }

  // ----- task parameters -----

  /** What a task's parameters should lead to. */
  enum Expect { REJECTED_APP_ID, REJECTED_TYPE, APP_NOT_FOUND, NO_ENTRY, RENEWED }

  static Stream<Arguments> taskParameters() {
    String real = "{app}";
    return Stream.of(
        Arguments.of("empty AppID", "", "Secret", Expect.REJECTED_APP_ID),
        Arguments.of("blank AppID", "   ", "Secret", Expect.REJECTED_APP_ID),
        Arguments.of("AppID not a GUID", "not-a-guid", "Secret", Expect.REJECTED_APP_ID),
        Arguments.of("AppID digits", "12345", "Secret", Expect.REJECTED_APP_ID),
        Arguments.of("AppID in braces", "{" + real + "}", "Secret", Expect.REJECTED_APP_ID),
        Arguments.of("AppID without dashes", "{nodash}", "Secret", Expect.REJECTED_APP_ID),
        Arguments.of("AppID with a character too many", real + "0", "Secret",
            Expect.REJECTED_APP_ID),
        Arguments.of("AppID 10,000 characters", "a".repeat(10_000), "Secret",
            Expect.REJECTED_APP_ID),
        Arguments.of("AppID OData injection", real + "' or AppID ne '", "Secret",
            Expect.REJECTED_APP_ID),
        Arguments.of("AppID OData injection in parentheses", "x') or (1 eq 1", "Secret",
            Expect.REJECTED_APP_ID),
        Arguments.of("AppID quote", "'", "Secret", Expect.REJECTED_APP_ID),
        Arguments.of("AppID SQL", "1'; DROP TABLE Task--", "Secret", Expect.REJECTED_APP_ID),
        Arguments.of("AppID path traversal", "../../applications", "Secret",
            Expect.REJECTED_APP_ID),
        Arguments.of("AppID URL encoded", "%27%20or%201%3D1", "Secret", Expect.REJECTED_APP_ID),
        Arguments.of("AppID full-width digits", "{fullwidth}", "Secret",
            Expect.REJECTED_APP_ID),
        Arguments.of("AppID Cyrillic a", "{cyrillic}", "Secret", Expect.REJECTED_APP_ID),
        Arguments.of("AppID zero-width space", "{zerowidth}", "Secret",
            Expect.REJECTED_APP_ID),
        Arguments.of("AppID right-to-left override", "\u202e" + real, "Secret",
            Expect.REJECTED_APP_ID),
        Arguments.of("AppID NUL", real + "\u0000", "Secret", Expect.REJECTED_APP_ID),
        Arguments.of("AppID two ids", real + "," + real, "Secret", Expect.REJECTED_APP_ID),
        Arguments.of("AppID emoji", "\ud83d\udd11", "Secret", Expect.REJECTED_APP_ID),
        Arguments.of("AppID unknown GUID", "0badc0de-0000-4000-8000-000000000000", "Secret",
            Expect.APP_NOT_FOUND),
        Arguments.of("AppID in upper case", "{upper}", "Secret", Expect.RENEWED),
        Arguments.of("AppID with surrounding blanks", "  " + real + "\t", "Secret",
            Expect.RENEWED),
        Arguments.of("SecretType empty", real, "", Expect.REJECTED_TYPE),
        Arguments.of("SecretType blank", real, "  ", Expect.REJECTED_TYPE),
        Arguments.of("SecretType Password", real, "Password", Expect.REJECTED_TYPE),
        Arguments.of("SecretType Secrets", real, "Secrets", Expect.REJECTED_TYPE),
        Arguments.of("SecretType Certificat", real, "Certificat", Expect.REJECTED_TYPE),
        Arguments.of("SecretType Certificates", real, "Certificates", Expect.REJECTED_TYPE),
        Arguments.of("SecretType Sécret", real, "Sécret", Expect.REJECTED_TYPE),
        Arguments.of("SecretType Greek Kappa", real, "\u039aert", Expect.REJECTED_TYPE),
        Arguments.of("SecretType full-width", real, "\uff33\uff45\uff43\uff52\uff45\uff54",
            Expect.REJECTED_TYPE),
        Arguments.of("SecretType both", real, "Secret;Cert", Expect.REJECTED_TYPE),
        Arguments.of("SecretType x509", real, "x509", Expect.REJECTED_TYPE),
        Arguments.of("SecretType 5,000 characters", real, "S".repeat(5_000),
            Expect.REJECTED_TYPE),
        Arguments.of("SecretType Secret", real, "Secret", Expect.RENEWED),
        Arguments.of("SecretType secret", real, "secret", Expect.RENEWED),
        Arguments.of("SecretType SECRET", real, "SECRET", Expect.RENEWED),
        Arguments.of("SecretType sEcReT with blanks", real, " sEcReT ", Expect.RENEWED),
        Arguments.of("SecretType Certificaat", real, "Certificaat", Expect.RENEWED),
        Arguments.of("SecretType certificaat", real, "certificaat", Expect.RENEWED),
        Arguments.of("SecretType Cert", real, "Cert", Expect.RENEWED),
        Arguments.of("SecretType CERT", real, "CERT", Expect.RENEWED),
        Arguments.of("SecretType Certificate", real, "Certificate", Expect.RENEWED),
        Arguments.of("SecretType certificate", real, "certificate", Expect.RENEWED),
        Arguments.of("SecretType Cert for an app with a secret only", real, "Cert:secret-app",
            Expect.NO_ENTRY));
  }

  @ParameterizedTest(name = "task parameters: {0}")
  @MethodSource("taskParameters")
  void givenTaskParameters_processing_endsPreciselyAndChangesOnlyWhatItShould(
      String label, String appId, String secretType, Expect expect) {
    boolean certificate = secretType.toLowerCase().startsWith("cert")
        && !secretType.endsWith(":secret-app");
    String type = secretType.replace(":secret-app", "");
    String realAppId = certificate
        ? rig.certificateCase(label).appId() : rig.secretCase(label).appId();
    TaskId task = new TaskId(rig.state().openRenewalTask(rawAppId(appId, realAppId), type));
    WorldSnapshot before = WorldSnapshot.of(rig);

    TaskResult result = rig.run(task).result();

    List<String> notes = invariants.notes(task);
    switch (expect) {
      case RENEWED -> {
        assertThat(result.disposition()).as(result.detail()).isEqualTo(TaskDisposition.CLOSED);
        assertThat(invariants.ending(task)).isEqualTo(SandboxInvariants.Ending.CLOSED);
        return;
      }
      case REJECTED_APP_ID -> assertThat(String.join("\n", notes))
          .contains("'appId'", "Step that stopped: validate the request");
      case REJECTED_TYPE -> assertThat(String.join("\n", notes))
          .contains("'SecretType'", "Step that stopped: validate the request");
      case APP_NOT_FOUND -> assertThat(String.join("\n", notes))
          .contains("No app registration with client id", "look up the app registration");
      case NO_ENTRY -> assertThat(String.join("\n", notes))
          .contains("The vault has no entry titled 'Certificaat ", "find the vault entry");
      default -> throw new IllegalArgumentException(expect.name());
    }
    assertThat(invariants.assertTaskEnded(task)).isEqualTo(SandboxInvariants.Ending.HANDED_OVER);
    assertThat(notes).allSatisfy(n -> assertThat(n.length()).isLessThan(2_000));
    assertThat(WorldSnapshot.of(rig)).as("nothing changed").isEqualTo(before);
  }

  private static String rawAppId(String template, String appId) {
    return switch (template) {
      case "{nodash}" -> appId.replace("-", "");
      case "{upper}" -> appId.toUpperCase();
      case "{fullwidth}" -> appId.chars()
          .map(c -> Character.isDigit(c) ? c - '0' + '\uff10' : c)
          .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
          .toString();
      case "{cyrillic}" -> "\u0430" + appId.substring(1);
      case "{zerowidth}" -> appId.substring(0, 8) + "\u200b" + appId.substring(8);
      default -> template.replace("{app}", appId);
    };
  }

  // ----- hostile replies -----

  /** A reply no system should send. */
  enum Hostile { HTML, WRONG_TYPES, MISSING_FIELDS, EMPTY_BODY, TEN_MEGABYTES, DEEPLY_NESTED,
    TRUNCATED }

  /** Calls whose reply is replaced, with the occurrence (earlier matches pass). */
  enum Target {
    ITSM_TASK("GET", "ivanti.get.Task__Assignments", 1),
    ITSM_PARAMETERS("GET", "ivanti.query.ServiceReqParams", 1),
    ACCOUNT_TOKEN("POST", "entra.token", 1),
    GRAPH_APP("GET", "graph.getApplication", 1),
    VAULT_SEARCH("GET", "passwordstate.searchPasswords", 4),
    GRAPH_ADD_PASSWORD("POST", "graph.addPassword", 1),
    VAULT_RECORD_BEFORE_STORE("GET", "passwordstate.getPassword", 4),
    CA_SUBMIT("POST", "adcs.submit", 1);

    final String method;
    final String endpoint;
    final int occurrence;

    Target(String method, String endpoint, int occurrence) {
      this.method = method;
      this.endpoint = endpoint;
      this.occurrence = occurrence;
    }

    FlowCalls.Call call() {
      List<String> flow = this == CA_SUBMIT ? FlowCalls.CERTIFICATE : FlowCalls.SECRET;
      return FlowCalls.calls(flow).stream()
          .filter(c -> c.method().equals(method) && c.endpoint().equals(endpoint)
              && c.occurrence() == occurrence)
          .findFirst().orElseThrow();
    }
  }

  private static final String TEN_MEGABYTES = tenMegabytes();
  private static final String DEEPLY_NESTED = "[".repeat(200_000) + "]".repeat(200_000);

  static Stream<Arguments> hostileReplies() {
    return Stream.of(Target.values()).flatMap(target ->
        Stream.of(Hostile.values()).map(hostile -> Arguments.of(target, hostile)));
  }

  @ParameterizedTest(name = "hostile reply: {0} answers {1}")
  @MethodSource("hostileReplies")
  void givenHostileReply_processing_stopsWithAPreciseErrorAndChangesNothing(
      Target target, Hostile hostile) {
    boolean certificate = target == Target.CA_SUBMIT;
    TaskId task = certificate
        ? rig.certificateCase(target + "-" + hostile).task()
        : rig.secretCase(target + "-" + hostile).task();
    WorldSnapshot before = WorldSnapshot.of(rig);
    FlowCalls.Call call = target.call();
    if (call.occurrence() > 1) {
      rig.sandbox().faults().inject(call.method(), call.pathRegex(), call.occurrence() - 1,
          Fault.latency(Duration.ZERO));
    }
    rig.sandbox().faults().always(call.method(), call.pathRegex(), reply(target, hostile));

    SandboxRig.RunResult run = rig.run(task);
    rig.sandbox().faults().clear();

    String error = run.failure() != null ? run.failure().getMessage() : run.result().detail();
    // A short excerpt of an unrecognised page may be quoted; the reply itself may not.
    assertThat(error).as("the error").isNotBlank().hasSizeLessThan(1_000)
        .doesNotContain("<html", "did not answer in time");
    if (run.result() != null) {
      assertThat(run.result().disposition()).as(error).isNotEqualTo(TaskDisposition.CLOSED);
    }
    if (invariants.ending(task) == SandboxInvariants.Ending.HANDED_OVER) {
      assertThat(invariants.notes(task)).anySatisfy(n -> assertThat(n)
          .contains("Step that stopped:").hasSizeLessThan(2_000));
    }
    WorldSnapshot after = WorldSnapshot.of(rig);
    assertThat(after.apps()).as("no credential changed").isEqualTo(before.apps());
    assertThat(after.vault()).as("no vault record changed").isEqualTo(before.vault());
    assertThat(after.certificateRequests() - before.certificateRequests())
        .as("certificate requests").isLessThanOrEqualTo(1);
  }

  private static Fault reply(Target target, Hostile hostile) {
    String json = "application/json";
    return switch (hostile) {
      case HTML -> Fault.status(200, "text/html",
          "<html><head><title>Sign in</title></head><body><form action=\"/login\">"
              + "</form></body></html>");
      case WRONG_TYPES -> Fault.status(200, json, wrongTypes(target));
      case MISSING_FIELDS -> Fault.status(200, json, missingFields(target));
      case EMPTY_BODY -> Fault.status(200, json, "");
      case TEN_MEGABYTES -> Fault.status(200, json, TEN_MEGABYTES);
      case DEEPLY_NESTED -> Fault.status(200, json, DEEPLY_NESTED);
      case TRUNCATED -> Fault.malformedJson();
    };
  }

  private static String wrongTypes(Target target) {
    return switch (target) {
      case ITSM_TASK -> "{\"RecId\":5,\"Status\":[],\"OwnerTeam\":{\"a\":1},"
          + "\"ParentLink_RecID\":true}";
      case ITSM_PARAMETERS -> "{\"value\":\"AppID\",\"@odata.count\":\"many\"}";
      case ACCOUNT_TOKEN -> "{\"token_type\":7,\"expires_in\":\"soon\",\"access_token\":[1]}";
      case GRAPH_APP -> "{\"id\":12,\"appId\":true,\"displayName\":[\"x\"],"
          + "\"passwordCredentials\":\"none\",\"keyCredentials\":{\"a\":1}}";
      case VAULT_SEARCH, VAULT_RECORD_BEFORE_STORE -> "[{\"PasswordID\":\"abc\",\"Title\":5,"
          + "\"PasswordListID\":[],\"GenericField6\":{\"KeyId\":1}}]";
      case GRAPH_ADD_PASSWORD -> "{\"keyId\":42,\"secretText\":{\"v\":1},"
          + "\"endDateTime\":\"tomorrow\"}";
      case CA_SUBMIT -> "{\"certificate\":true}";
    };
  }

  private static String missingFields(Target target) {
    return switch (target) {
      case ITSM_TASK, ACCOUNT_TOKEN, GRAPH_APP, GRAPH_ADD_PASSWORD, CA_SUBMIT -> "{}";
      case ITSM_PARAMETERS -> "{\"value\":[{}]}";
      case VAULT_SEARCH, VAULT_RECORD_BEFORE_STORE -> "[{}]";
    };
  }

  private static String tenMegabytes() {
    StringBuilder body = new StringBuilder(10 * 1024 * 1024 + 64).append("{\"value\":[");
    String item = "\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\",";
    while (body.length() < 10 * 1024 * 1024) {
      body.append(item);
    }
    return body.append("\"x\"]}").toString();
  }

  // ----- PFX files -----

  /** A broken current PFX in the certificate entry. */
  enum BrokenPfx { WRONG_PASSWORD, NO_PRIVATE_KEY, CORRUPTED, TRUNCATED, EMPTY, PEM_TEXT, EC_KEY,
    RSA_1024, KEY_OF_ANOTHER_CERTIFICATE }

  @ParameterizedTest(name = "PFX: {0}")
  @EnumSource(BrokenPfx.class)
  void givenBrokenPfx_processing_handsOverAtReadingItAndChangesNothing(BrokenPfx broken)
      throws Exception {
    SandboxRig.CertificateCase c = rig.certificateCase("pfx-" + broken);
    breakPfx(c, broken);
    WorldSnapshot before = WorldSnapshot.of(rig);

    TaskResult result = rig.run(c.task()).result();

    assertThat(result.disposition()).as(result.detail()).isEqualTo(TaskDisposition.HANDED_OVER);
    assertThat(invariants.notes(c.task())).anySatisfy(n -> assertThat(n)
        .contains("Step that stopped: read the current certificate from the vault"));
    assertThat(WorldSnapshot.of(rig)).as("nothing changed").isEqualTo(before);
    assertThat(invariants.issuedFor(c.name())).isZero();
  }

  private void breakPfx(SandboxRig.CertificateCase c, BrokenPfx broken) throws Exception {
    Map<String, Object> entry = rig.record(c.passwordId());
    Secret password = Secret.of((String) entry.get("Password"));
    String metadata = (String) entry.get("GenericField7");
    int documentId = Integer.parseInt(metadata.replaceAll(".*\"DocumentID\":(\\d+).*", "$1"));
    byte[] pfx = rig.state().document(documentId).orElseThrow();
    byte[] replacement = switch (broken) {
      case WRONG_PASSWORD -> {
        rig.state().updatePasswordRecord(c.passwordId(), Map.of("Password", "not-the-password"));
        yield null;
      }
      case NO_PRIVATE_KEY -> certificateOnly(c.old().certificate(), password);
      case CORRUPTED -> corrupt(pfx);
      case TRUNCATED -> Arrays.copyOf(pfx, pfx.length / 2);
      case EMPTY -> new byte[0];
      case PEM_TEXT -> ("-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder()
          .encodeToString(c.old().certificate().getEncoded()) + "\n-----END CERTIFICATE-----\n")
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      case EC_KEY -> pfxOf(generate("EC", 256), "SHA256withECDSA", c.name(), password);
      case RSA_1024 -> pfxOf(generate("RSA", 1024), "SHA256withRSA", c.name(), password);
      case KEY_OF_ANOTHER_CERTIFICATE -> mismatched(c, password);
    };
    if (replacement != null) {
      int replaced = rig.state().addDocument(c.passwordId(), c.name() + ".pfx", replacement);
      rig.state().updatePasswordRecord(c.passwordId(), Map.of("GenericField7",
          metadata.replace("\"DocumentID\":" + documentId, "\"DocumentID\":" + replaced)));
    }
  }

  private static byte[] corrupt(byte[] pfx) {
    byte[] copy = pfx.clone();
    for (int i = copy.length / 3; i < copy.length / 3 + 64 && i < copy.length; i++) {
      copy[i] = (byte) ~copy[i];
    }
    return copy;
  }

  private static KeyPair generate(String algorithm, int size) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
    generator.initialize(size);
    return generator.generateKeyPair();
  }

  private static byte[] certificateOnly(X509Certificate certificate, Secret password)
      throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setCertificateEntry("certificate", certificate);
    return save(store, password);
  }

  private static byte[] pfxOf(KeyPair keys, String signature, String name, Secret password)
      throws Exception {
    X509Certificate certificate = selfSigned(name, keys.getPublic(), keys.getPrivate(),
        signature, Instant.now().plus(Duration.ofDays(10)));
    return pfxOf(certificate, keys.getPrivate(), password);
  }

  private static byte[] pfxOf(X509Certificate certificate, PrivateKey key, Secret password)
      throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry("key", key, password.revealChars(), new X509Certificate[] {certificate});
    return save(store, password);
  }

  /** The app's registered certificate with the key of another certificate. */
  private static byte[] mismatched(SandboxRig.CertificateCase c, Secret password)
      throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry("key", TestCertificates.pair(5).privateKey(), password.revealChars(),
        new X509Certificate[] {c.old().certificate()});
    return save(store, password);
  }

  private static byte[] save(KeyStore store, Secret password) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    store.store(out, password.revealChars());
    return out.toByteArray();
  }

  // ----- CA answers -----

  /** A certificate the CA answers with that must not be accepted. */
  enum BadIssue { FOR_ANOTHER_KEY, EXPIRED, FROM_ANOTHER_ISSUER, NOT_A_CERTIFICATE }

  @ParameterizedTest(name = "CA answer: {0}")
  @EnumSource(BadIssue.class)
  void givenUnacceptableCertificateFromTheCa_processing_handsOverAndChangesNothing(
      BadIssue bad) throws Exception {
    SandboxRig.CertificateCase c = rig.certificateCase("ca-" + bad);
    CertificateKeyPair ours = TestCertificates.pair(6);
    rig.keyGenerator(() -> new KeyPair(ours.certificate().getPublicKey(), ours.privateKey()));
    rig.sandbox().faults().always("GET", "/certsrv/certnew\\.cer", Fault.status(200,
        "application/pkix-cert", pem(issued(bad, c, ours))));
    WorldSnapshot before = WorldSnapshot.of(rig);

    TaskResult result = rig.run(c.task()).result();

    assertThat(result.disposition()).as(result.detail()).isEqualTo(TaskDisposition.HANDED_OVER);
    assertThat(invariants.notes(c.task())).anySatisfy(n -> assertThat(n)
        .contains("Step that stopped: obtain the new certificate from the PKI"));
    WorldSnapshot after = WorldSnapshot.of(rig);
    assertThat(after.apps()).as("no credential changed").isEqualTo(before.apps());
    assertThat(after.vault()).as("no vault record changed").isEqualTo(before.vault());
  }

  private byte[] issued(BadIssue bad, SandboxRig.CertificateCase c, CertificateKeyPair ours)
      throws Exception {
    CertificateKeyPair rogue = TestCertificates.pair(7);
    return switch (bad) {
      case FOR_ANOTHER_KEY -> demoCertificate().getEncoded();
      case EXPIRED -> selfSigned(c.name(), ours.certificate().getPublicKey(),
          rogue.privateKey(), "SHA256withRSA", Instant.now().minus(Duration.ofDays(1)))
          .getEncoded();
      case FROM_ANOTHER_ISSUER -> selfSigned(c.name(), ours.certificate().getPublicKey(),
          rogue.privateKey(), "SHA256withRSA", Instant.now().plus(Duration.ofDays(300)))
          .getEncoded();
      case NOT_A_CERTIFICATE -> "this is not a certificate".getBytes();
    };
  }

  /** A certificate the sandbox's CA really issued, for another app's key. */
  private X509Certificate demoCertificate() {
    World.App payroll = rig.world().appNamed("Payroll-Sync").orElseThrow();
    return rig.state().app(payroll.tenant(), payroll.appId()).orElseThrow()
        .certificates().get(0).certificate();
  }

  private static String pem(byte[] der) {
    return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder().encodeToString(der)
        + "\n-----END CERTIFICATE-----\n";
  }

  private static X509Certificate selfSigned(String name, PublicKey subjectKey,
      PrivateKey signer, String signature, Instant notAfter) throws Exception {
    X500Name subject = new X500Name("CN=" + name);
    var builder = new JcaX509v3CertificateBuilder(subject,
        BigInteger.valueOf(System.nanoTime()), Date.from(notAfter.minus(Duration.ofDays(30))),
        Date.from(notAfter), subject, subjectKey);
    return new JcaX509CertificateConverter().getCertificate(
        builder.build(new JcaContentSignerBuilder(signature).build(signer)));
  }
}
