package io.entrarenewal.runner.cli.config;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How to use Passwordstate: where it is, which API key opens which list, and where each list
 * keeps this tool's metadata.
 *
 * @param connection the server
 * @param apiPath the API's path, {@code /api} for the standard API
 * @param systemKey the system-wide key; null when every list has its own key
 * @param lists the lists this tool uses, by list id
 * @param reason the text sent in the {@code Reason} header for the audit log
 */
public record PasswordstateConfig(
    Connection connection,
    String apiPath,
    SecretRef systemKey,
    Map<String, VaultList> lists,
    String reason) {

  /**
   * One password list.
   *
   * @param listId the list's id
   * @param apiKey the list's own API key; null to use the system-wide key
   * @param metadataField the generic field holding this tool's JSON metadata, such as
   *     {@code GenericField6}
   */
  public record VaultList(String listId, SecretRef apiKey, String metadataField) {
    /** Validates the fields. */
    public VaultList {
      Objects.requireNonNull(listId, "'listId' must not be null");
      Objects.requireNonNull(metadataField, "'metadataField' must not be null");
    }
  }

  /** Validates the fields and copies the lists. */
  public PasswordstateConfig {
    Objects.requireNonNull(connection, "'connection' must not be null");
    Objects.requireNonNull(apiPath, "'apiPath' must not be null");
    lists = Map.copyOf(lists);
    Objects.requireNonNull(reason, "'reason' must not be null");
  }

  /** The list with this id, when configured. */
  public Optional<VaultList> list(String listId) {
    return Optional.ofNullable(lists.get(listId));
  }

  /** The key that opens this list: its own, else the system-wide key. */
  public Optional<SecretRef> apiKey(String listId) {
    return list(listId).map(VaultList::apiKey).or(() -> Optional.ofNullable(systemKey));
  }
}
