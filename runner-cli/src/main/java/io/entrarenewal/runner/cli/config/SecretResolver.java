package io.entrarenewal.runner.cli.config;

import io.entrarenewal.core.domain.Secret;
import io.entrarenewal.core.domain.SystemAccount;

/**
 * Turns a reference of the configuration into the secret it names. Adapters call it when they
 * need a key or a password, so that secrets are read as late as possible and never kept in the
 * configuration.
 */
@FunctionalInterface
public interface SecretResolver {

  /**
   * The secret the reference names.
   *
   * @throws io.entrarenewal.core.domain.RenewalException when it cannot be read; the message
   *     names the reference, never a value
   */
  Secret resolve(SecretRef reference);

  /**
   * The account a reference names: a Passwordstate entry's user name and password, or
   * {@code userName} with the secret of an environment or file reference.
   *
   * @param userName the account's user name when the reference does not hold one; may be null
   */
  default SystemAccount account(SecretRef reference, String userName) {
    return new SystemAccount(userName == null ? "" : userName, resolve(reference));
  }
}
