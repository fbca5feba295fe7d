package io.entrarenewal.core.service;

import io.entrarenewal.core.domain.AddedSecret;
import io.entrarenewal.core.domain.AppRegistration;
import io.entrarenewal.core.domain.Credential;
import io.entrarenewal.core.domain.CredentialType;
import io.entrarenewal.core.domain.ExternalSystemException;
import io.entrarenewal.core.domain.HandOverReason;
import io.entrarenewal.core.domain.MetadataKeys;
import io.entrarenewal.core.domain.RenewalOutcome;
import io.entrarenewal.core.domain.RenewalSettings;
import io.entrarenewal.core.domain.Secret;
import io.entrarenewal.core.domain.Step;
import io.entrarenewal.core.domain.VaultEntry;
import io.entrarenewal.core.domain.Verification;
import io.entrarenewal.core.port.out.Directory;
import io.entrarenewal.core.port.out.Vault;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renews a client secret: add it in Entra ID, store it in the vault, prove it works.
 *
 * <p>Entra shows a new secret's value once, so the flow keeps one rule: a secret this request
 * added is either in the vault or removed again. Every secret it adds carries the request id in
 * its display name; a re-run first looks for such secrets, keeps the one the vault holds and
 * removes the others, whose values were lost with an interrupted run. See docs/architecture.md.
 */
final class SecretRenewal {

  private static final Logger LOG = LoggerFactory.getLogger(SecretRenewal.class);

  private final RenewalSettings settings;
  private final Vault vault;
  private final Directory directory;
  private final AppLocator locator;
  private final Clock clock;

  SecretRenewal(
      RenewalSettings settings, Vault vault, Directory directory, AppLocator locator, Clock clock) {
    this.settings = settings;
    this.vault = vault;
    this.directory = directory;
    this.locator = locator;
    this.clock = clock;
  }

  RenewalOutcome renew(Attempt attempt) {
    VaultEntry entry = findEntry(attempt);
    String name = credentialName(attempt);
    Instant dueAfter = clock.instant().plus(settings.renewBefore());
    Optional<Credential> kept = storedBy(attempt.app(), entry, name)
        .or(() -> notDue(attempt.app(), entry, dueAfter));
    if (kept.isPresent()) {
      return verify(attempt, kept.get(), entry, readStoredValue(attempt, entry));
    }

    removeUnstored(attempt, entry, name);
    AddedSecret added = addSecret(attempt, entry, name);
    VaultEntry stored = store(attempt, entry, added);
    return verify(attempt, added.credential(), stored, added.value());
  }

  private RenewalOutcome verify(
      Attempt attempt, Credential credential, VaultEntry entry, Secret value) {
    Verification verification = attempt.step(Step.VERIFY, () -> directory.verifySecret(
        attempt.tenant(), attempt.app().clientId(), value));
    return Outcomes.verified(attempt, credential, entry, verification);
  }

  VaultEntry findEntry(Attempt attempt) {
    String listId = attempt.tenant().secretListId();
    String title = settings.secretTitle(attempt.app().displayName());
    return attempt.step(Step.FIND_VAULT_ENTRY, () -> vault.findEntry(listId, title))
        .orElseThrow(() -> attempt.handOver(
            HandOverReason.NO_VAULT_ENTRY,
            Step.FIND_VAULT_ENTRY,
            "The vault has no entry titled '" + title + "' in list " + listId + " for app "
                + attempt.app().displayName() + " (" + attempt.app().clientId() + ")."));
  }

  String credentialName(Attempt attempt) {
    return settings.credentialName(attempt.request().requestId());
  }

  /** The secret this request added and the vault already holds, if an earlier run got that far. */
  static Optional<Credential> storedBy(AppRegistration app, VaultEntry entry, String name) {
    Optional<String> storedKeyId = entry.metadata(MetadataKeys.KEY_ID);
    return ours(app, name).stream()
        .filter(c -> storedKeyId.map(id -> id.equalsIgnoreCase(c.keyId().toString())).orElse(false))
        .findFirst();
  }

  /**
   * The secret the vault holds, when it is registered on the app and outlives the renewal
   * window: renewing it again would only add a credential (a second task for the same app, say).
   */
  static Optional<Credential> notDue(AppRegistration app, VaultEntry entry, Instant dueAfter) {
    return entry.metadata(MetadataKeys.KEY_ID)
        .flatMap(id -> app.credentials(CredentialType.SECRET).stream()
            .filter(c -> c.keyId().toString().equalsIgnoreCase(id))
            .findFirst())
        .filter(c -> c.end().isAfter(dueAfter));
  }

