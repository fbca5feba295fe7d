package io.entrarenewal.adapter.passwordstate;

import static org.assertj.core.api.Assertions.assertThat;

import io.entrarenewal.core.port.out.Vault;
import io.entrarenewal.sandbox.Sandbox;
import io.entrarenewal.sandbox.SandboxOptions;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The vault contract against the sandbox's Passwordstate over HTTPS, on the certificate list
 * with its own key and the adapter's default upload format. This sandbox answers an empty
 * search with {@code 200 []}; {@link PasswordstateSandboxTest} covers the 404 variant.
 */
class PasswordstateSandboxContractTest extends VaultContractTest {

  private static Sandbox sandbox;
  private static SandboxPasswordstate passwordstate;
  private static Vault vault;

  @BeforeAll
  static void startSandbox() {
    sandbox = Sandbox.start(SandboxOptions.defaults()
        .withEmptySearch(SandboxOptions.EmptySearch.EMPTY_ARRAY));
    passwordstate = new SandboxPasswordstate(sandbox);
    vault = PasswordstateVault.create(passwordstate.settingsWithListKeys().build());
  }

  @AfterAll
  static void stopSandbox() {
    sandbox.close();
  }

  @Override
  protected Vault vault() {
    return vault;
  }

  @Override
  protected String listId() {
    return Integer.toString(passwordstate.certificateList());
  }

  @Override
  protected void givenEntry(String title, String userName, String password,
      String metadataJson) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("Title", title);
    fields.put("UserName", userName);
    fields.put("Password", password);
    fields.put("GenericField7", metadataJson);
    sandbox.state().addPasswordRecord(passwordstate.certificateList(), fields);
  }

  @Override
  protected String storedPassword(String title) {
    return String.valueOf(storedRecord(title).get("Password"));
  }

  @Override
  protected String storedMetadata(String title) {
    return String.valueOf(storedRecord(title).get("GenericField7"));
  }

  @Override
  protected byte[] storedDocument(String documentId) {
    return sandbox.state().document(Integer.parseInt(documentId)).orElse(null);
  }

  private static Map<String, Object> storedRecord(String title) {
    List<Map<String, Object>> records =
        sandbox.state().passwordRecordsTitled(passwordstate.certificateList(), title);
    assertThat(records).hasSize(1);
    return records.get(0);
  }

  @Test
  void givenNoSuchTitle_theSandboxAnswersAnEmptyArrayWhichMeansNoEntry() {
    String title = SandboxPasswordstate.title("Nobody");

    HttpResponse<String> raw = passwordstate.search(passwordstate.certificateList(), title);

    assertThat(raw.statusCode()).isEqualTo(200);
    assertThat(raw.body()).isEqualTo("[]");
    assertThat(vault.findEntry(listId(), title)).isEmpty();
  }
}
