package io.entrarenewal.core.domain;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * An app registration (an application object) in one tenant, with its credentials.
 *
 * @param tenantName the configured name of the tenant it lives in
 * @param objectId the application object's id (not the client id)
 * @param clientId the application (client) id
 * @param displayName the display name, which also names its vault entries
 * @param credentials its secrets and certificates
 */
public record AppRegistration(
    String tenantName,
    String objectId,
    ClientId clientId,
    String displayName,
    List<Credential> credentials) {

  /** Validates the fields and copies the credential list. */
  public AppRegistration {
    Objects.requireNonNull(tenantName, "'tenantName' must not be null");
    Objects.requireNonNull(objectId, "'objectId' must not be null");
    Objects.requireNonNull(clientId, "'clientId' must not be null");
    Objects.requireNonNull(displayName, "'displayName' must not be null");
    credentials = List.copyOf(credentials);
  }

  /** The credentials of one type. */
  public List<Credential> credentials(CredentialType type) {
    return credentials.stream().filter(c -> c.type() == type).toList();
  }

  /** The credential with this key id, if the app has it. */
  public Optional<Credential> credential(UUID keyId) {
    return credentials.stream().filter(c -> c.keyId().equals(keyId)).findFirst();
  }

  /** The certificate credential with this thumbprint (case-insensitive), if the app has it. */
  public Optional<Credential> certificateWithThumbprint(String thumbprint) {
    return credentials(CredentialType.CERTIFICATE).stream()
        .filter(c -> c.thumbprint() != null && c.thumbprint().equalsIgnoreCase(thumbprint))
        .findFirst();
  }
}
