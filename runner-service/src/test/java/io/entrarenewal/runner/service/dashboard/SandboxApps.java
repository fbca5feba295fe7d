package io.entrarenewal.runner.service.dashboard;

import io.entrarenewal.core.domain.AddedSecret;
import io.entrarenewal.core.domain.AppRegistration;
import io.entrarenewal.core.domain.CertificateKeyPair;
import io.entrarenewal.core.domain.ClientId;
import io.entrarenewal.core.domain.Credential;
import io.entrarenewal.core.domain.Secret;
import io.entrarenewal.core.domain.Tenant;
import io.entrarenewal.core.domain.Verification;
import io.entrarenewal.core.port.out.Directory;
import io.entrarenewal.sandbox.SandboxState;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The sandbox's app registrations read straight from its state, as a directory that can only
 * list them: enough for core's scan, which the dashboard's browser test runs over the demo world.
 */
final class SandboxApps implements Directory {

  private final SandboxState state;

  SandboxApps(SandboxState state) {
    this.state = state;
  }

  @Override
  public void listApps(Tenant tenant, Consumer<AppRegistration> consumer) {
    state.apps(tenant.name()).stream().map(app -> registration(tenant, app)).forEach(consumer);
  }

  @Override
  public Optional<AppRegistration> findApp(Tenant tenant, ClientId clientId) {
    return state.app(tenant.name(), clientId.value()).map(app -> registration(tenant, app));
  }

  private static AppRegistration registration(Tenant tenant, SandboxState.AppView app) {
    List<Credential> credentials = new ArrayList<>();
    app.secrets().forEach(secret -> credentials.add(Credential.secret(
        secret.keyId(), secret.displayName(), secret.start(), secret.end())));
    app.certificates().forEach(certificate -> credentials.add(Credential.certificate(
        certificate.keyId(), certificate.displayName(), certificate.start(), certificate.end(),
        certificate.thumbprint())));
    return new AppRegistration(tenant.name(), app.objectId(), new ClientId(app.appId()),
        app.displayName(), credentials);
  }

  @Override
  public AddedSecret addSecret(Tenant tenant, AppRegistration app, String name, Instant end) {
    throw readOnly();
  }

  @Override
  public Credential addCertificate(Tenant tenant, AppRegistration app,
      CertificateKeyPair current, X509Certificate newCertificate, String displayName) {
    throw readOnly();
  }

  @Override
  public Credential addCertificateAsAdministrator(Tenant tenant, AppRegistration app,
      X509Certificate newCertificate, String displayName) {
    throw readOnly();
  }

  @Override
  public void removeSecret(Tenant tenant, AppRegistration app, UUID keyId) {
    throw readOnly();
  }

  @Override
  public void removeCertificate(Tenant tenant, AppRegistration app, UUID keyId,
      CertificateKeyPair proofKey) {
    throw readOnly();
  }

  @Override
  public Verification verifySecret(Tenant tenant, ClientId clientId, Secret secret) {
    throw readOnly();
  }

  @Override
  public Verification verifyCertificate(Tenant tenant, ClientId clientId,
      CertificateKeyPair certificate) {
    throw readOnly();
  }

  private static UnsupportedOperationException readOnly() {
    return new UnsupportedOperationException("this directory only lists the sandbox's apps");
  }
}
