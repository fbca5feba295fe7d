package io.entrarenewal.runner.cli.reliability;

import io.entrarenewal.adapter.graph.GraphAccount;
import io.entrarenewal.adapter.graph.GraphDirectory;
import io.entrarenewal.adapter.graph.GraphSettings;
import io.entrarenewal.adapter.ivanti.IvantiSettings;
import io.entrarenewal.adapter.ivanti.IvantiWorkQueue;
import io.entrarenewal.adapter.passwordstate.PasswordstateSettings;
import io.entrarenewal.adapter.passwordstate.PasswordstateVault;
import io.entrarenewal.adapter.pki.AdcsSettings;
import io.entrarenewal.adapter.pki.CertificateProfile;
import io.entrarenewal.adapter.pki.HttpAuthentication;
import io.entrarenewal.adapter.pki.Pkcs12Files;
import io.entrarenewal.adapter.pki.PkiCertificateAuthority;
import io.entrarenewal.core.domain.CertificateKeyPair;
import io.entrarenewal.core.domain.RenewalSettings;
import io.entrarenewal.core.domain.RetryPolicy;
import io.entrarenewal.core.domain.Secret;
import io.entrarenewal.core.domain.SystemAccount;
import io.entrarenewal.core.domain.TaskId;
import io.entrarenewal.core.domain.TaskResult;
import io.entrarenewal.core.domain.TaskTexts;
import io.entrarenewal.core.domain.Tenant;
import io.entrarenewal.core.fakes.TestCertificates;
import io.entrarenewal.core.service.Renewals;
import io.entrarenewal.sandbox.Sandbox;
import io.entrarenewal.sandbox.SandboxOptions;
import io.entrarenewal.sandbox.SandboxState;
import io.entrarenewal.sandbox.World;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The product composed as a runner composes it: core's use cases over the real adapters, talking
 * to the sandbox over HTTPS with its CA trusted explicitly. Timeouts are short so that a hung
 * request costs a second, and retries are quick. Keys come from core's pre-generated pool:
 * a fresh key proves nothing here.
 *
 * <p>Each case arranges its own app, vault entry and task through the sandbox's state API, so
 * one sandbox serves a whole test class.
 */
final class SandboxRig implements AutoCloseable {

  static final String PRODUCTION = "production";
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(1);
  /** Longer than any client timeout of the rig: a request held this long has timed out. */
  static final Duration HANG = Duration.ofSeconds(3);

  private static final AtomicInteger NAMES = new AtomicInteger();
  private static final AtomicInteger KEYS = new AtomicInteger();

  private final Sandbox sandbox;
  private final World world;
  private final Pkcs12Files pfxFiles = Pkcs12Files.create();
  private volatile Supplier<KeyPair> keyGenerator = pooledKeys();

  private SandboxRig(Sandbox sandbox) {
    this.sandbox = sandbox;
    this.world = sandbox.world();
  }

  static SandboxRig start() {
    return new SandboxRig(Sandbox.start(SandboxOptions.defaults()));
  }

  Sandbox sandbox() {
    return sandbox;
  }

  SandboxState state() {
    return sandbox.state();
  }

  World world() {
    return world;
  }

  // ----- the product -----

  RenewalSettings settings() {
    List<Tenant> tenants = world.tenants().stream()
        .map(t -> new Tenant(t.name(), t.tenantId(), Integer.toString(t.secretListId()),
            "education".equals(t.name()) ? "_OND" : null))
        .toList();
    return new RenewalSettings(tenants,
        Integer.toString(world.passwordstate().certificateListId()), "{app}", "Certificaat {app}",
        Duration.ofDays(365), Duration.ofDays(30), world.adcs().defaultTemplate(), false,
        "renewal", TaskTexts.withTeam(world.ivanti().handOverTeam()));
  }