  /** Secrets this request added that the vault does not hold: their values are lost. */
  static List<Credential> unstored(AppRegistration app, VaultEntry entry, String name) {
    Optional<Credential> stored = storedBy(app, entry, name);
    return ours(app, name).stream().filter(c -> !stored.equals(Optional.of(c))).toList();
  }

  private static List<Credential> ours(AppRegistration app, String name) {
    return app.credentials(CredentialType.SECRET).stream()
        .filter(c -> c.displayName().equals(name))
        .toList();
  }

  private Secret readStoredValue(Attempt attempt, VaultEntry entry) {
    return attempt.step(Step.VERIFY, () -> vault.readPassword(entry))
        .orElseThrow(() -> attempt.failed(Step.VERIFY,
            entry.describe() + " names the new secret but holds no value.", false));
  }

  private void removeUnstored(Attempt attempt, VaultEntry entry, String name) {
    for (Credential orphan : unstored(attempt.app(), entry, name)) {
      attempt.run(Step.REMOVE_ORPHAN, () -> directory.removeSecret(
          attempt.tenant(), attempt.app(), orphan.keyId()));
      LOG.info("Removed secret {} of app {} that an interrupted run added but could not store",
          orphan.keyId(), attempt.app().clientId());
    }
  }

  /**
   * Adds the secret. When the call fails for a passing reason, an interrupted add may still have
   * created a secret whose value we never saw: look, remove it, and try once more.
   */
  private AddedSecret addSecret(Attempt attempt, VaultEntry entry, String name) {
    Instant end = clock.instant().plus(settings.secretValidity());
    try {
      return directory.addSecret(attempt.tenant(), attempt.app(), name, end);
    } catch (ExternalSystemException first) {
      if (!first.isTransient()) {
        throw attempt.stop(Step.ADD_SECRET, first);
      }
      LOG.warn("Adding a secret to app {} failed ({}); checking what took effect",
          attempt.app().clientId(), first.kind());
      locator.reload(attempt, Step.ADD_SECRET);
      removeUnstored(attempt, entry, name);
      return attempt.step(Step.ADD_SECRET,
          () -> directory.addSecret(attempt.tenant(), attempt.app(), name, end));
    }
  }

  /**
   * Stores the new secret with its metadata in one update. If that fails, the secret is removed
   * again, unless a read-back shows the update did land after all.
   */
  private VaultEntry store(Attempt attempt, VaultEntry entry, AddedSecret added) {
    Map<String, String> metadata = Map.of(
        MetadataKeys.KEY_ID, added.credential().keyId().toString(),
        MetadataKeys.START, added.credential().start().toString(),
        MetadataKeys.END, added.credential().end().toString(),
        MetadataKeys.REQUEST, attempt.request().requestId());
    try {
      return vault.update(entry, Optional.of(added.value()), metadata);
    } catch (ExternalSystemException e) {
      Optional<VaultEntry> landed = readBackIfAmbiguous(e, entry, added);
      if (landed.isPresent()) {
        return landed.get();
      }
      throw compensate(attempt, added, e);
    }
  }

  private Optional<VaultEntry> readBackIfAmbiguous(
      ExternalSystemException failure, VaultEntry entry, AddedSecret added) {
    if (failure.kind() != ExternalSystemException.Kind.AMBIGUOUS) {
      return Optional.empty();
    }
    try {
      return vault.findEntry(entry.listId(), entry.title())
          .filter(e -> e.metadata(MetadataKeys.KEY_ID)
              .map(id -> id.equalsIgnoreCase(added.credential().keyId().toString()))
              .orElse(false));
    } catch (ExternalSystemException readBack) {
      return Optional.empty();
    }
  }

  private FlowStop compensate(Attempt attempt, AddedSecret added, ExternalSystemException cause) {
    String keyId = added.credential().keyId().toString();
    try {
      directory.removeSecret(attempt.tenant(), attempt.app(), added.credential().keyId());
      return attempt.failed(Step.STORE_SECRET, Attempt.describe(cause)
          + " The new secret " + keyId + " was removed from the app again; nothing changed.",
          cause.isTransient());
    } catch (ExternalSystemException removal) {
      LOG.warn("Could not remove unstored secret {} of app {}: {}; the next run removes it",
          keyId, attempt.app().clientId(), removal.getMessage());
      return attempt.failed(Step.STORE_SECRET, Attempt.describe(cause)
          + " The new secret " + keyId + " could not be removed either ("
          + removal.getMessage() + "); running this request again removes it.", true);
    }
  }
}
