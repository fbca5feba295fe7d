package io.entrarenewal.sandbox;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;

/**
 * Inspects and changes the sandbox's data while it runs: tenants, apps and credentials,
 * Passwordstate lists and records, Ivanti records, AD CS requests, and request counts.
 * Thread-safe; every view it returns is a copy.
 */
public final class SandboxState {

  private final Directory directory;
  private final Vault vault;
  private final Itsm itsm;
  private final Pki pki;
  private final AdcsService adcs;
  private final RequestCounter counter;
  private final Clock clock;

  SandboxState(Directory directory, Vault vault, Itsm itsm, Pki pki, AdcsService adcs,
      RequestCounter counter, Clock clock) {
    this.directory = directory;
    this.vault = vault;
    this.itsm = itsm;
    this.pki = pki;
    this.adcs = adcs;
    this.counter = counter;
    this.clock = clock;
  }

  // ----- views -----

  /** A tenant. */
  public record TenantView(String name, String tenantId, String domain,
      Duration propagationDelay) {}

  /** An application with its credentials. */
  public record AppView(String tenantId, String objectId, String appId, String displayName,
      boolean administrator, List<SecretView> secrets, List<CertificateView> certificates) {
    public AppView {
      secrets = List.copyOf(secrets);
      certificates = List.copyOf(certificates);
    }
  }

  /** A client secret's metadata; the value itself is not shown. */
  public record SecretView(UUID keyId, String displayName, String hint, Instant start,
      Instant end) {}

  /** A certificate credential. */
  public record CertificateView(UUID keyId, String displayName, String thumbprint,
      Instant start, Instant end, X509Certificate certificate) {}

  /** An AD CS request. */
  public record CertificateRequestView(int requestId, String template, String requester,
      String disposition, String dispositionMessage, X509Certificate certificate) {}

  // ----- Entra -----

  public List<TenantView> tenants() {
    synchronized (directory) {
      return directory.tenants().stream().map(t ->
          new TenantView(t.name, t.id, t.domain, t.propagationDelay)).toList();
    }
  }

  /** The app with this client id or object id in the tenant (id, name or domain). */
  public Optional<AppView> app(String tenant, String appIdOrObjectId) {
    synchronized (directory) {
      Directory.TenantData data = tenantData(tenant);
      return data.byAppId(appIdOrObjectId).or(() -> data.byObjectId(appIdOrObjectId))
          .map(a -> view(data, a));
    }
  }

  /** Every app of a tenant, ordered by object id. */
  public List<AppView> apps(String tenant) {
    synchronized (directory) {
      Directory.TenantData data = tenantData(tenant);
      return data.appsByObjectId.values().stream().map(a -> view(data, a)).toList();
    }
  }

  /** Registers a new app; an administrator may manage every app of its tenant through Graph. */
  public AppView createApp(String tenant, String displayName, boolean administrator) {
    synchronized (directory) {
      Directory.TenantData data = tenantData(tenant);
      Directory.AppData app = data.addApp(UUID.randomUUID().toString(),
          UUID.randomUUID().toString(), displayName, clock.instant());
      app.administrator = administrator;
      return view(data, app);
    }
  }

  /**
   * Adds a client secret valid from now for {@code lifetime}, usable at once (no propagation
   * delay), and returns its value: the one place a test can learn it.
   */
  public String addSecret(String tenant, String appId, Duration lifetime) {
    synchronized (directory) {
      Directory.AppData app = appData(tenant, appId);
      String secret = GraphService.newSecretText();
      Instant now = clock.instant();
      app.passwords.add(new Directory.PasswordData(UUID.randomUUID(), "sandbox",
          secret.substring(0, 3), secret, now, now.plus(lifetime), now));
      return secret;
    }
  }

  /** Registers a certificate on the app (its own validity applies), usable at once. */
  public UUID addCertificate(String tenant, String appId, X509Certificate certificate) {
    synchronized (directory) {
      Directory.AppData app = appData(tenant, appId);
      UUID keyId = UUID.randomUUID();
      app.keys.add(new Directory.KeyData(keyId,
          certificate.getSubjectX500Principal().getName(), "AsymmetricX509Cert", "Verify",
          certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant(),
          certificate, clock.instant()));
      return keyId;
    }
  }

