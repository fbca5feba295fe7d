package io.entrarenewal.core.domain;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An entry of the password vault, without its secret value.
 *
 * @param listId the vault list that holds it
 * @param entryId the entry's id within the vault
 * @param title the entry's title
 * @param metadata this tool's metadata kept in the entry (see {@link MetadataKeys})
 */
public record VaultEntry(
    String listId, String entryId, String title, Map<String, String> metadata) {

  /** Validates the fields and copies the metadata. */
  public VaultEntry {
    Objects.requireNonNull(listId, "'listId' must not be null");
    Objects.requireNonNull(entryId, "'entryId' must not be null");
    Objects.requireNonNull(title, "'title' must not be null");
    metadata = Map.copyOf(metadata);
  }

  /** One metadata value, if present and not blank. */
  public Optional<String> metadata(String key) {
    return Optional.ofNullable(metadata.get(key)).filter(v -> !v.isBlank());
  }

  /** Names the entry for messages: list and title, never the value. */
  public String describe() {
    return "vault entry '" + title + "' (list " + listId + ", id " + entryId + ")";
  }
}
