package io.entrarenewal.adapter.passwordstate;

import static io.entrarenewal.adapter.passwordstate.SandboxPasswordstate.title;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.entrarenewal.core.domain.ExternalSystemException;
import io.entrarenewal.core.domain.ExternalSystemException.Kind;
import io.entrarenewal.core.domain.MetadataKeys;
import io.entrarenewal.core.domain.RefusalReason;
import io.entrarenewal.core.domain.RefusedException;
import io.entrarenewal.core.domain.Secret;
import io.entrarenewal.core.domain.SystemAccount;
import io.entrarenewal.core.domain.VaultEntry;
import io.entrarenewal.core.port.out.Vault;
import io.entrarenewal.sandbox.Fault;
import io.entrarenewal.sandbox.Sandbox;
import io.entrarenewal.sandbox.SandboxOptions;
import io.entrarenewal.sandbox.World;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Passwordstate's quirks against the sandbox's stand-in over HTTPS: exact-title search, writes
 * of only the changed fields, the metadata merge, documents, list and system keys, the Reason
 * header, the 404 empty search and system accounts. Each case is judged from the sandbox's
 * records; every test seeds entries of its own.
 */
class PasswordstateSandboxTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static Sandbox sandbox;
  private static SandboxPasswordstate passwordstate;
  private static Vault vault;
  private static String secrets;

  @BeforeAll
  static void startSandbox() {
    sandbox = Sandbox.start(SandboxOptions.defaults());
    passwordstate = new SandboxPasswordstate(sandbox);
    vault = PasswordstateVault.create(passwordstate.settingsWithListKeys().build());
    secrets = Integer.toString(passwordstate.secretList());
  }

  @AfterAll
  static void stopSandbox() {
    sandbox.close();
  }

  @AfterEach
  void restore() {
    sandbox.faults().clear();
    sandbox.state().requireReason(passwordstate.secretList(), false);
  }

  private static int givenSecretEntry(String title, String metadata) {
    return passwordstate.givenRecord(passwordstate.secretList(), title, "current-secret",
        "GenericField6", metadata);
  }

  private static JsonNode metadataOf(int passwordId, String field) throws Exception {
    return JSON.readTree(String.valueOf(passwordstate.record(passwordId).get(field)));
  }

  @Test
  void givenSimilarTitles_findEntry_returnsTheExactTitleOnly() {
    String title = title("HR-Portal");
    int exact = givenSecretEntry(title, "");
    givenSecretEntry(title + " (old)", "");
    givenSecretEntry("Certificaat " + title, "");
    givenSecretEntry(title.toUpperCase(java.util.Locale.ROOT), "");

    Optional<VaultEntry> found = vault.findEntry(secrets, title);

    assertThat(found).map(VaultEntry::entryId).contains(Integer.toString(exact));
  }

  @Test
  void givenTwoEntriesWithTheTitle_findEntry_isAmbiguousNamingBothIds() {
    String title = title("Twin");
    int first = givenSecretEntry(title, "");
    int second = givenSecretEntry(title, "");

    assertThatExceptionOfType(RefusedException.class)
        .isThrownBy(() -> vault.findEntry(secrets, title))
        .satisfies(e -> assertThat(e.reason()).isEqualTo(RefusalReason.AMBIGUOUS_VAULT_ENTRY))
        .withMessageContaining(Integer.toString(first))
        .withMessageContaining(Integer.toString(second));
  }

  @Test
  void givenNoSuchTitle_theSandboxAnswers404NoPasswordsFoundWhichMeansNoEntry() {
    String title = title("Nobody");

    HttpResponse<String> raw = passwordstate.search(passwordstate.secretList(), title);

    assertThat(raw.statusCode()).isEqualTo(404);
    assertThat(raw.body()).contains("No Passwords found");
    assertThat(vault.findEntry(secrets, title)).isEmpty();
  }

  @Test
  void givenAnEditBetweenReadAndWrite_update_sendsOnlyTheChangedFieldsAndKeepsTheEdit()
      throws Exception {
    String title = title("Edited");
    int id = givenSecretEntry(title, "{\"KeyId\":\"old\"}");
    VaultEntry entry = vault.findEntry(secrets, title).orElseThrow();
    Map<String, Object> stale = new LinkedHashMap<>(passwordstate.record(id));
    stale.put("GenericField6", "{\"KeyId\":\"old\",\"ReadBeforeTheEdit\":\"yes\"}");
    String beforeTheEdit = JSON.writeValueAsString(List.of(stale));
    sandbox.state().updatePasswordRecord(id, Map.of("Notes", "rotated by hand",
        "UserName", "changed-by-a-human"));
    // The adapter's read sees the record as it was before a human's edit, as when the edit
    // lands between its read and its write; a PUT of the whole record would undo the edit.
    sandbox.faults().inject("GET", "/api/passwords/" + id, 1,
        Fault.status(200, "application/json", beforeTheEdit));

    vault.update(entry, Optional.empty(), Map.of(MetadataKeys.KEY_ID, "new"));

    Map<String, Object> record = passwordstate.record(id);
    assertThat(record).containsEntry("Notes", "rotated by hand")
        .containsEntry("UserName", "changed-by-a-human")
        .containsEntry("Password", "current-secret")
        .containsEntry("Title", title);
    JsonNode metadata = metadataOf(id, "GenericField6");
    assertThat(metadata.path("KeyId").asText()).isEqualTo("new");
    assertThat(metadata.path("ReadBeforeTheEdit").asText()).isEqualTo("yes");
  }

  @Test
  void givenMetadataAlreadyWritten_update_sendsNoPut() {
    String title = title("Unchanged");
    givenSecretEntry(title, "{\"KeyId\":\"same\"}");
    VaultEntry entry = vault.findEntry(secrets, title).orElseThrow();
    long puts = sandbox.state().requestCount("passwordstate.updatePassword");

    vault.update(entry, Optional.empty(), Map.of(MetadataKeys.KEY_ID, "same"));

    assertThat(sandbox.state().requestCount("passwordstate.updatePassword")).isEqualTo(puts);
  }

  @Test
  void givenUnknownMetadataKeys_update_keepsThemWithTheirJsonTypes() throws Exception {
    String title = title("Merge");
    int id = givenSecretEntry(title, "{\"KeyId\":\"old\",\"Owner\":{\"team\":\"Ops\"},"
        + "\"Rotations\":3,\"Legacy\":true,\"StagedThumbprint\":\"AA\"}");
    VaultEntry entry = vault.findEntry(secrets, title).orElseThrow();

    vault.update(entry, Optional.of(Secret.of("new-secret")), Map.of(MetadataKeys.KEY_ID, "new",
        MetadataKeys.END, "2027-12-03T00:00:00Z", MetadataKeys.STAGED_THUMBPRINT, ""));

    JsonNode stored = metadataOf(id, "GenericField6");
    assertThat(stored.path("KeyId").asText()).isEqualTo("new");
    assertThat(stored.path("EndDate").asText()).isEqualTo("2027-12-03T00:00:00Z");
    assertThat(stored.path("Owner").path("team").asText()).isEqualTo("Ops");
    assertThat(stored.path("Rotations").isInt()).isTrue();
    assertThat(stored.path("Legacy").isBoolean()).isTrue();
    assertThat(stored.has("StagedThumbprint")).isFalse();
    assertThat(passwordstate.record(id)).containsEntry("Password", "new-secret");
  }

  @Test
  void givenPfx_storeDocumentThenRecordItsId_theEntryNamesTheStoredBytes() throws Exception {
    String title = title("Certificaat Payroll-Sync");
    int id = passwordstate.givenRecord(passwordstate.certificateList(), title, "pfx-password",
        "GenericField7", "{\"UsedTemplate\":\"_D09-CA2-SHA256-EntraID\"}");
    String certificates = Integer.toString(passwordstate.certificateList());
    VaultEntry entry = vault.findEntry(certificates, title).orElseThrow();
    byte[] pfx = new byte[4096];
    for (int i = 0; i < pfx.length; i++) {
      pfx[i] = (byte) (i * 7 + 3);
    }

    String documentId = vault.storeDocument(entry, "Payroll-Sync.pfx", pfx);
    vault.update(entry, Optional.empty(), Map.of(MetadataKeys.DOCUMENT_ID, documentId));

    assertThat(sandbox.state().document(Integer.parseInt(documentId))).hasValue(pfx);
    JsonNode stored = metadataOf(id, "GenericField7");
    assertThat(stored.path("DocumentID").asText()).isEqualTo(documentId);
    assertThat(stored.path("UsedTemplate").asText()).isEqualTo("_D09-CA2-SHA256-EntraID");
    VaultEntry reread = vault.findEntry(certificates, title).orElseThrow();
    assertThat(vault.readDocument(reread, reread.metadata(MetadataKeys.DOCUMENT_ID)
        .orElseThrow())).isEqualTo(pfx);
  }

  @Test
  void givenSeededCertificateEntry_readDocument_returnsThePfxItsMetadataNames() {
    World.App app = sandbox.world().appNamed("Payroll-Sync").orElseThrow();
    String certificates = Integer.toString(passwordstate.certificateList());
    VaultEntry entry = vault.findEntry(certificates, app.vaultTitle()).orElseThrow();
    String documentId = entry.metadata(MetadataKeys.DOCUMENT_ID).orElseThrow();

    byte[] pfx = vault.readDocument(entry, documentId);

    assertThat(sandbox.state().document(Integer.parseInt(documentId))).hasValue(pfx);
  }

  @Test
  void givenOnlyTheSystemKey_everyListIsReadable() {
    Vault systemOnly = PasswordstateVault.create(passwordstate.settings()
        .systemApiKey(Secret.of(passwordstate.world().systemApiKey())).build());
    String title = title("System reads");
    givenSecretEntry(title, "");

    assertThat(systemOnly.findEntry(secrets, title)).isPresent();
    assertThat(systemOnly.readAccount(Integer.toString(passwordstate.systemAccountsList()),
        passwordstate.world().pkiAccountTitle()).userName())
        .isEqualTo(passwordstate.world().pkiAccountTitle());
  }

  @Test
  void givenAnotherListsKey_search_isRefusedAndNotTakenForAMissingEntry() {
    String education = Integer.toString(passwordstate.educationSecretList());
    Vault wrongKey = PasswordstateVault.create(passwordstate.settings()
        .listApiKey(education, passwordstate.listKey(passwordstate.secretList())).build());
    String title = title("Student-Portal_OND");
    passwordstate.givenRecord(passwordstate.educationSecretList(), title, "s", null, null);

    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> wrongKey.findEntry(education, title))
        .satisfies(e -> assertThat(e.kind()).isEqualTo(Kind.REFUSED))
        .withMessageContaining("HTTP 404")
        .withMessageNotContaining(passwordstate.world().listApiKeys()
            .get(passwordstate.secretList()));
  }

  @Test
  void givenUnknownKey_search_isRefusedPointingAtTheKey() {
    Vault unknown = PasswordstateVault.create(passwordstate.settings()
        .listApiKey(secrets, Secret.of("not-a-key-of-this-server")).build());

    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> unknown.findEntry(secrets, title("Any")))
        .satisfies(e -> assertThat(e.kind()).isEqualTo(Kind.REFUSED))
        .withMessageContaining("HTTP 401").withMessageContaining("API key of list " + secrets)
        .withMessageNotContaining("not-a-key-of-this-server");
  }

  @Test
  void givenListRequiringReason_theVaultWorksOnlyWithTheReasonSetting() throws Exception {
    String title = title("Audited");
    int id = givenSecretEntry(title, "{}");
    sandbox.state().requireReason(passwordstate.secretList(), true);
    Vault withReason = PasswordstateVault.create(passwordstate.settingsWithListKeys()
        .reason("Entra credential renewal").build());

    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> vault.findEntry(secrets, title))
        .satisfies(e -> assertThat(e.kind()).isEqualTo(Kind.REFUSED))
        .withMessageContaining("requires a Reason header");
    VaultEntry entry = withReason.findEntry(secrets, title).orElseThrow();
    withReason.update(entry, Optional.empty(), Map.of(MetadataKeys.KEY_ID, "audited"));
    String documentId = withReason.storeDocument(entry, "audited.pfx", new byte[] {1, 2, 3});

    assertThat(metadataOf(id, "GenericField6").path("KeyId").asText()).isEqualTo("audited");
    assertThat(sandbox.state().document(Integer.parseInt(documentId)))
        .hasValue(new byte[] {1, 2, 3});
    assertThat(withReason.readDocument(entry, documentId)).containsExactly(1, 2, 3);
  }

  @Test
  void givenDemoWorld_readAccount_returnsTheGraphAccountOfEachTenant() {
    String accounts = Integer.toString(passwordstate.systemAccountsList());
    for (World.Tenant tenant : sandbox.world().tenants()) {
      Map<String, Object> stored = sandbox.state().passwordRecordsTitled(
          passwordstate.systemAccountsList(), tenant.accountTitle()).get(0);

      SystemAccount account = vault.readAccount(accounts, tenant.accountTitle());

      assertThat(account.userName()).isEqualTo(tenant.adminClientId());
      assertThat(account.password()).isEqualTo(Secret.of(String.valueOf(stored.get("Password"))));
    }
  }

  @Test
  void givenNoSuchAccount_readAccount_isRefusedNamingListAndTitle() {
    String accounts = Integer.toString(passwordstate.systemAccountsList());

    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> vault.readAccount(accounts, "Sys_Nobody"))
        .satisfies(e -> assertThat(e.kind()).isEqualTo(Kind.REFUSED))
        .withMessageContaining(accounts).withMessageContaining("Sys_Nobody");
  }

  @Test
  void givenLostReplyToTheWrite_update_isAmbiguousAndTheChangeTookEffect() throws Exception {
    String title = title("Lost reply");
    int id = givenSecretEntry(title, "{\"KeyId\":\"old\"}");
    VaultEntry entry = vault.findEntry(secrets, title).orElseThrow();
    sandbox.faults().inject("PUT", "/api/passwords/?", 1, Fault.dropReply());

    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> vault.update(entry, Optional.of(Secret.of("renewed")),
            Map.of(MetadataKeys.KEY_ID, "new")))
        .satisfies(e -> assertThat(e.kind()).isEqualTo(Kind.AMBIGUOUS))
        .withMessageNotContaining("renewed");

    assertThat(passwordstate.record(id)).containsEntry("Password", "renewed");
    assertThat(metadataOf(id, "GenericField6").path("KeyId").asText()).isEqualTo("new");
  }

  @Test
  void givenUnavailableServer_update_isUnavailableAndChangesNothing() throws Exception {
    String title = title("Busy");
    int id = givenSecretEntry(title, "{\"KeyId\":\"old\"}");
    VaultEntry entry = vault.findEntry(secrets, title).orElseThrow();
    sandbox.faults().inject("PUT", "/api/passwords/?", 1, Fault.throttled(503, 0));

    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> vault.update(entry, Optional.of(Secret.of("renewed")),
            Map.of(MetadataKeys.KEY_ID, "new")))
        .satisfies(e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE));

    assertThat(passwordstate.record(id)).containsEntry("Password", "current-secret");
    assertThat(metadataOf(id, "GenericField6").path("KeyId").asText()).isEqualTo("old");
  }
}
