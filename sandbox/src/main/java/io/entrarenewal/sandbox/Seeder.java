package io.entrarenewal.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.bouncycastle.asn1.x500.X500Name;

/**
 * Seeds the sandbox's stores with a deterministic world: the same ids, names, secrets and keys
 * on every start (certificates differ only in serial number and signature).
 */
final class Seeder {

  static final int SYSTEM_ACCOUNTS_LIST = 8620;
  static final int PRODUCTION_SECRETS_LIST = 7651;
  static final int EDUCATION_SECRETS_LIST = 8633;
  static final int CERTIFICATE_LIST = 6691;
  static final String DEFAULT_TEMPLATE = "_D09-CA2-SHA256-EntraID";
  static final String PENDING_TEMPLATE = "_D09-CA2-SHA256-EntraID-Approval";
  static final String PKI_ACCOUNT = "sys_srvaapwin_pki";
  static final String HAND_OVER_TEAM = "Systeemsoftware";
  private static final int APP_KEY_POOL_START = 4;
  private static final int APP_KEY_POOL_SIZE = 4;

  private final Directory directory;
  private final Vault vault;
  private final Itsm itsm;
  private final Pki pki;
  private final Clock clock;
  private final Duration propagationDelay;
  private final Random random = new Random(20261203L);
  private final Instant now;
  private final List<World.App> apps = new ArrayList<>();
  private final Map<String, X509Certificate> sharedCertificates = new LinkedHashMap<>();
  private int keyIndex;

  Seeder(Directory directory, Vault vault, Itsm itsm, Pki pki, Clock clock,
      Duration propagationDelay) {
    this.directory = directory;
    this.vault = vault;
    this.itsm = itsm;
    this.pki = pki;
    this.clock = clock;
    this.propagationDelay = propagationDelay;
    this.now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
  }

  /** The infrastructure every world has: tenants, admin accounts, lists, offering, CA setup. */
  World seedInfrastructure() {
    synchronized (directory) {
      synchronized (vault) {
        synchronized (itsm) {
          synchronized (pki) {
            return infrastructure();
          }
        }
      }
    }
  }

  private World infrastructure() {
    vault.systemKey = token(32);
    Map<Integer, String> listKeys = new LinkedHashMap<>();
    for (Object[] list : new Object[][] {
        {SYSTEM_ACCOUNTS_LIST, "Systeem Accounts"},
        {PRODUCTION_SECRETS_LIST, "Azure App Secrets PR"},
        {EDUCATION_SECRETS_LIST, "Azure App Secrets OND"},
        {CERTIFICATE_LIST, "Azure App Certificaten"}}) {
      String key = token(32);
      vault.addList((Integer) list[0], (String) list[1], key);
      listKeys.put((Integer) list[0], key);
    }
    List<World.Tenant> tenants = List.of(
        tenant("production", "Sys_Azure_AppRegs_PR", "Entra Credential Automation PR",
            PRODUCTION_SECRETS_LIST),
        tenant("education", "Sys_Azure_OND_Admin", "Entra Credential Automation OND",
            EDUCATION_SECRETS_LIST));
    String pkiPassword = token(20);
    pki.accounts.put(PKI_ACCOUNT, pkiPassword);
    vault.addRecord(SYSTEM_ACCOUNTS_LIST, Map.of("Title", PKI_ACCOUNT, "UserName", PKI_ACCOUNT,
        "Password", pkiPassword, "Description", "AD CS web enrollment account"));
    pki.templates.put(DEFAULT_TEMPLATE,
        new Pki.TemplateData(DEFAULT_TEMPLATE, Duration.ofDays(365), false));
    pki.templates.put(PENDING_TEMPLATE,
        new Pki.TemplateData(PENDING_TEMPLATE, Duration.ofDays(365), true));
    String ivantiKey = token(32);
    itsm.apiKeys.add(ivantiKey);
    itsm.subscriptionId = recId("subscription");
    itsm.offeringParameters.put("AppID", recId("param:AppID"));
    itsm.offeringParameters.put("SecretType", recId("param:SecretType"));
    for (String option : List.of("Secret", "Certificaat", "Cert")) {
      itsm.secretTypeOptions.put(option, recId("option:" + option));
    }
    return new World(tenants,
        new World.Passwordstate(vault.systemKey, listKeys, SYSTEM_ACCOUNTS_LIST,
            CERTIFICATE_LIST, PKI_ACCOUNT),
        new World.Ivanti(ivantiKey, itsm.automationTeam, HAND_OVER_TEAM, itsm.subscriptionId,
            itsm.offeringParameters, itsm.secretTypeOptions),
        new World.Adcs(pki.caName, List.copyOf(pki.templates.keySet()), DEFAULT_TEMPLATE),
        List.of());
  }

