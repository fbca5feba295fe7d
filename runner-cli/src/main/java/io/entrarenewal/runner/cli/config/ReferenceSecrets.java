package io.entrarenewal.runner.cli.config;

import io.entrarenewal.core.domain.RenewalException;
import io.entrarenewal.core.domain.Secret;
import io.entrarenewal.core.domain.SystemAccount;
import io.entrarenewal.core.port.out.Vault;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Resolves references from the environment, from files, and from Passwordstate entries through
 * core's {@link Vault} port. The vault is asked for lazily, so that commands which need no
 * vault secret never open it.
 */
public final class ReferenceSecrets implements SecretResolver {

  private final Map<String, String> environment;
  private final Supplier<Vault> vault;

  private ReferenceSecrets(Map<String, String> environment, Supplier<Vault> vault) {
    this.environment = Map.copyOf(environment);
    this.vault = vault;
  }

  /**
   * Resolves environment and file references only: what opens Passwordstate itself.
   *
   * @param environment the process environment
   */
  public static ReferenceSecrets bootstrap(Map<String, String> environment) {
    return new ReferenceSecrets(environment, null);
  }

  /**
   * Resolves every kind of reference; Passwordstate entries are read through {@code vault}.
   *
   * @param environment the process environment
   * @param vault gives the vault when a Passwordstate reference is first resolved
   */
  public static ReferenceSecrets withVault(Map<String, String> environment, Supplier<Vault> vault) {
    return new ReferenceSecrets(environment, Objects.requireNonNull(vault, "'vault' is null"));
  }

  @Override
  public Secret resolve(SecretRef reference) {
    Objects.requireNonNull(reference, "'reference' must not be null");
    if (reference instanceof SecretRef.Env env) {
      return fromEnvironment(env);
    }
    if (reference instanceof SecretRef.File file) {
      return fromFile(file);
    }
    return fromVault((SecretRef.Passwordstate) reference);
  }

  @Override
  public SystemAccount account(SecretRef reference, String userName) {
    if (reference instanceof SecretRef.Passwordstate entry) {
      requireVault(entry);
      return vault.get().readAccount(entry.listId(), entry.title());
    }
    return SecretResolver.super.account(reference, userName);
  }

  private Secret fromEnvironment(SecretRef.Env env) {
    String value = environment.get(env.name());
    if (value == null || value.isBlank()) {
      throw new RenewalException(env.describe() + " is not set");
    }
    return Secret.of(value.strip());
  }

  private static Secret fromFile(SecretRef.File file) {
    try {
      String value = Files.readString(file.path(), StandardCharsets.UTF_8).strip();
      if (value.isEmpty()) {
        throw new RenewalException(file.describe() + " is empty");
      }
      return Secret.of(value);
    } catch (IOException e) {
      throw new RenewalException(file.describe() + " cannot be read: "
          + e.getClass().getSimpleName(), e);
    }
  }

  private Secret fromVault(SecretRef.Passwordstate entry) {
    requireVault(entry);
    return vault.get().readAccount(entry.listId(), entry.title()).password();
  }

  private void requireVault(SecretRef.Passwordstate entry) {
    if (vault == null) {
      throw new RenewalException(entry.describe() + " cannot be read before the vault is open;"
          + " the keys that open Passwordstate must come from env or file");
    }
  }
}
