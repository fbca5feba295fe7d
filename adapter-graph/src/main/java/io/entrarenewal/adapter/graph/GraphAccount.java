package io.entrarenewal.adapter.graph;

import io.entrarenewal.core.domain.Secret;
import java.util.Objects;

/**
 * The administrator or automation account this tool uses in one tenant: an app registration
 * that signs in with a client secret. Its {@link #toString()} masks the secret.
 *
 * @param clientId the account's application (client) id
 * @param secret its client secret
 */
public record GraphAccount(String clientId, Secret secret) {

  /** Validates the fields. */
  public GraphAccount {
    Objects.requireNonNull(clientId, "'clientId' must not be null");
    Objects.requireNonNull(secret, "'secret' must not be null");
    if (clientId.isBlank()) {
      throw new IllegalArgumentException("'clientId' must not be blank");
    }
  }
}
