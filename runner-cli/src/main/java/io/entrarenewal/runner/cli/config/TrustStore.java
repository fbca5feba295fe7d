package io.entrarenewal.runner.cli.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A key store of CA certificates to trust for one system, in addition to nothing: when it is
 * set, only these CAs are trusted for that system. TLS verification is never switched off.
 *
 * @param path the key store file
 * @param type PKCS12 or JKS
 * @param password the store's password; null for a store without one
 */
public record TrustStore(Path path, String type, SecretRef password) {

  /** Validates the fields. */
  public TrustStore {
    Objects.requireNonNull(path, "'path' must not be null");
    Objects.requireNonNull(type, "'type' must not be null");
  }

  /** The password reference, when the store has one. */
  public Optional<SecretRef> passwordIfAny() {
    return Optional.ofNullable(password);
  }
}