  /**
   * Builds every port as one run of a runner would: the vault first, the Graph and PKI accounts
   * read from it, then the use cases. Reading the accounts is part of the run, so faults on those
   * calls are part of the matrix.
   */
  Renewals renewals() {
    PasswordstateVault vault = vault();
    GraphSettings.Builder graph = GraphSettings.builder()
        .authorityHost(sandbox.entraAuthorityHost())
        .graphBaseUrl(sandbox.graphBaseUri())
        .trustStore(sandbox.trustStore())
        .connectTimeout(REQUEST_TIMEOUT)
        .readTimeout(REQUEST_TIMEOUT)
        .retryPolicy(quickRetries())
        .propagationWindow(Duration.ofSeconds(5))
        .propagationBackoff(new RetryPolicy(10, Duration.ofMillis(50), Duration.ofMillis(500)));
    String accounts = Integer.toString(world.passwordstate().systemAccountsListId());
    for (World.Tenant tenant : world.tenants()) {
      SystemAccount account = vault.readAccount(accounts, tenant.accountTitle());
      graph.account(tenant.name(), new GraphAccount(account.userName(), account.password()));
    }
    SystemAccount pki = vault.readAccount(accounts, world.passwordstate().pkiAccountTitle());
    return Renewals.builder()
        .settings(settings())
        .workQueue(workQueue())
        .vault(vault)
        .directory(GraphDirectory.create(graph.build()))
        .certificateAuthority(certificateAuthority(pki))
        .pfxFiles(pfxFiles)
        .build();
  }

  /**
   * One run of the product on one task, as the CLI's {@code task} command does it: a run that
   * cannot even build its ports (an account unreadable) ends with nothing done.
   */
  RunResult run(TaskId task) {
    try {
      return new RunResult(renewals().tasks().process(task), null);
    } catch (RuntimeException e) {
      return new RunResult(null, e);
    }
  }

  /** What one run returned, or the exception that stopped it before it processed the task. */
  record RunResult(TaskResult result, RuntimeException failure) {}

  PasswordstateVault vault() {
    PasswordstateSettings.Builder settings = PasswordstateSettings
        .builder(sandbox.passwordstateBaseUri())
        .trustStore(sandbox.trustStore())
        .connectTimeout(REQUEST_TIMEOUT)
        .requestTimeout(REQUEST_TIMEOUT)
        .retryPolicy(quickRetries())
        .metadataField(Integer.toString(world.passwordstate().certificateListId()),
            "GenericField7");
    world.passwordstate().listApiKeys().forEach((list, key) ->
        settings.listApiKey(Integer.toString(list), Secret.of(key)));
    return PasswordstateVault.create(settings.build());
  }

  IvantiWorkQueue workQueue() {
    return IvantiWorkQueue.create(IvantiSettings
        .builder(sandbox.ivantiBaseUri(),
            new IvantiSettings.ApiKey(Secret.of(world.ivanti().apiKey())))
        .ownerTeam(world.ivanti().automationTeam())
        .trustStore(sandbox.trustStore())
        .timeouts(REQUEST_TIMEOUT, REQUEST_TIMEOUT)
        .retryPolicy(quickRetries())
        .build());
  }

  PkiCertificateAuthority certificateAuthority(SystemAccount account) {
    CertificateProfile profile =
        CertificateProfile.trusting(List.of(state().issuingCaCertificate()));
    return PkiCertificateAuthority.adcs(AdcsSettings
            .builder(sandbox.adcsBaseUri(),
                HttpAuthentication.basic(account.userName(), account.password()), profile)
            .sslContext(sandbox.clientSslContext())
            .requestTimeout(REQUEST_TIMEOUT)
            .retryPolicy(quickRetries())
            .pendingWait(Duration.ZERO)
            .build())
        .withKeyGenerator(keyGenerator);
  }

  /** Makes the CA adapter of later runs generate its keys here (the pool by default). */
  void keyGenerator(Supplier<KeyPair> generator) {
    this.keyGenerator = generator;
  }

  Pkcs12Files pfxFiles() {
    return pfxFiles;
  }

  /**
   * Three attempts with short pauses. A server's Retry-After is honoured only up to 300 ms, so
   * that a throttled case costs little; the adapters' own tests prove the full wait.
   */
  static RetryPolicy quickRetries() {
    return new RetryPolicy(3, Duration.ofMillis(20), Duration.ofMillis(300));
  }

  /** New certificates' keys: pairs 1 to 7 of the pool in turn (pair 0 is every old key). */
  static Supplier<KeyPair> pooledKeys() {
    return () -> {
      CertificateKeyPair pair = TestCertificates.pair(1 + KEYS.getAndIncrement() % 7);
      return new KeyPair(pair.certificate().getPublicKey(), pair.privateKey());
    };
  }

