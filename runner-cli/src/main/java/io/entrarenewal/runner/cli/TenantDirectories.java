package io.entrarenewal.runner.cli;

import io.entrarenewal.core.domain.AddedSecret;
import io.entrarenewal.core.domain.AppRegistration;
import io.entrarenewal.core.domain.CertificateKeyPair;
import io.entrarenewal.core.domain.ClientId;
import io.entrarenewal.core.domain.Credential;
import io.entrarenewal.core.domain.RenewalException;
import io.entrarenewal.core.domain.Secret;
import io.entrarenewal.core.domain.Tenant;
import io.entrarenewal.core.domain.Verification;
import io.entrarenewal.core.port.out.Directory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The directory of tenants in different clouds: each call goes to the directory of the
 * tenant's cloud, so that a token or a secret never travels to another cloud's hosts.
 */
final class TenantDirectories implements Directory {

  private final Map<String, Directory> byTenant;

  TenantDirectories(Map<String, Directory> byTenant) {
    this.byTenant = Map.copyOf(byTenant);
  }

  @Override
  public Optional<AppRegistration> findApp(Tenant tenant, ClientId clientId) {
    return of(tenant).findApp(tenant, clientId);
  }

  @Override
  public void listApps(Tenant tenant, Consumer<AppRegistration> consumer) {
    of(tenant).listApps(tenant, consumer);
  }

  @Override
  public AddedSecret addSecret(Tenant tenant, AppRegistration app, String displayName,
      Instant end) {
    return of(tenant).addSecret(tenant, app, displayName, end);
  }

  @Override
  public Credential addCertificate(Tenant tenant, AppRegistration app,
      CertificateKeyPair current, X509Certificate newCertificate, String displayName) {
    return of(tenant).addCertificate(tenant, app, current, newCertificate, displayName);
  }

  @Override
  public Credential addCertificateAsAdministrator(Tenant tenant, AppRegistration app,
      X509Certificate newCertificate, String displayName) {
    return of(tenant).addCertificateAsAdministrator(tenant, app, newCertificate, displayName);
  }

  @Override
  public void removeSecret(Tenant tenant, AppRegistration app, UUID keyId) {
    of(tenant).removeSecret(tenant, app, keyId);
  }

  @Override
  public void removeCertificate(Tenant tenant, AppRegistration app, UUID keyId,
      CertificateKeyPair proofKey) {
    of(tenant).removeCertificate(tenant, app, keyId, proofKey);
  }

  @Override
  public Verification verifySecret(Tenant tenant, ClientId clientId, Secret secret) {
    return of(tenant).verifySecret(tenant, clientId, secret);
  }

  @Override
  public Verification verifyCertificate(Tenant tenant, ClientId clientId,
      CertificateKeyPair certificate) {
    return of(tenant).verifyCertificate(tenant, clientId, certificate);
  }

  private Directory of(Tenant tenant) {
    Directory directory = byTenant.get(tenant.name());
    if (directory == null) {
      throw new RenewalException("tenant " + tenant.name() + " is not configured");
    }
    return directory;
  }
}
