package io.entrarenewal.core.domain;

import java.util.Objects;

/**
 * A service account read from the vault (Graph, PKI or ITSM credentials).
 *
 * @param userName the account's user name (for Graph accounts, the client id); may be empty
 * @param password its secret
 */
public record SystemAccount(String userName, Secret password) {

  /** Validates the fields. */
  public SystemAccount {
    Objects.requireNonNull(userName, "'userName' must not be null");
    Objects.requireNonNull(password, "'password' must not be null");
  }
}
