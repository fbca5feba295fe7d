package io.entrarenewal.core.fakes;

import io.entrarenewal.core.domain.AddedSecret;
import io.entrarenewal.core.domain.AppRegistration;
import io.entrarenewal.core.domain.CertificateKeyPair;
import io.entrarenewal.core.domain.ClientId;
import io.entrarenewal.core.domain.Credential;
import io.entrarenewal.core.domain.CredentialType;
import io.entrarenewal.core.domain.ExternalSystem;
import io.entrarenewal.core.domain.RefusalReason;
import io.entrarenewal.core.domain.RefusedException;
import io.entrarenewal.core.domain.Secret;
import io.entrarenewal.core.domain.Tenant;
import io.entrarenewal.core.domain.Verification;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Entra ID in memory: apps per tenant with their credentials, the secret values it issued, and
 * the same rules the real service applies to self-service roll-over.
 */
public final class InMemoryDirectory implements io.entrarenewal.core.port.out.Directory {

  private static final ExternalSystem SYSTEM = ExternalSystem.DIRECTORY;

  private final Faults faults;
  private final Clock clock;
  private final Map<String, Map<ClientId, App>> tenants = new LinkedHashMap<>();
  private final Map<UUID, Secret> secretValues = new HashMap<>();
  private int secretsIssued;
  private Duration lifetimeLimit;

  /** One app's mutable state. */
  private static final class App {
    final String objectId;
    final ClientId clientId;
    final String displayName;
    final List<Credential> credentials = new ArrayList<>();

    App(String objectId, ClientId clientId, String displayName) {
      this.objectId = objectId;
      this.clientId = clientId;
      this.displayName = displayName;
    }
  }

  /** A directory whose calls go through {@code faults} and whose time is {@code clock}. */
  public InMemoryDirectory(Faults faults, Clock clock) {
    this.faults = faults;
    this.clock = clock;
  }

  /** Registers an app in a tenant. */
  public synchronized void addApp(String tenantName, ClientId clientId, String displayName) {
    tenants.computeIfAbsent(tenantName, t -> new LinkedHashMap<>())
        .put(clientId, new App(UUID.randomUUID().toString(), clientId, displayName));
  }

  /** Gives an app a secret with a known value, as if added earlier. */
  public synchronized Credential giveSecret(
      String tenantName, ClientId clientId, Secret value, Instant start, Instant end) {
    Credential credential = Credential.secret(UUID.randomUUID(), "existing", start, end);
    app(tenantName, clientId).credentials.add(credential);
    secretValues.put(credential.keyId(), value);
    return credential;
  }

  /** Registers a certificate on an app, valid from {@code start} to {@code end} in Entra. */
  public synchronized Credential giveCertificate(
      String tenantName, ClientId clientId, X509Certificate certificate, Instant start,
      Instant end) {
    Credential credential = Credential.certificate(UUID.randomUUID(), "existing", start, end,
        CertificateKeyPair.thumbprintOf(certificate));
    app(tenantName, clientId).credentials.add(credential);
    return credential;
  }

  /** Imitates a tenant policy that caps secret lifetimes. */
  public synchronized void limitSecretLifetime(Duration limit) {
    this.lifetimeLimit = limit;
  }

  /** The app as Entra lists it now. */
  public synchronized AppRegistration current(String tenantName, ClientId clientId) {
    return snapshot(tenantName, app(tenantName, clientId));
  }

  /** The value of a secret this directory issued or was given. */
  public synchronized Optional<Secret> secretValue(UUID keyId) {
    return Optional.ofNullable(secretValues.get(keyId));
  }

  /** How many secrets addSecret has created, removed ones included. */
  public synchronized int secretsIssued() {
    return secretsIssued;
  }

  @Override
  public Optional<AppRegistration> findApp(Tenant tenant, ClientId clientId) {
    return faults.call(SYSTEM, "directory.findApp", () -> {
      synchronized (this) {
        return Optional.ofNullable(tenants.getOrDefault(tenant.name(), Map.of()).get(clientId))
            .map(app -> snapshot(tenant.name(), app));
      }
    });
  }

  @Override
  public void listApps(Tenant tenant, Consumer<AppRegistration> consumer) {
    List<AppRegistration> apps = faults.call(SYSTEM, "directory.listApps", () -> {
      synchronized (this) {
        return tenants.getOrDefault(tenant.name(), Map.of()).values().stream()
            .map(app -> snapshot(tenant.name(), app))
            .collect(Collectors.toList());
      }
    });
    apps.forEach(consumer);
  }

