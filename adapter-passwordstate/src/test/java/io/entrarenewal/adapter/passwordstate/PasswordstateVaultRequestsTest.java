package io.entrarenewal.adapter.passwordstate;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.binaryEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.entrarenewal.core.domain.ExternalSystemException;
import io.entrarenewal.core.domain.ExternalSystemException.Kind;
import io.entrarenewal.core.domain.MetadataKeys;
import io.entrarenewal.core.domain.RefusalReason;
import io.entrarenewal.core.domain.RefusedException;
import io.entrarenewal.core.domain.RetryPolicy;
import io.entrarenewal.core.domain.Secret;
import io.entrarenewal.core.domain.SystemAccount;
import io.entrarenewal.core.domain.VaultEntry;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Pins every request the vault sends (method, path, query, headers, body) and feeds it the
 * recorded Passwordstate replies.
 */
class PasswordstateVaultRequestsTest {

  static final String LIST = "100";
  static final String LIST_KEY = "list-100-api-key-value";
  static final String SYSTEM_KEY = "system-wide-api-key-value";
  static final String REASON = "Entra credential renewal";
  static final String TITLE = "borgdrone-4673615 @ Unimatrix Zero";
  static final String SAMPLE_PASSWORD =
      "weishe4uChee0woh4ahquineibahpheiquaiy2yuRohjohChee6eet6rahbaiceetucoothooph8ooKahwoh5"
          + "Teepah3ieLohwahkeigh4eefeivoohee8quee5oohoe";
  static final String SEARCH_URL = "/api/searchpasswords/100?Title=%22borgdrone-4673615%20%40"
      + "%20Unimatrix%20Zero%22&ExcludePassword=true";

  @RegisterExtension
  static WireMockExtension server =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private final VaultEntry entry = new VaultEntry(LIST, "18075", TITLE, Map.of());

  private PasswordstateVault vault() {
    return new PasswordstateVault(settings().build(), duration -> { });
  }