  /** Moves a secret's or certificate's end date to one second ago. */
  public void expireCredential(String tenant, String appId, UUID keyId) {
    synchronized (directory) {
      Directory.AppData app = appData(tenant, appId);
      Instant past = clock.instant().minusSeconds(1);
      for (int i = 0; i < app.passwords.size(); i++) {
        if (app.passwords.get(i).keyId().equals(keyId)) {
          app.passwords.set(i, app.passwords.get(i).withEnd(past));
          return;
        }
      }
      for (int i = 0; i < app.keys.size(); i++) {
        if (app.keys.get(i).keyId().equals(keyId)) {
          app.keys.set(i, app.keys.get(i).withEnd(past));
          return;
        }
      }
      throw new NoSuchElementException("no credential " + keyId + " on app " + appId);
    }
  }

  /** Applies a passwordLifetime restriction to the app; null removes it. */
  public void setSecretLifetimePolicy(String tenant, String appId, Duration maxLifetime) {
    synchronized (directory) {
      Directory.AppData app = appData(tenant, appId);
      app.secretMaxLifetime = maxLifetime;
      app.policyId = maxLifetime == null ? null
          : UUID.nameUUIDFromBytes(("policy:" + maxLifetime).getBytes()).toString();
    }
  }

  /** Sets how long new credentials of this tenant stay unusable at the token endpoint. */
  public void setPropagationDelay(String tenant, Duration delay) {
    synchronized (directory) {
      tenantData(tenant).propagationDelay = delay;
    }
  }

  // ----- Passwordstate -----

  /** The records of a password list, with every field as the API returns them. */
  public List<Map<String, Object>> passwordRecords(int listId) {
    synchronized (vault) {
      return vault.recordsOf(listId).stream().map(r -> copy(r)).toList();
    }
  }

  public Optional<Map<String, Object>> passwordRecord(int passwordId) {
    synchronized (vault) {
      return vault.record(passwordId).map(SandboxState::copy);
    }
  }

  /** The records of a list whose title is exactly {@code title}. */
  public List<Map<String, Object>> passwordRecordsTitled(int listId, String title) {
    synchronized (vault) {
      return vault.recordsOf(listId).stream().filter(r -> title.equals(r.get("Title")))
          .map(SandboxState::copy).toList();
    }
  }

  /** Adds a record to a list and returns its PasswordID. */
  public int addPasswordRecord(int listId, Map<String, Object> fields) {
    synchronized (vault) {
      return (Integer) vault.addRecord(listId, fields).get("PasswordID");
    }
  }

  /** Changes fields of an existing record. */
  public void updatePasswordRecord(int passwordId, Map<String, Object> fields) {
    synchronized (vault) {
      vault.record(passwordId).orElseThrow(() ->
          new NoSuchElementException("no password record " + passwordId)).putAll(fields);
    }
  }

  /** Creates a password list with its own API key. */
  public void addPasswordList(int listId, String name, String apiKey) {
    synchronized (vault) {
      vault.addList(listId, name, apiKey);
    }
  }

  /** Makes a list demand (or stop demanding) the Reason header. */
  public void requireReason(int listId, boolean required) {
    synchronized (vault) {
      vault.lists.get(listId).reasonRequired = required;
    }
  }

  /** A document's content. */
  public Optional<byte[]> document(int documentId) {
    synchronized (vault) {
      return Optional.ofNullable(vault.documents.get(documentId))
          .map(d -> d.content().clone());
    }
  }

  /** Attaches a document to a record and returns its DocumentID. */
  public int addDocument(int passwordId, String name, byte[] content) {
    synchronized (vault) {
      return vault.addDocument(passwordId, name, "", content).documentId();
    }
  }

  // ----- Ivanti -----

  /** Records of an entity set, such as {@code Task__Assignments} or {@code Journal__Notess}. */
  public List<Map<String, Object>> ivantiRecords(String entitySet) {
    synchronized (itsm) {
      String set = Itsm.canonicalSet(entitySet).orElseThrow(() ->
          new IllegalArgumentException("unknown entity set " + entitySet));
      return itsm.set(set).values().stream().map(SandboxState::copy).toList();
    }
  }

  public Optional<Map<String, Object>> ivantiRecord(String entitySet, String recId) {
    synchronized (itsm) {
      return Itsm.canonicalSet(entitySet).flatMap(s -> itsm.find(s, recId))
          .map(SandboxState::copy);
    }
  }

