package io.entrarenewal.runner.service.observe;

import io.entrarenewal.core.domain.AddedSecret;
import io.entrarenewal.core.domain.AppRegistration;
import io.entrarenewal.core.domain.CertificateKeyPair;
import io.entrarenewal.core.domain.ClientId;
import io.entrarenewal.core.domain.Credential;
import io.entrarenewal.core.domain.Secret;
import io.entrarenewal.core.domain.Tenant;
import io.entrarenewal.core.domain.Verification;
import io.entrarenewal.core.port.out.Directory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Every credential of every app the last scan read, per tenant: the source of the expiry
 * gauges. It watches the directory's app listing as the scan streams it, so that the gauges
 * cover all credentials, not only the ones inside the renewal window, at no extra call.
 */
public final class CredentialInventory {

  /**
   * One credential as the gauges label it; never a secret value.
   *
   * @param tenant the tenant's name
   * @param app the app's display name
   * @param clientId the app's client id
   * @param credential the credential
   */
  public record Item(String tenant, String app, ClientId clientId, Credential credential) {}

  private final Map<String, List<Item>> byTenant = new ConcurrentHashMap<>();

  /** The credentials of the last complete listing, every tenant. */
  public List<Item> items() {
    List<Item> all = new ArrayList<>();
    byTenant.values().forEach(all::addAll);
    return all;
  }

  /** {@code directory} behind a decorator that records what each complete listing saw. */
  public Directory watching(Directory directory) {
    return new Watched(directory);
  }

  private void replace(String tenant, List<Item> items) {
    byTenant.put(tenant, List.copyOf(items));
  }

  /** Delegates every call; only the listing is observed. */
  private final class Watched implements Directory {
    private final Directory inner;

    Watched(Directory inner) {
      this.inner = inner;
    }

    @Override
    public void listApps(Tenant tenant, Consumer<AppRegistration> consumer) {
      List<Item> seen = new ArrayList<>();
      inner.listApps(tenant, app -> {
        app.credentials().forEach(c ->
            seen.add(new Item(tenant.name(), app.displayName(), app.clientId(), c)));
        consumer.accept(app);
      });
      // Only a complete listing replaces the last one; a broken one keeps the old numbers.
      replace(tenant.name(), seen);
    }

    @Override
    public Optional<AppRegistration> findApp(Tenant tenant, ClientId clientId) {
      return inner.findApp(tenant, clientId);
    }

    @Override
    public Optional<Set<String>> accountPermissions(Tenant tenant) {
      return inner.accountPermissions(tenant);
    }

    @Override
    public AddedSecret addSecret(
        Tenant tenant, AppRegistration app, String displayName, Instant end) {
      return inner.addSecret(tenant, app, displayName, end);
    }

    @Override
    public Credential addCertificate(Tenant tenant, AppRegistration app,
        CertificateKeyPair current, X509Certificate newCertificate, String displayName) {
      return inner.addCertificate(tenant, app, current, newCertificate, displayName);
    }

    @Override
    public Credential addCertificateAsAdministrator(Tenant tenant, AppRegistration app,
        X509Certificate newCertificate, String displayName) {
      return inner.addCertificateAsAdministrator(tenant, app, newCertificate, displayName);
    }

    @Override
    public void removeSecret(Tenant tenant, AppRegistration app, UUID keyId) {
      inner.removeSecret(tenant, app, keyId);
    }

    @Override
    public void removeCertificate(
        Tenant tenant, AppRegistration app, UUID keyId, CertificateKeyPair proofKey) {
      inner.removeCertificate(tenant, app, keyId, proofKey);
    }

    @Override
    public Verification verifySecret(Tenant tenant, ClientId clientId, Secret secret) {
      return inner.verifySecret(tenant, clientId, secret);
    }

    @Override
    public Verification verifyCertificate(
        Tenant tenant, ClientId clientId, CertificateKeyPair certificate) {
      return inner.verifyCertificate(tenant, clientId, certificate);
    }
  }
}