  // ----- arranging cases -----

  /** A production app with a secret due in ten days, its vault entry and an open task. */
  SecretCase secretCase(String label) {
    String name = uniqueName(label);
    SandboxState.AppView app = state().createApp(PRODUCTION, name, false);
    String value = state().addSecret(PRODUCTION, app.appId(), Duration.ofDays(10));
    SandboxState.SecretView secret =
        state().app(PRODUCTION, app.appId()).orElseThrow().secrets().get(0);
    int list = world.tenant(PRODUCTION).secretListId();
    int passwordId = state().addPasswordRecord(list, Map.of("Title", name,
        "UserName", app.appId(), "Password", value, "Description", "Client secret of " + name,
        "GenericField6", "{\"KeyId\":\"" + secret.keyId() + "\",\"StartDate\":\""
            + secret.start() + "\",\"EndDate\":\"" + secret.end() + "\"}"));
    String task = state().openRenewalTask(app.appId(), "Secret");
    return new SecretCase(name, app.appId(), secret.keyId(), passwordId, new TaskId(task));
  }

  /** A production app with a certificate due in ten days, its PFX entry and an open task. */
  CertificateCase certificateCase(String label) {
    String name = uniqueName(label);
    SandboxState.AppView app = state().createApp(PRODUCTION, name, false);
    CertificateKeyPair old = expiringSoon(name);
    UUID keyId = state().addCertificate(PRODUCTION, app.appId(), old.certificate());
    Secret password = pfxFiles.newPassword();
    int list = world.passwordstate().certificateListId();
    int passwordId = state().addPasswordRecord(list, Map.of("Title", "Certificaat " + name,
        "UserName", app.appId(), "Password", password.reveal(),
        "Description", "Certificate of " + name));
    byte[] pfx = pfxFiles.seal(old, name, password).content();
    int documentId = state().addDocument(passwordId, name + ".pfx", pfx);
    state().updatePasswordRecord(passwordId, Map.of("GenericField7",
        "{\"UsedTemplate\":\"" + world.adcs().defaultTemplate() + "\",\"DocumentID\":"
            + documentId + ",\"Thumbprint\":\"" + old.thumbprint() + "\",\"KeyId\":\"" + keyId
            + "\",\"StartDate\":\"" + old.notBefore() + "\",\"EndDate\":\"" + old.notAfter()
            + "\"}"));
    String task = state().openRenewalTask(app.appId(), "Certificaat");
    return new CertificateCase(name, app.appId(), keyId, old, passwordId, new TaskId(task));
  }

  private static String uniqueName(String label) {
    return "Rel-" + label.replaceAll("[^A-Za-z0-9]+", "-") + "-" + NAMES.incrementAndGet();
  }

  /**
   * A self-signed certificate on pool key 0, valid from a day ago for ten more days: due for
   * renewal, still usable for the self-service proof.
   */
  static CertificateKeyPair expiringSoon(String name) {
    CertificateKeyPair pool = TestCertificates.pair(0);
    Instant now = Instant.now();
    try {
      X500Name subject = new X500Name("CN=" + name);
      var builder = new JcaX509v3CertificateBuilder(subject,
          BigInteger.valueOf(NAMES.incrementAndGet()), Date.from(now.minus(Duration.ofDays(1))),
          Date.from(now.plus(Duration.ofDays(10))), subject,
          pool.certificate().getPublicKey());
      X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
          builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(pool.privateKey())));
      return new CertificateKeyPair(certificate, pool.privateKey(), List.of());
    } catch (Exception e) {
      throw new IllegalStateException("cannot make a test certificate", e);
    }
  }

  /** A secret case's arrangement. */
  record SecretCase(String name, String appId, UUID oldKeyId, int passwordId, TaskId task) {}

  /** A certificate case's arrangement. */
  record CertificateCase(String name, String appId, UUID oldKeyId, CertificateKeyPair old,
      int passwordId, TaskId task) {}

  /** The Passwordstate record of an entry, as the sandbox holds it. */
  Map<String, Object> record(int passwordId) {
    return new HashMap<>(state().passwordRecord(passwordId).orElseThrow());
  }

  @Override
  public void close() {
    sandbox.close();
  }
}