  static PasswordstateSettings.Builder settings() {
    return PasswordstateSettings.builder(URI.create(server.baseUrl()))
        .listApiKey(LIST, Secret.of(LIST_KEY))
        .systemApiKey(Secret.of(SYSTEM_KEY))
        .reason(REASON)
        .requestTimeout(Duration.ofSeconds(5))
        .retryPolicy(new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5)));
  }

  @Test
  void givenSearchReply_findEntry_sendsExactTitleSearchWithKeyAndReason() {
    server.stubFor(get(urlEqualTo(SEARCH_URL))
        .willReturn(okJson(Samples.text("search-passwords.json"))));

    Optional<VaultEntry> found = vault().findEntry(LIST, TITLE);

    assertThat(found).contains(new VaultEntry(LIST, "18075", TITLE, Map.of()));
    server.verify(getRequestedFor(urlEqualTo(SEARCH_URL))
        .withHeader("APIKey", equalTo(LIST_KEY))
        .withHeader("Reason", equalTo(REASON)));
  }

  @Test
  void givenOnlySubstringMatches_findEntry_isEmpty() {
    server.stubFor(get(urlPathEqualTo("/api/searchpasswords/100"))
        .willReturn(okJson(Samples.text("search-passwords.json"))));

    Optional<VaultEntry> found = vault().findEntry(LIST, "borgdrone");

    assertThat(found).isEmpty();
  }

  @Test
  void givenTwoEntriesWithTheTitle_findEntry_isRefusedAsAmbiguous() {
    String twice = Samples.text("search-passwords.json")
        .replace("borgdrone-9342756 @ Unimatrix Zero", TITLE);
    server.stubFor(get(urlEqualTo(SEARCH_URL)).willReturn(okJson(twice)));

    assertThatExceptionOfType(RefusedException.class)
        .isThrownBy(() -> vault().findEntry(LIST, TITLE))
        .satisfies(e -> assertThat(e.reason())
            .isEqualTo(RefusalReason.AMBIGUOUS_VAULT_ENTRY))
        .withMessageContaining("list 100")
        .withMessageContaining(TITLE)
        .withMessageContaining("18075")
        .withMessageContaining("29467");
  }

  @Test
  void givenEmptyArray_findEntry_isEmpty() {
    server.stubFor(get(urlEqualTo(SEARCH_URL))
        .willReturn(okJson(Samples.text("search-empty.json"))));

    assertThat(vault().findEntry(LIST, TITLE)).isEmpty();
  }

  @Test
  void givenNoPasswordsFoundError_findEntry_isEmpty() {
    server.stubFor(get(urlEqualTo(SEARCH_URL)).willReturn(aResponse().withStatus(404)
        .withBody("[{\"errors\":[{\"message\":\"Not Found\"},{\"phrase\":\"No Passwords found in"
            + " the Password Lists for PasswordListID of 100 and search criteria.\"}]}]")));

    assertThat(vault().findEntry(LIST, TITLE)).isEmpty();
  }

  @Test
  void givenMetadataJson_findEntry_readsConfiguredFieldKeepingNonStringsAsJson() {
    String metadata = "{\"KeyId\":\"k-1\",\"Count\":3,\"Nested\":{\"a\":true},\"Gone\":null}";
    server.stubFor(get(urlEqualTo(SEARCH_URL)).willReturn(okJson(
        Samples.recordWithField("search-passwords.json", "GenericField7", metadata))));
    PasswordstateVault vault =
        new PasswordstateVault(settings().metadataField(LIST, "GenericField7").build(), d -> { });

    VaultEntry found = vault.findEntry(LIST, TITLE).orElseThrow();

    assertThat(found.metadata()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "KeyId", "k-1", "Count", "3", "Nested", "{\"a\":true}", "Gone", "null"));
  }

  @Test
  void givenMetadataFieldNotJson_findEntry_hasEmptyMetadata() {
    server.stubFor(get(urlEqualTo(SEARCH_URL)).willReturn(okJson(
        Samples.recordWithField("search-passwords.json", "GenericField6", "free text {"))));

    VaultEntry found = vault().findEntry(LIST, TITLE).orElseThrow();

    assertThat(found.metadata()).isEmpty();
  }

  @Test
  void givenListWithoutOwnKey_findEntry_usesSystemWideKey() {
    server.stubFor(get(urlPathEqualTo("/api/searchpasswords/8620")).willReturn(okJson("[]")));

    vault().findEntry("8620", "Sys_Azure_AppRegs_PR");

    server.verify(getRequestedFor(urlPathEqualTo("/api/searchpasswords/8620"))
        .withHeader("APIKey", equalTo(SYSTEM_KEY)));
  }

  @Test
  void givenNoKeyForList_findEntry_isRefusedWithoutCallingTheServer() {
    PasswordstateVault vault = new PasswordstateVault(PasswordstateSettings
        .builder(URI.create(server.baseUrl())).listApiKey(LIST, Secret.of(LIST_KEY)).build(),
        d -> { });

    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> vault.findEntry("8620", "x"))
        .satisfies(e -> assertThat(e.kind()).isEqualTo(Kind.REFUSED))
        .withMessageContaining("list 8620");
    server.verify(0, anyRequestedFor(anyUrl()));
  }

  @Test
  void givenNoReason_findEntry_sendsNoReasonHeader() {
    server.stubFor(get(urlEqualTo(SEARCH_URL)).willReturn(okJson("[]")));
    PasswordstateVault vault = new PasswordstateVault(PasswordstateSettings
        .builder(URI.create(server.baseUrl())).listApiKey(LIST, Secret.of(LIST_KEY)).build(),
        d -> { });

    vault.findEntry(LIST, TITLE);

    server.verify(getRequestedFor(urlEqualTo(SEARCH_URL)).withHeader("Reason", absent()));
  }

  @Test
  void givenRecord_readPassword_returnsItsPassword() {
    server.stubFor(get(urlEqualTo("/api/passwords/18075"))
        .willReturn(okJson(Samples.text("get-password.json"))));

    Optional<Secret> password = vault().readPassword(entry);

    assertThat(password).hasValueSatisfying(p -> assertThat(p.reveal()).isEqualTo(SAMPLE_PASSWORD));
    server.verify(getRequestedFor(urlEqualTo("/api/passwords/18075"))
        .withHeader("APIKey", equalTo(LIST_KEY)));
  }

  @Test
  void givenOlderBuildInUtf16WithBom_readPassword_decodesQuotesAndUmlauts() {
    String json = Samples.text("get-password-older-build.json");
    ByteBuffer utf16 = StandardCharsets.UTF_16LE.encode("\uFEFF" + json);
    byte[] body = new byte[utf16.remaining()];
    utf16.get(body);
    server.stubFor(get(urlEqualTo("/api/passwords/9568")).willReturn(aResponse().withBody(body)));

    Optional<Secret> password =
        vault().readPassword(new VaultEntry("15", "9568", "Demo AD Username 1", Map.of()));

    assertThat(password).hasValueSatisfying(p -> assertThat(p.reveal()).isEqualTo("Süp3rX$\"y"));
  }

  @Test
  void givenEmptyPassword_readPassword_isEmpty() {
    server.stubFor(get(urlEqualTo("/api/passwords/18075")).willReturn(okJson(
        Samples.text("get-password.json").replace(SAMPLE_PASSWORD, ""))));

    assertThat(vault().readPassword(entry)).isEmpty();
  }

  @Test
  void givenUnknownId_readPassword_isRefusedNamingThePhrase() {
    server.stubFor(get(urlEqualTo("/api/passwords/18075")).willReturn(aResponse().withStatus(404)
        .withBody(Samples.text("error-404-password-not-found.json"))));

    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> vault().readPassword(entry))
        .satisfies(e -> assertThat(e.kind()).isEqualTo(Kind.REFUSED))
        .withMessageContaining("18075")
        .withMessageContaining("HTTP 404 Not Found: A Password of ID '999' was not found");
  }

  @Test
  void givenSystemAccount_readAccount_returnsUserNameAndPassword() {
    server.stubFor(get(urlEqualTo(SEARCH_URL))
        .willReturn(okJson(Samples.text("search-passwords.json"))));
    server.stubFor(get(urlEqualTo("/api/passwords/18075"))
        .willReturn(okJson(Samples.text("get-password.json"))));

    SystemAccount account = vault().readAccount(LIST, TITLE);

    assertThat(account.userName()).isEqualTo("borgdrone-4673615");
    assertThat(account.password().reveal()).isEqualTo(SAMPLE_PASSWORD);
  }

  @Test
  void givenNoSuchAccount_readAccount_isRefusedNamingListAndTitle() {
    server.stubFor(get(urlEqualTo(SEARCH_URL)).willReturn(okJson("[]")));

    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> vault().readAccount(LIST, TITLE))
        .satisfies(e -> assertThat(e.kind()).isEqualTo(Kind.REFUSED))
        .withMessageContaining("list 100")
        .withMessageContaining(TITLE);
  }

  @Test
  void givenMetadataOnly_update_putsOnlyIdAndMergedFieldWithoutPassword() {
    String current = "{\"UsedTemplate\":\"_D09\",\"KeyId\":\"old\",\"StagedThumbprint\":\"AB\"}";
    stubCurrent(current);
    server.stubFor(put(urlEqualTo("/api/passwords")).willReturn(okJson(Samples.recordWithField(
        "update-password-response.json", "GenericField6",
        "{\"UsedTemplate\":\"_D09\",\"KeyId\":\"new\"}"))));
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put(MetadataKeys.KEY_ID, "new");
    metadata.put(MetadataKeys.STAGED_THUMBPRINT, "");

    VaultEntry updated = vault().update(entry, Optional.empty(), metadata);

    server.verify(putRequestedFor(urlEqualTo("/api/passwords"))
        .withHeader("APIKey", equalTo(LIST_KEY))
        .withHeader("Reason", equalTo(REASON))
        .withHeader("Content-Type", equalTo("application/json; charset=utf-8"))
        .withRequestBody(equalToJson("{\"PasswordID\":18075,\"GenericField6\":"
            + "\"{\\\"UsedTemplate\\\":\\\"_D09\\\",\\\"KeyId\\\":\\\"new\\\"}\"}")));
    assertThat(updated.metadata())
        .containsExactlyInAnyOrderEntriesOf(Map.of("UsedTemplate", "_D09", "KeyId", "new"));
  }

  @Test
  void givenPasswordAndMetadata_update_putsBothInOneRequest() {
    stubCurrent("");
    server.stubFor(put(urlEqualTo("/api/passwords"))
        .willReturn(okJson(Samples.text("update-password-response.json"))));

    vault().update(entry, Optional.of(Secret.of("n3w-s3cret")), Map.of("KeyId", "k"));

    server.verify(1, putRequestedFor(urlEqualTo("/api/passwords"))
        .withRequestBody(equalToJson("{\"PasswordID\":18075,\"Password\":\"n3w-s3cret\","
            + "\"GenericField6\":\"{\\\"KeyId\\\":\\\"k\\\"}\"}")));
  }

  @Test
  void givenUnknownKeysWithNonStringValues_update_keepsThemAsTheyWere() {
    stubCurrent("{\"Owner\":{\"team\":\"ops\"},\"Count\":3}");
    server.stubFor(put(urlEqualTo("/api/passwords"))
        .willReturn(okJson(Samples.text("update-password-response.json"))));

    vault().update(entry, Optional.empty(), Map.of("KeyId", "k"));

    server.verify(putRequestedFor(urlEqualTo("/api/passwords")).withRequestBody(equalToJson(
        "{\"PasswordID\":18075,\"GenericField6\":\"{\\\"Owner\\\":{\\\"team\\\":\\\"ops\\\"},"
            + "\\\"Count\\\":3,\\\"KeyId\\\":\\\"k\\\"}\"}")));
  }

  @Test
  void givenMetadataAlreadyInPlace_update_sendsNothing() {
    stubCurrent("{\"KeyId\":\"k\"}");

    VaultEntry updated = vault().update(entry, Optional.empty(), Map.of("KeyId", "k", "X", ""));

    assertThat(updated.metadata()).containsExactlyEntriesOf(Map.of("KeyId", "k"));
    server.verify(0, putRequestedFor(anyUrl()));
  }

  @Test
  void givenFieldWithFreeText_update_isRefusedAndChangesNothing() {
    stubCurrent("managed by hand, do not touch");

    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> vault().update(entry, Optional.of(Secret.of("s")), Map.of("K", "v")))
        .satisfies(e -> assertThat(e.kind()).isEqualTo(Kind.REFUSED))
        .withMessageContaining("GenericField6")
        .withMessageContaining("not a JSON object");
    server.verify(0, putRequestedFor(anyUrl()));
  }

  @Test
  void givenManagedListReply_update_returnsMergedMetadata() {
    stubCurrent("{\"UsedTemplate\":\"T\"}");
    server.stubFor(put(urlEqualTo("/api/passwords"))
        .willReturn(okJson(Samples.text("update-password-managed-response.json"))));

    VaultEntry updated =
        vault().update(entry, Optional.of(Secret.of("pw")), Map.of("KeyId", "k"));

    assertThat(updated).isEqualTo(new VaultEntry(LIST, "18075", TITLE,
        Map.of("UsedTemplate", "T", "KeyId", "k")));
  }

  @Test
  void givenDocument_storeDocument_postsRawBytesAndReturnsDocumentId() {
    byte[] pfx = {0x30, (byte) 0x82, 0x0a, 0x01, 0x00, (byte) 0xff};
    server.stubFor(post(urlPathEqualTo("/api/document/password/18075"))
        .willReturn(okJson("{\"DocumentID\":4711,\"DocumentName\":\"app cert.pfx\"}")));
    // WireMock's servlet rejects multipart/form-data without a boundary, which Passwordstate
    // accepts; DocumentUploadTest pins the default type on a plain server.
    PasswordstateVault vault = new PasswordstateVault(
        settings().documentContentType("application/octet-stream").build(), d -> { });

    String documentId = vault.storeDocument(entry, "app cert.pfx", pfx);

    assertThat(documentId).isEqualTo("4711");
    server.verify(postRequestedFor(urlEqualTo("/api/document/password/18075"
        + "?DocumentName=app%20cert.pfx&DocumentDescription=Stored%20by%20the%20Entra"
        + "%20credential%20renewal"))
        .withHeader("APIKey", equalTo(LIST_KEY))
        .withHeader("Reason", equalTo(REASON))
        .withHeader("Content-Type", equalTo("application/octet-stream"))
        .withRequestBody(binaryEqualTo(pfx)));
  }

  @Test
  void givenArrayReply_storeDocument_readsTheDocumentIdFromIt() {
    server.stubFor(post(urlPathEqualTo("/api/document/password/18075"))
        .willReturn(okJson("[{\"DocumentID\":\"12\"}]")));
    PasswordstateVault vault = new PasswordstateVault(
        settings().documentContentType("application/octet-stream").build(), d -> { });

    String documentId = vault.storeDocument(entry, "a.pfx", new byte[] {1});

    assertThat(documentId).isEqualTo("12");
  }

  @Test
  void givenDocument_readDocument_returnsRawBytes() {
    byte[] pfx = {0x30, (byte) 0x82, 0x00, 0x7f, (byte) 0x80};
    server.stubFor(get(urlEqualTo("/api/document/password/4711"))
        .willReturn(aResponse().withHeader("Content-Type", "application/octet-stream")
            .withBody(pfx)));

    byte[] content = vault().readDocument(entry, "4711");

    assertThat(content).isEqualTo(pfx);
    server.verify(getRequestedFor(urlEqualTo("/api/document/password/4711"))
        .withHeader("APIKey", equalTo(LIST_KEY)));
  }

  @Test
  void givenJsonErrorInsteadOfDocument_readDocument_isRefusedQuotingIt() {
    server.stubFor(get(urlEqualTo("/api/document/password/4711")).willReturn(okJson(
        "[{\"errors\":[{\"message\":\"Not Found\"},{\"phrase\":\"No document 4711\"}]}]")));

    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> vault().readDocument(entry, "4711"))
        .satisfies(e -> assertThat(e.kind()).isEqualTo(Kind.REFUSED))
        .withMessageContaining("document 4711")
        .withMessageContaining("Not Found: No document 4711");
  }

  @Test
  void givenDocumentLargerThanLimit_readDocument_isRefused() {
    server.stubFor(get(urlEqualTo("/api/document/password/4711"))
        .willReturn(aResponse().withBody(new byte[2048])));
    PasswordstateVault vault =
        new PasswordstateVault(settings().maxDocumentBytes(1024).build(), d -> { });

    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> vault.readDocument(entry, "4711"))
        .satisfies(e -> assertThat(e.kind()).isEqualTo(Kind.REFUSED))
        .withMessageContaining("larger than the limit of 1024 bytes");
  }

  @Test
  void givenDocumentIdNotANumber_readDocument_isRefusedWithoutCallingTheServer() {
    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> vault().readDocument(entry, "../passwords/1"))
        .satisfies(e -> assertThat(e.kind()).isEqualTo(Kind.REFUSED));
    server.verify(0, anyRequestedFor(anyUrl()));
  }

  private void stubCurrent(String metadataJson) {
    server.stubFor(get(urlEqualTo("/api/passwords/18075")).willReturn(okJson(
        Samples.recordWithField("get-password.json", "GenericField6", metadataJson))));
  }
}