  @Override
  public AddedSecret addSecret(
      Tenant tenant, AppRegistration app, String displayName, Instant end) {
    return faults.call(SYSTEM, "directory.addSecret", () -> {
      synchronized (this) {
        Instant now = clock.instant();
        if (lifetimeLimit != null && Duration.between(now, end).compareTo(lifetimeLimit) > 0) {
          throw new RefusedException(SYSTEM, RefusalReason.LIFETIME_POLICY,
              "Credential lifetime exceeds the max value allowed as per assigned policy 'p1'");
        }
        Credential credential = Credential.secret(UUID.randomUUID(), displayName, now, end);
        Secret value = Secret.of("s3cret-" + UUID.randomUUID());
        app(tenant.name(), app.clientId()).credentials.add(credential);
        secretValues.put(credential.keyId(), value);
        secretsIssued++;
        return new AddedSecret(credential, value);
      }
    });
  }

  @Override
  public Credential addCertificate(
      Tenant tenant, AppRegistration app, CertificateKeyPair current,
      X509Certificate newCertificate, String displayName) {
    return faults.call(SYSTEM, "directory.addCertificate", () -> {
      synchronized (this) {
        App state = app(tenant.name(), app.clientId());
        requireValidCertificate(state, current);
        return register(state, newCertificate, displayName);
      }
    });
  }

  @Override
  public Credential addCertificateAsAdministrator(
      Tenant tenant, AppRegistration app, X509Certificate newCertificate, String displayName) {
    return faults.call(SYSTEM, "directory.addCertificateAsAdministrator", () -> {
      synchronized (this) {
        return register(app(tenant.name(), app.clientId()), newCertificate, displayName);
      }
    });
  }

  @Override
  public void removeSecret(Tenant tenant, AppRegistration app, UUID keyId) {
    faults.run(SYSTEM, "directory.removeSecret", () -> {
      synchronized (this) {
        app(tenant.name(), app.clientId()).credentials.removeIf(c -> c.keyId().equals(keyId));
      }
    });
  }

  @Override
  public void removeCertificate(
      Tenant tenant, AppRegistration app, UUID keyId, CertificateKeyPair proofKey) {
    faults.run(SYSTEM, "directory.removeCertificate", () -> {
      synchronized (this) {
        App state = app(tenant.name(), app.clientId());
        requireValidCertificate(state, proofKey);
        state.credentials.removeIf(c -> c.keyId().equals(keyId));
      }
    });
  }

  @Override
  public Verification verifySecret(Tenant tenant, ClientId clientId, Secret secret) {
    return faults.call(SYSTEM, "directory.verifySecret", () -> {
      synchronized (this) {
        Instant now = clock.instant();
        boolean works = app(tenant.name(), clientId).credentials.stream()
            .filter(c -> c.type() == CredentialType.SECRET && c.isValidAt(now))
            .anyMatch(c -> secret.equals(secretValues.get(c.keyId())));
        return works ? new Verification.Verified(Duration.ZERO)
            : new Verification.NotVerified("AADSTS7000215: Invalid client secret provided.");
      }
    });
  }

  @Override
  public Verification verifyCertificate(
      Tenant tenant, ClientId clientId, CertificateKeyPair certificate) {
    return faults.call(SYSTEM, "directory.verifyCertificate", () -> {
      synchronized (this) {
        boolean works = validCertificate(app(tenant.name(), clientId), certificate).isPresent();
        return works ? new Verification.Verified(Duration.ZERO)
            : new Verification.NotVerified("AADSTS700027: the key was not found.");
      }
    });
  }

  private App app(String tenantName, ClientId clientId) {
    App app = tenants.getOrDefault(tenantName, Map.of()).get(clientId);
    if (app == null) {
      throw new RefusedException(SYSTEM, RefusalReason.PERMISSION_MISSING,
          "no app " + clientId + " in " + tenantName);
    }
    return app;
  }

  private Optional<Credential> validCertificate(App app, CertificateKeyPair pair) {
    Instant now = clock.instant();
    return app.credentials.stream()
        .filter(c -> c.type() == CredentialType.CERTIFICATE && c.isValidAt(now))
        .filter(c -> pair.thumbprint().equalsIgnoreCase(c.thumbprint()))
        .findFirst();
  }

  private void requireValidCertificate(App app, CertificateKeyPair proof) {
    if (validCertificate(app, proof).isEmpty()) {
      throw new RefusedException(SYSTEM, RefusalReason.SELF_SERVICE_REJECTED,
          "Authentication_MissingOrMalformed: no valid certificate " + proof.thumbprint()
              + " on app " + app.clientId);
    }
  }

  private static Credential register(App app, X509Certificate certificate, String displayName) {
    Credential credential = Credential.certificate(UUID.randomUUID(), displayName,
        certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant(),
        CertificateKeyPair.thumbprintOf(certificate));
    app.credentials.add(credential);
    return credential;
  }

  private static AppRegistration snapshot(String tenantName, App app) {
    return new AppRegistration(tenantName, app.objectId, app.clientId, app.displayName,
        app.credentials);
  }
}
