package io.entrarenewal.core.domain;

import java.util.Objects;

/**
 * A client secret just added to an app. Entra shows the value this once: it must reach the vault
 * or the credential must be removed again.
 *
 * @param credential the credential as Entra lists it
 * @param value the secret value
 */
public record AddedSecret(Credential credential, Secret value) {

  /** Validates the fields. */
  public AddedSecret {
    Objects.requireNonNull(credential, "'credential' must not be null");
    Objects.requireNonNull(value, "'value' must not be null");
  }
}
