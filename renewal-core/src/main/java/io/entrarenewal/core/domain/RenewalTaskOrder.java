package io.entrarenewal.core.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A renewal task the scanner asks the work queue to open.
 *
 * @param clientId the app's client id (the task's {@code AppID})
 * @param type secret or certificate (the task's {@code SecretType})
 * @param tenantName the tenant the app lives in
 * @param appDisplayName the app's display name, for the task's subject
 * @param expiry when the credential expires
 * @param daysLeft whole days left until then; negative once expired
 */
public record RenewalTaskOrder(
    ClientId clientId,
    CredentialType type,
    String tenantName,
    String appDisplayName,
    Instant expiry,
    long daysLeft) {

  /** Validates the fields. */
  public RenewalTaskOrder {
    Objects.requireNonNull(clientId, "'clientId' must not be null");
    Objects.requireNonNull(type, "'type' must not be null");
    Objects.requireNonNull(tenantName, "'tenantName' must not be null");
    Objects.requireNonNull(appDisplayName, "'appDisplayName' must not be null");
    Objects.requireNonNull(expiry, "'expiry' must not be null");
  }
}
