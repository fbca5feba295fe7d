package io.entrarenewal.core.port.out;

import io.entrarenewal.core.domain.AddedSecret;
import io.entrarenewal.core.domain.AppRegistration;
import io.entrarenewal.core.domain.CertificateKeyPair;
import io.entrarenewal.core.domain.ClientId;
import io.entrarenewal.core.domain.Credential;
import io.entrarenewal.core.domain.Secret;
import io.entrarenewal.core.domain.Tenant;
import io.entrarenewal.core.domain.Verification;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Entra ID: app registrations, their credentials and the token endpoint.
 *
 * <p>Every method throws {@link io.entrarenewal.core.domain.ExternalSystemException} when Entra
 * or Graph fails; an {@code AMBIGUOUS} kind means the change may have been made. Implementations
 * must be safe for use by several threads.
 */
public interface Directory {

  /**
   * The application permissions this tool's account holds in the tenant, named as the
   * directory names them (in Entra ID the app roles of its token, such as
   * {@code Application.ReadWrite.All}); empty when the directory cannot tell. Used by preflight
   * checks only: an operation the account may not do is refused when it is tried in any case.
   */
  default Optional<Set<String>> accountPermissions(Tenant tenant) {
    return Optional.empty();
  }

  /** The app registration with this client id in the tenant; empty when the tenant has none. */
  Optional<AppRegistration> findApp(Tenant tenant, ClientId clientId);

  /**
   * Streams every app registration of the tenant with its credentials, page by page, to the
   * consumer, without holding the tenant in memory.
   */
  void listApps(Tenant tenant, Consumer<AppRegistration> consumer);

  /**
   * Adds a client secret valid until {@code end}, named {@code displayName}.
   *
   * @throws io.entrarenewal.core.domain.RefusedException with reason
   *     {@link io.entrarenewal.core.domain.RefusalReason#LIFETIME_POLICY} when a tenant policy
   *     forbids that lifetime
   */
  AddedSecret addSecret(Tenant tenant, AppRegistration app, String displayName, Instant end);

  /**
   * Adds a certificate the app's way: a token acquired with the current certificate and a proof
   * of possession signed by its key (no administrator rights needed).
   *
   * @param current a currently valid certificate of the app, with its private key
   * @param newCertificate the certificate to add (public part only leaves the process)
   * @throws io.entrarenewal.core.domain.RefusedException with reason
   *     {@link io.entrarenewal.core.domain.RefusalReason#SELF_SERVICE_REJECTED} when Entra
   *     refuses the token or the proof
   */
  Credential addCertificate(
      Tenant tenant,
      AppRegistration app,
      CertificateKeyPair current,
      X509Certificate newCertificate,
      String displayName);

  /**
   * Adds a certificate with the tenant's administrator account, keeping every existing key
   * credential; for apps that have no valid certificate left.
   */
  Credential addCertificateAsAdministrator(
      Tenant tenant, AppRegistration app, X509Certificate newCertificate, String displayName);

  /** Removes a client secret. Removing one that is already gone is harmless. */
  void removeSecret(Tenant tenant, AppRegistration app, UUID keyId);

  /**
   * Removes a certificate, proving possession with {@code proofKey} (a valid certificate of the
   * app). Removing one that is already gone is harmless.
   */
  void removeCertificate(
      Tenant tenant, AppRegistration app, UUID keyId, CertificateKeyPair proofKey);

  /** Proves a client secret works by acquiring a token with it, waiting out propagation. */
  Verification verifySecret(Tenant tenant, ClientId clientId, Secret secret);

  /** Proves a certificate works by acquiring a token with it, waiting out propagation. */
  Verification verifyCertificate(Tenant tenant, ClientId clientId, CertificateKeyPair certificate);
}