  private World.Tenant tenant(String name, String accountTitle, String adminName,
      int secretList) {
    String tenantId = uuid("tenant:" + name);
    String domain = name + ".example.onmicrosoft.com";
    Directory.TenantData tenant = directory.addTenant(name, tenantId, domain);
    tenant.propagationDelay = propagationDelay;
    Directory.AppData admin = tenant.addApp(uuid("object:" + adminName), uuid("app:" + adminName),
        adminName, now.minus(800, ChronoUnit.DAYS));
    admin.administrator = true;
    String secret = secretText();
    admin.passwords.add(new Directory.PasswordData(UUID.fromString(uuid("key:" + adminName)),
        "automation", secret.substring(0, 3), secret, now.minus(30, ChronoUnit.DAYS),
        now.plus(400, ChronoUnit.DAYS), now.minus(30, ChronoUnit.DAYS)));
    vault.addRecord(SYSTEM_ACCOUNTS_LIST, Map.of("Title", accountTitle, "UserName",
        admin.appId, "Password", secret, "Description",
        "Graph automation account for tenant " + name + " (" + tenantId + ")"));
    return new World.Tenant(name, tenantId, domain, admin.appId, admin.objectId, accountTitle,
        secretList);
  }

  /** The demo world's apps, entries and tasks on top of the infrastructure. */
  World seedDemo(World infrastructure) {
    synchronized (directory) {
      synchronized (vault) {
        synchronized (itsm) {
          synchronized (pki) {
            secretApp("production", "HR-Portal", 12, true, "Secret", "RENEWED", null);
            secretApp("production", "Finance-Connector", 20, true, null, "NO_TASK", null);
            secretApp("production", "Intranet-Search", 5, true, "secret", "RENEWED", null);
            secretApp("production", "Orphan-App", 9, false, "Secret", "HANDED_OVER",
                "NO_VAULT_ENTRY");
            Directory.AppData policy = secretApp("production", "Policy-App", 15, true,
                "Secret", "HANDED_OVER", "LIFETIME_POLICY");
            policy.secretMaxLifetime = Duration.ofDays(180);
            policy.policyId = uuid("policy:secret-180-days");
            secretApp("production", "Reporting-Service", 200, true, null, "NO_TASK", null);
            certificateApp("production", "Payroll-Sync", 14, "Certificaat", "RENEWED", null,
                null);
            certificateApp("production", "Badge-Reader", 25, "Cert", "RENEWED", null, null);
            certificateApp("production", "Mail-Relay", 7, null, "NO_TASK", null, null);
            certificateApp("production", "Legacy-Cert-App", -3, "Certificate", "HANDED_OVER",
                "NO_VALID_CERTIFICATE", null);
            certificateApp("production", "Mediatheek", 12, null, "NO_TASK", null, "Mediatheek");
            secretApp("education", "Student-Portal_OND", 10, true, "Secret", "RENEWED", null);
            secretApp("education", "LMS-Connector_OND", 18, true, null, "NO_TASK", null);
            certificateApp("education", "Rooster_OND", 21, "Certificaat", "RENEWED", null,
                null);
            certificateApp("education", "Mediatheek_OND", 12, "Certificaat", "HANDED_OVER",
                "SHARED_CERTIFICATE", "Mediatheek");
            return new World(infrastructure.tenants(), infrastructure.passwordstate(),
                infrastructure.ivanti(), infrastructure.adcs(), apps);
          }
        }
      }
    }
  }

