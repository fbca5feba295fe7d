package io.entrarenewal.core.fakes;

import io.entrarenewal.core.domain.ExternalSystem;
import io.entrarenewal.core.domain.ExternalSystemException;
import io.entrarenewal.core.domain.RefusalReason;
import io.entrarenewal.core.domain.RefusedException;
import io.entrarenewal.core.domain.Secret;
import io.entrarenewal.core.domain.SystemAccount;
import io.entrarenewal.core.domain.VaultEntry;
import io.entrarenewal.core.port.out.Vault;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The password vault in memory: lists of entries with a password, metadata and documents. */
public final class InMemoryVault implements Vault {

  private static final ExternalSystem SYSTEM = ExternalSystem.VAULT;

  private final Faults faults;
  private final List<Entry> entries = new ArrayList<>();
  private final Map<String, byte[]> documents = new LinkedHashMap<>();
  private int nextId = 1000;

  /** One entry's mutable state. */
  private static final class Entry {
    final String listId;
    final String id;
    final String title;
    String userName = "";
    Secret password;
    final Map<String, String> metadata = new HashMap<>();
    final List<String> documentIds = new ArrayList<>();

    Entry(String listId, String id, String title) {
      this.listId = listId;
      this.id = id;
      this.title = title;
    }
  }

  /** A vault whose calls go through {@code faults}. */
  public InMemoryVault(Faults faults) {
    this.faults = faults;
  }

  /** Adds an entry and returns its id. */
  public synchronized String addEntry(
      String listId, String title, Secret password, Map<String, String> metadata) {
    Entry entry = new Entry(listId, String.valueOf(nextId++), title);
    entry.password = password;
    entry.metadata.putAll(metadata);
    entries.add(entry);
    return entry.id;
  }

  /** Adds a service account entry. */
  public synchronized void addAccount(String listId, String title, String userName, Secret pw) {
    addEntry(listId, title, pw, Map.of());
    entries.get(entries.size() - 1).userName = userName;
  }

  /** Attaches a document to an entry directly and returns its id. */
  public synchronized String attach(String entryId, byte[] content) {
    String id = "doc-" + nextId++;
    documents.put(id, content.clone());
    entry(entryId).documentIds.add(id);
    return id;
  }

  /** The entry's password as it is now. */
  public synchronized Optional<Secret> password(String listId, String title) {
    return find(listId, title).map(e -> e.password);
  }

  /** The entry's metadata as it is now. */
  public synchronized Map<String, String> metadata(String listId, String title) {
    return find(listId, title).map(e -> Map.copyOf(e.metadata)).orElse(Map.of());
  }

  /** A document's content. */
  public synchronized byte[] document(String documentId) {
    return documents.get(documentId).clone();
  }

  /** How many documents the entry has. */
  public synchronized int documentCount(String listId, String title) {
    return find(listId, title).map(e -> e.documentIds.size()).orElse(0);
  }

  @Override
  public Optional<VaultEntry> findEntry(String listId, String title) {
    return faults.call(SYSTEM, "vault.findEntry", () -> {
      synchronized (this) {
        List<Entry> matches = entries.stream()
            .filter(e -> e.listId.equals(listId) && e.title.equals(title)).toList();
        if (matches.size() > 1) {
          throw new RefusedException(SYSTEM, RefusalReason.AMBIGUOUS_VAULT_ENTRY,
              matches.size() + " entries titled '" + title + "' in list " + listId);
        }
        return matches.stream().findFirst().map(InMemoryVault::view);
      }
    });
  }

  @Override
  public Optional<Secret> readPassword(VaultEntry entry) {
    return faults.call(SYSTEM, "vault.readPassword", () -> {
      synchronized (this) {
        return Optional.ofNullable(entry(entry.entryId()).password);
      }
    });
  }

  @Override
  public VaultEntry update(
      VaultEntry entry, Optional<Secret> password, Map<String, String> metadata) {
    return faults.call(SYSTEM, "vault.update", () -> {
      synchronized (this) {
        Entry stored = entry(entry.entryId());
        password.ifPresent(p -> stored.password = p);
        metadata.forEach((key, value) -> {
          if (value.isEmpty()) {
            stored.metadata.remove(key);
          } else {
            stored.metadata.put(key, value);
          }
        });
        return view(stored);
      }
    });
  }

  @Override
  public String storeDocument(VaultEntry entry, String fileName, byte[] content) {
    return faults.call(SYSTEM, "vault.storeDocument", () -> attach(entry.entryId(), content));
  }

  @Override
  public byte[] readDocument(VaultEntry entry, String documentId) {
    return faults.call(SYSTEM, "vault.readDocument", () -> {
      synchronized (this) {
        if (!entry(entry.entryId()).documentIds.contains(documentId)) {
          throw new ExternalSystemException(SYSTEM, ExternalSystemException.Kind.REFUSED,
              "no document " + documentId + " on " + entry.describe());
        }
        return documents.get(documentId).clone();
      }
    });
  }

  @Override
  public Optional<String> findLegacyDocumentId(VaultEntry entry) {
    return faults.call(SYSTEM, "vault.findLegacyDocumentId", Optional::empty);
  }

  @Override
  public SystemAccount readAccount(String listId, String title) {
    return faults.call(SYSTEM, "vault.readAccount", () -> {
      synchronized (this) {
        Entry entry = find(listId, title).orElseThrow(() -> new ExternalSystemException(SYSTEM,
            ExternalSystemException.Kind.REFUSED, "no account '" + title + "' in " + listId));
        return new SystemAccount(entry.userName, entry.password);
      }
    });
  }

  private Optional<Entry> find(String listId, String title) {
    return entries.stream()
        .filter(e -> e.listId.equals(listId) && e.title.equals(title)).findFirst();
  }

  private Entry entry(String id) {
    return entries.stream().filter(e -> e.id.equals(id)).findFirst().orElseThrow(() ->
        new ExternalSystemException(SYSTEM, ExternalSystemException.Kind.REFUSED,
            "no entry " + id));
  }

  private static VaultEntry view(Entry entry) {
    return new VaultEntry(entry.listId, entry.id, entry.title, entry.metadata);
  }
}
