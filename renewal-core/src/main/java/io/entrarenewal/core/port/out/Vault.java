package io.entrarenewal.core.port.out;

import io.entrarenewal.core.domain.Secret;
import io.entrarenewal.core.domain.SystemAccount;
import io.entrarenewal.core.domain.VaultEntry;
import java.util.Map;
import java.util.Optional;

/**
 * The password vault: where renewed secrets and PFX files are kept, and where this tool's own
 * service accounts live.
 *
 * <p>Every method throws {@link io.entrarenewal.core.domain.ExternalSystemException} when the
 * vault cannot be read or written. Implementations must be safe for use by several threads.
 */
public interface Vault {

  /**
   * The entry of this list whose title is exactly {@code title}; empty when there is none.
   *
   * @throws io.entrarenewal.core.domain.RefusedException with reason
   *     {@link io.entrarenewal.core.domain.RefusalReason#AMBIGUOUS_VAULT_ENTRY} when several
   *     entries have that title
   */
  Optional<VaultEntry> findEntry(String listId, String title);

  /** The entry's secret value (its password field); empty when the entry has none. */
  Optional<Secret> readPassword(VaultEntry entry);

  /**
   * Writes the entry's password (when given) and merges {@code metadata} into its metadata in
   * one update: keys mapped to an empty string are removed, keys not named are kept as they are.
   *
   * @return the entry as it is after the update
   */
  VaultEntry update(VaultEntry entry, Optional<Secret> password, Map<String, String> metadata);

  /**
   * Attaches a document to the entry and returns its document id. The vault cannot list an
   * entry's documents, so callers record the id in the entry's metadata.
   */
  String storeDocument(VaultEntry entry, String fileName, byte[] content);

  /** The content of a document attached to the entry. */
  byte[] readDocument(VaultEntry entry, String documentId);

  /**
   * The document id of the entry's current PFX for entries written before this tool kept it in
   * the metadata; empty when the vault offers no way to find it.
   */
  Optional<String> findLegacyDocumentId(VaultEntry entry);

  /** A service account kept in the vault under a list and an exact title. */
  SystemAccount readAccount(String listId, String title);
}