  private Directory.AppData secretApp(String tenantName, String displayName, int daysLeft,
      boolean withEntry, String taskType, String outcome, String reason) {
    Directory.TenantData tenant = directory.tenant(tenantName).orElseThrow();
    Directory.AppData app = newApp(tenant, displayName);
    String secret = secretText();
    Instant end = now.plus(daysLeft, ChronoUnit.DAYS);
    Instant start = end.minus(365, ChronoUnit.DAYS);
    UUID keyId = UUID.fromString(uuid("key:" + displayName));
    app.passwords.add(new Directory.PasswordData(keyId, "renewal", secret.substring(0, 3),
        secret, start, end, start));
    String title = null;
    if (withEntry) {
      title = displayName;
      int list = "production".equals(tenantName) ? PRODUCTION_SECRETS_LIST
          : EDUCATION_SECRETS_LIST;
      vault.addRecord(list, Map.of("Title", displayName, "UserName", app.appId, "Password",
          secret, "Description", "Client secret of " + displayName, "GenericField6",
          "{\"KeyId\":\"" + keyId + "\",\"StartDate\":\"" + start + "\",\"EndDate\":\"" + end
              + "\"}"));
    }
    record(tenantName, app, "Secret", daysLeft, title, taskType, outcome, reason);
    return app;
  }

  private void certificateApp(String tenantName, String displayName, int daysLeft,
      String taskType, String outcome, String reason, String sharedWith) {
    Directory.TenantData tenant = directory.tenant(tenantName).orElseThrow();
    Directory.AppData app = newApp(tenant, displayName);
    KeyPair keys = Crypto.pooledKeyPair(APP_KEY_POOL_START + (keyIndex++ % APP_KEY_POOL_SIZE));
    Instant end = now.plus(daysLeft, ChronoUnit.DAYS);
    Instant start = end.minus(365, ChronoUnit.DAYS);
    X509Certificate certificate = sharedWith == null ? null : sharedCertificates.get(sharedWith);
    if (certificate == null) {
      certificate = Crypto.clientCertificate(pki.caCertificate, pki.caKeys.getPrivate(),
          new X500Name("CN=" + (sharedWith == null ? displayName : sharedWith)),
          keys.getPublic(), start, end);
      if (sharedWith != null) {
        sharedCertificates.put(sharedWith, certificate);
        sharedKeys.put(sharedWith, keys);
      }
    } else {
      keys = sharedKeys.get(sharedWith);
    }
    UUID keyId = UUID.fromString(uuid("key:" + displayName));
    app.keys.add(new Directory.KeyData(keyId, certificate.getSubjectX500Principal().getName(),
        "AsymmetricX509Cert", "Verify", certificate.getNotBefore().toInstant(),
        certificate.getNotAfter().toInstant(), certificate, start));
    String title = "Certificaat " + displayName;
    String password = token(24);
    int passwordId = (Integer) vault.addRecord(CERTIFICATE_LIST, Map.of("Title", title,
        "UserName", app.appId, "Password", password, "Description",
        "Certificate of " + displayName)).get("PasswordID");
    byte[] pfx = Crypto.pfx(keys.getPrivate(),
        new X509Certificate[] {certificate, pki.caCertificate}, password.toCharArray());
    int documentId = vault.addDocument(passwordId, displayName + ".pfx",
        "Current certificate", pfx).documentId();
    vault.record(passwordId).orElseThrow().put("GenericField7", "{\"UsedTemplate\":\""
        + DEFAULT_TEMPLATE + "\",\"DocumentID\":" + documentId + ",\"Thumbprint\":\""
        + Crypto.thumbprintHex(certificate) + "\",\"KeyId\":\"" + keyId + "\",\"StartDate\":\""
        + certificate.getNotBefore().toInstant() + "\",\"EndDate\":\""
        + certificate.getNotAfter().toInstant() + "\"}");
    record(tenantName, app, "Certificate", daysLeft, title, taskType, outcome, reason);
  }

  private final Map<String, KeyPair> sharedKeys = new LinkedHashMap<>();

