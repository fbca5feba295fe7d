package io.entrarenewal.core.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A credential of an app registration as Entra ID lists it. It never holds the secret value.
 *
 * @param type secret or certificate
 * @param keyId Entra's key id
 * @param displayName the display name, possibly empty
 * @param start when it becomes valid
 * @param end when it expires
 * @param thumbprint the certificate's SHA-1 thumbprint in upper-case hex; null for secrets
 */
public record Credential(
    CredentialType type,
    UUID keyId,
    String displayName,
    Instant start,
    Instant end,
    String thumbprint) {

  /** Validates the fields; a missing display name becomes empty. */
  public Credential {
    Objects.requireNonNull(type, "'type' must not be null");
    Objects.requireNonNull(keyId, "'keyId' must not be null");
    Objects.requireNonNull(start, "'start' must not be null");
    Objects.requireNonNull(end, "'end' must not be null");
    displayName = displayName == null ? "" : displayName;
  }

  /** A secret credential. */
  public static Credential secret(UUID keyId, String displayName, Instant start, Instant end) {
    return new Credential(CredentialType.SECRET, keyId, displayName, start, end, null);
  }

  /** A certificate credential. */
  public static Credential certificate(
      UUID keyId, String displayName, Instant start, Instant end, String thumbprint) {
    return new Credential(CredentialType.CERTIFICATE, keyId, displayName, start, end, thumbprint);
  }

  /** The thumbprint of a certificate credential. */
  public Optional<String> thumbprintIfAny() {
    return Optional.ofNullable(thumbprint);
  }

  /** Whether the credential is valid at {@code now}. */
  public boolean isValidAt(Instant now) {
    return !now.isBefore(start) && now.isBefore(end);
  }

  /** Time left until expiry from {@code now}; negative once expired. */
  public Duration timeLeft(Instant now) {
    return Duration.between(now, end);
  }
}
