package io.entrarenewal.adapter.passwordstate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.entrarenewal.core.domain.MetadataKeys;
import io.entrarenewal.core.domain.RefusalReason;
import io.entrarenewal.core.domain.RefusedException;
import io.entrarenewal.core.domain.Secret;
import io.entrarenewal.core.domain.SystemAccount;
import io.entrarenewal.core.domain.VaultEntry;
import io.entrarenewal.core.port.out.Vault;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Vault} must do, stated once. A subclass supplies the vault and a way to seed
 * entries and to see what it stores, so the same contract runs against WireMock and against the
 * sandbox or a test Passwordstate. Titles carry a random suffix, so a shared server needs no
 * cleaning. Effects are judged from what the backend stores, not only from the vault's replies.
 * Published in this module's test-jar.
 */
public abstract class VaultContractTest {

  /** The vault under test. */
  protected abstract Vault vault();

  /** A list the vault may read and write. */
  protected abstract String listId();

  /** Seeds an entry of {@link #listId()} whose metadata field holds {@code metadataJson}. */
  protected abstract void givenEntry(String title, String userName, String password,
      String metadataJson);

  /** The password the backend holds for the one entry titled {@code title}. */
  protected abstract String storedPassword(String title);

  /** The text of the metadata field the backend holds for the one entry titled so. */
  protected abstract String storedMetadata(String title);

  /** The bytes the backend holds as this document, or null when it has none. */
  protected abstract byte[] storedDocument(String documentId);

  private final String suffix = " " + UUID.randomUUID().toString().substring(0, 8);

  private String title(String name) {
    return name + suffix;
  }

  @Test
  void givenEntry_findEntry_returnsItWithItsMetadata() {
    givenEntry(title("App One"), "", "secret-1", "{\"KeyId\":\"k-1\",\"UsedTemplate\":\"T\"}");

    Optional<VaultEntry> found = vault().findEntry(listId(), title("App One"));

    assertThat(found).hasValueSatisfying(entry -> {
      assertThat(entry.listId()).isEqualTo(listId());
      assertThat(entry.title()).isEqualTo(title("App One"));
      assertThat(entry.metadata()).containsExactlyInAnyOrderEntriesOf(
          Map.of(MetadataKeys.KEY_ID, "k-1", MetadataKeys.USED_TEMPLATE, "T"));
    });
  }

  @Test
  void givenNoSuchTitle_findEntry_isEmpty() {
    assertThat(vault().findEntry(listId(), title("Nobody"))).isEmpty();
  }

  @Test
  void givenTitlesThatContainTheTitle_findEntry_returnsOnlyTheExactOne() {
    givenEntry(title("App"), "", "a", "");
    givenEntry(title("App") + " old", "", "b", "");
    givenEntry("Certificaat " + title("App"), "", "c", "");

    Optional<VaultEntry> found = vault().findEntry(listId(), title("App"));

    assertThat(found).map(VaultEntry::title).contains(title("App"));
  }

  @Test
  void givenTwoEntriesWithTheTitle_findEntry_isRefusedAsAmbiguous() {
    givenEntry(title("Twin"), "", "a", "");
    givenEntry(title("Twin"), "", "b", "");

    assertThatExceptionOfType(RefusedException.class)
        .isThrownBy(() -> vault().findEntry(listId(), title("Twin")))
        .satisfies(e -> assertThat(e.reason()).isEqualTo(RefusalReason.AMBIGUOUS_VAULT_ENTRY))
        .withMessageContaining(title("Twin"));
  }

  @Test
  void givenEntry_readPassword_returnsIt() {
    givenEntry(title("Reader"), "", "the-password", "");
    VaultEntry entry = vault().findEntry(listId(), title("Reader")).orElseThrow();

    assertThat(vault().readPassword(entry)).contains(Secret.of("the-password"));
  }

  @Test
  void givenEntry_update_writesPasswordAndMergesMetadata() {
    givenEntry(title("Merge"), "", "old", "{\"UsedTemplate\":\"T\",\"KeyId\":\"old\","
        + "\"StagedThumbprint\":\"AA\"}");
    VaultEntry entry = vault().findEntry(listId(), title("Merge")).orElseThrow();
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put(MetadataKeys.KEY_ID, "new");
    metadata.put(MetadataKeys.END, "2027-12-03T00:00:00Z");
    metadata.put(MetadataKeys.STAGED_THUMBPRINT, "");

    VaultEntry updated = vault().update(entry, Optional.of(Secret.of("new")), metadata);

    Map<String, String> expected = Map.of(MetadataKeys.USED_TEMPLATE, "T",
        MetadataKeys.KEY_ID, "new", MetadataKeys.END, "2027-12-03T00:00:00Z");
    assertThat(updated.metadata()).containsExactlyInAnyOrderEntriesOf(expected);
    VaultEntry reread = vault().findEntry(listId(), title("Merge")).orElseThrow();
    assertThat(reread.metadata()).containsExactlyInAnyOrderEntriesOf(expected);
    assertThat(vault().readPassword(reread)).contains(Secret.of("new"));
    assertThat(storedPassword(title("Merge"))).isEqualTo("new");
    assertThat(storedMetadata(title("Merge"))).contains("\"KeyId\":\"new\"", "\"UsedTemplate\"")
        .doesNotContain("StagedThumbprint");
  }

  @Test
  void givenEntry_updateWithoutPassword_keepsThePassword() {
    givenEntry(title("Keep"), "", "kept", "");
    VaultEntry entry = vault().findEntry(listId(), title("Keep")).orElseThrow();

    vault().update(entry, Optional.empty(), Map.of(MetadataKeys.DOCUMENT_ID, "12"));

    VaultEntry reread = vault().findEntry(listId(), title("Keep")).orElseThrow();
    assertThat(reread.metadata(MetadataKeys.DOCUMENT_ID)).contains("12");
    assertThat(vault().readPassword(reread)).contains(Secret.of("kept"));
    assertThat(storedPassword(title("Keep"))).isEqualTo("kept");
    assertThat(storedMetadata(title("Keep"))).contains("\"DocumentID\":\"12\"");
  }

  @Test
  void givenDocument_storeThenRead_returnsTheSameBytes() {
    givenEntry(title("Certificaat"), "", "pfx-password", "");
    VaultEntry entry = vault().findEntry(listId(), title("Certificaat")).orElseThrow();
    byte[] content = new byte[3000];
    for (int i = 0; i < content.length; i++) {
      content[i] = (byte) (i * 31);
    }

    String documentId = vault().storeDocument(entry, "app.pfx", content);

    assertThat(documentId).isNotBlank();
    assertThat(storedDocument(documentId)).isEqualTo(content);
    assertThat(vault().readDocument(entry, documentId)).isEqualTo(content);
  }

  @Test
  void givenAccount_readAccount_returnsUserNameAndPassword() {
    givenEntry(title("Sys_Azure_AppRegs_PR"), "11111111-2222-3333-4444-555555555555",
        "client-secret", "");

    SystemAccount account = vault().readAccount(listId(), title("Sys_Azure_AppRegs_PR"));

    assertThat(account.userName()).isEqualTo("11111111-2222-3333-4444-555555555555");
    assertThat(account.password()).isEqualTo(Secret.of("client-secret"));
  }
}