  private Directory.AppData newApp(Directory.TenantData tenant, String displayName) {
    return tenant.addApp(uuid("object:" + displayName), uuid("app:" + displayName), displayName,
        now.minus(400 + random.nextInt(1000), ChronoUnit.DAYS));
  }

  private void record(String tenantName, Directory.AppData app, String type, int daysLeft,
      String title, String taskType, String outcome, String reason) {
    Integer assignmentId = null;
    if (taskType != null) {
      Map<String, String> answers = new LinkedHashMap<>();
      answers.put("AppID", app.appId);
      answers.put("SecretType", taskType);
      Map<String, Object> serviceReq = IvantiService.seedRenewal(itsm, clock, answers,
          "Renew " + taskType + " of " + app.displayName, "The " + type.toLowerCase()
              + " of app registration " + app.displayName + " expires in " + daysLeft
              + " days.");
      assignmentId = itsm.set(Itsm.TASKS).values().stream()
          .filter(t -> serviceReq.get("RecId").equals(t.get("ParentLink_RecID")))
          .map(t -> (Integer) t.get("AssignmentID")).findFirst().orElseThrow();
    }
    apps.add(new World.App(tenantName, app.displayName, app.appId, app.objectId, type,
        daysLeft, title, assignmentId, taskType, outcome, reason));
  }

  /**
   * Adds {@code count} apps over the two tenants for benchmarks. Certificates are shared from a
   * handful, secrets are cheap strings: no key pair is generated per app.
   */
  void seedLarge(int count) {
    synchronized (directory) {
      List<X509Certificate> certificates = new ArrayList<>();
      for (int i = 0; i < APP_KEY_POOL_SIZE; i++) {
        KeyPair keys = Crypto.pooledKeyPair(APP_KEY_POOL_START + i);
        certificates.add(Crypto.clientCertificate(pki.caCertificate, pki.caKeys.getPrivate(),
            new X500Name("CN=Bench-Certificate-" + i), keys.getPublic(),
            now.minus(300, ChronoUnit.DAYS), now.plus(65 + 100L * i, ChronoUnit.DAYS)));
      }
      Directory.TenantData production = directory.tenant("production").orElseThrow();
      Directory.TenantData education = directory.tenant("education").orElseThrow();
      for (int i = 0; i < count; i++) {
        Directory.TenantData tenant = i % 2 == 0 ? production : education;
        String name = String.format("Bench-App-%06d", i);
        Directory.AppData app = tenant.addApp(uuid("object:" + name), uuid("app:" + name),
            name, now.minus(400, ChronoUnit.DAYS));
        Instant end = now.plus(i % 730 - 30, ChronoUnit.DAYS);
        if (i % 3 == 0) {
          X509Certificate certificate = certificates.get(i % certificates.size());
          app.keys.add(new Directory.KeyData(UUID.fromString(uuid("key:" + name)),
              certificate.getSubjectX500Principal().getName(), "AsymmetricX509Cert", "Verify",
              certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant(),
              certificate, certificate.getNotBefore().toInstant()));
        } else {
          String secret = "bench-" + Integer.toHexString(name.hashCode()) + "-" + i;
          app.passwords.add(new Directory.PasswordData(UUID.fromString(uuid("key:" + name)),
              "bench", secret.substring(0, 3), secret, end.minus(365, ChronoUnit.DAYS), end,
              end.minus(365, ChronoUnit.DAYS)));
        }
      }
    }
  }

  private String secretText() {
    StringBuilder secret = new StringBuilder();
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-.";
    for (int i = 0; i < 40; i++) {
      secret.append(i == 4 ? 'Q' : i == 5 ? '~' : alphabet.charAt(random.nextInt(
          alphabet.length())));
    }
    return secret.toString();
  }

  private String token(int length) {
    byte[] bytes = new byte[(length + 1) / 2];
    random.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes).substring(0, length);
  }

  static String uuid(String name) {
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
  }

  private static String recId(String name) {
    return uuid(name).replace("-", "").toUpperCase(java.util.Locale.ROOT);
  }
}