  /**
   * Opens a renewal: a service request with AppID and SecretType parameters and a Logged task
   * for the automation team. Returns the task's RecId.
   */
  public String openRenewalTask(String appId, String secretType) {
    synchronized (itsm) {
      Map<String, String> answers = new LinkedHashMap<>();
      answers.put("AppID", appId);
      answers.put("SecretType", secretType);
      Map<String, Object> serviceReq = IvantiService.seedRenewal(itsm, clock, answers,
          "Renew " + secretType + " of " + appId, "Credential expires soon");
      return itsm.set(Itsm.TASKS).values().stream()
          .filter(t -> serviceReq.get("RecId").equals(t.get("ParentLink_RecID")))
          .map(t -> String.valueOf(t.get("RecId"))).findFirst().orElseThrow();
    }
  }

  /** Whether a $filter without a match answers an empty body (true) or {"value":[]}. */
  public void setIvantiEmptyBodyOnNoMatch(boolean emptyBody) {
    synchronized (itsm) {
      itsm.emptyBodyOnNoMatch = emptyBody;
    }
  }

  // ----- AD CS -----

  public List<CertificateRequestView> certificateRequests() {
    synchronized (pki) {
      List<CertificateRequestView> views = new ArrayList<>();
      for (Pki.RequestData r : pki.requests.values()) {
        views.add(new CertificateRequestView(r.id, r.template, r.requester,
            r.disposition.name(), r.dispositionMessage.trim(), r.certificate));
      }
      return views;
    }
  }

  /** Issues a pending request. */
  public void approve(int requestId) {
    synchronized (pki) {
      adcs.issue(pendingRequest(requestId));
    }
  }

  /** Denies a pending request, as a CA manager would. */
  public void deny(int requestId) {
    synchronized (pki) {
      AdcsService.deny(pendingRequest(requestId), "Denied by Policy Module  0x80094012, The"
          + " request was denied by a certificate manager or CA administrator.\n");
    }
  }

  /** Adds or replaces a template; {@code holdForApproval} keeps its requests pending. */
  public void setTemplate(String name, Duration validity, boolean holdForApproval) {
    synchronized (pki) {
      pki.templates.put(name, new Pki.TemplateData(name, validity, holdForApproval));
    }
  }

  /** The CA certificate that issues enrolled certificates. */
  public X509Certificate issuingCaCertificate() {
    return pki.caCertificate;
  }

  // ----- request counts -----

  /** Requests seen by one endpoint, such as {@code graph.addPassword} or {@code entra.token}. */
  public long requestCount(String endpoint) {
    return counter.get(endpoint);
  }

  /** All request counts by endpoint name. */
  public Map<String, Long> requestCounts() {
    return counter.snapshot();
  }

  public void resetRequestCounts() {
    counter.reset();
  }

  // ----- helpers -----

  private Pki.RequestData pendingRequest(int requestId) {
    Pki.RequestData request = pki.requests.get(requestId);
    if (request == null || request.disposition != Pki.Disposition.PENDING) {
      throw new IllegalStateException("request " + requestId + " is not pending");
    }
    return request;
  }

  private Directory.TenantData tenantData(String tenant) {
    return directory.tenant(tenant).orElseThrow(() ->
        new NoSuchElementException("no tenant " + tenant));
  }

  private Directory.AppData appData(String tenant, String appId) {
    Directory.TenantData data = tenantData(tenant);
    return data.byAppId(appId).or(() -> data.byObjectId(appId)).orElseThrow(() ->
        new NoSuchElementException("no app " + appId + " in tenant " + tenant));
  }

  private static AppView view(Directory.TenantData tenant, Directory.AppData app) {
    return new AppView(tenant.id, app.objectId, app.appId, app.displayName, app.administrator,
        app.passwords.stream().map(p -> new SecretView(p.keyId(), p.displayName(), p.hint(),
            p.start(), p.end())).toList(),
        app.keys.stream().map(k -> new CertificateView(k.keyId(), k.displayName(),
            k.thumbprintHex(), k.start(), k.end(), k.certificate())).toList());
  }

  private static Map<String, Object> copy(Map<String, Object> record) {
    return new LinkedHashMap<>(record);
  }
}
