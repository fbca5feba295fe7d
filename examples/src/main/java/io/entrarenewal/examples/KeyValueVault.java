package io.entrarenewal.examples;

import io.entrarenewal.core.domain.ExternalSystem;
import io.entrarenewal.core.domain.ExternalSystemException;
import io.entrarenewal.core.domain.Secret;
import io.entrarenewal.core.domain.SystemAccount;
import io.entrarenewal.core.domain.VaultEntry;
import io.entrarenewal.core.port.out.Vault;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Your own vault: the {@link Vault} port on a key-value secret store, such as the one your
 * company already runs. An entry is a folder of keys: {@code <list>/<title>/password},
 * {@code <list>/<title>/username}, {@code <list>/<title>/meta/<key>} and
 * {@code <list>/<title>/doc/<id>}. Paths are unique, so a title is never ambiguous here.
 */
public final class KeyValueVault implements Vault {

  /** The store underneath: read, write and delete one value, list a folder's keys. */
  public interface KeyValueStore {
    /** The value at {@code path}; empty when there is none. */
    Optional<String> get(String path);

    /** Writes the value at {@code path}. */
    void put(String path, String value);

    /** Removes the value at {@code path}, if any. */
    void delete(String path);

    /** The names directly below {@code folder} (without the folder's own path). */
    Iterable<String> list(String folder);
  }

  private final KeyValueStore store;

  /** A vault on {@code store}. */
  public KeyValueVault(KeyValueStore store) {
    this.store = store;
  }

  @Override
  public Optional<VaultEntry> findEntry(String listId, String title) {
    String folder = folder(listId, title);
    if (store.get(folder + "password").isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new VaultEntry(listId, folder, title, metadata(folder)));
  }

  @Override
  public Optional<Secret> readPassword(VaultEntry entry) {
    return store.get(entry.entryId() + "password").filter(p -> !p.isEmpty()).map(Secret::of);
  }

  @Override
  public VaultEntry update(VaultEntry entry, Optional<Secret> password,
      Map<String, String> metadata) {
    // A store without transactions: the password first, so that a crash between the writes
    // never loses a new secret; the metadata that names it follows, and a re-run of the same
    // request finds its credential by name and converges.
    password.ifPresent(secret -> store.put(entry.entryId() + "password", secret.reveal()));
    metadata.forEach((key, value) -> {
      if (value.isEmpty()) {
        store.delete(entry.entryId() + "meta/" + key);
      } else {
        store.put(entry.entryId() + "meta/" + key, value);
      }
    });
    return new VaultEntry(entry.listId(), entry.entryId(), entry.title(),
        metadata(entry.entryId()));
  }

  @Override
  public String storeDocument(VaultEntry entry, String fileName, byte[] content) {
    String documentId = UUID.randomUUID().toString();
    store.put(entry.entryId() + "doc/" + documentId, Base64.getEncoder().encodeToString(content));
    return documentId;
  }

  @Override
  public byte[] readDocument(VaultEntry entry, String documentId) {
    String encoded = store.get(entry.entryId() + "doc/" + documentId)
        .orElseThrow(() -> refused("no document " + documentId + " on " + entry.describe()));
    return Base64.getDecoder().decode(encoded);
  }

  @Override
  public Optional<String> findLegacyDocumentId(VaultEntry entry) {
    return Optional.empty(); // every document this store holds was written with its id
  }

  @Override
  public SystemAccount readAccount(String listId, String title) {
    String folder = folder(listId, title);
    String userName = store.get(folder + "username")
        .orElseThrow(() -> refused("no account '" + title + "' in list " + listId));
    Secret password = store.get(folder + "password").map(Secret::of)
        .orElseThrow(() -> refused("account '" + title + "' in list " + listId + " has no "
            + "password"));
    return new SystemAccount(userName, password);
  }

  private Map<String, String> metadata(String folder) {
    Map<String, String> metadata = new LinkedHashMap<>();
    for (String key : store.list(folder + "meta/")) {
      store.get(folder + "meta/" + key).ifPresent(value -> metadata.put(key, value));
    }
    return metadata;
  }

  private static ExternalSystemException refused(String message) {
    return new ExternalSystemException(ExternalSystem.VAULT, ExternalSystemException.Kind.REFUSED,
        message);
  }

  private static String folder(String listId, String title) {
    return listId + "/" + title + "/";
  }
}
