package io.entrarenewal.adapter.passwordstate;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.entrarenewal.core.domain.RetryPolicy;
import io.entrarenewal.core.domain.Secret;
import io.entrarenewal.core.port.out.Vault;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The vault contract against the WireMock-backed fake Passwordstate. */
class PasswordstateVaultContractTest extends VaultContractTest {

  private static final String LIST = "6691";
  private static final String KEY = "contract-list-key";
  private static final FakePasswordstate FAKE = new FakePasswordstate();

  @RegisterExtension
  static WireMockExtension server = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort().extensions(FAKE)).build();

  private Vault vault;

  @BeforeEach
  void startFake() {
    FAKE.clear();
    FAKE.addList(LIST, KEY);
    server.stubFor(any(anyUrl()).willReturn(ok()));
    vault = PasswordstateVault.create(PasswordstateSettings
        .builder(URI.create(server.baseUrl()))
        .listApiKey(LIST, Secret.of(KEY))
        .metadataField(LIST, "GenericField7")
        // WireMock cannot read a multipart body without parts; Passwordstate can.
        .documentContentType("application/octet-stream")
        .retryPolicy(new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(2)))
        .build());
  }

  @Override
  protected Vault vault() {
    return vault;
  }

  @Override
  protected String listId() {
    return LIST;
  }

  @Override
  protected void givenEntry(String title, String userName, String password,
      String metadataJson) {
    FAKE.addEntry(LIST, title, userName, password, "GenericField7", metadataJson);
  }

  @Override
  protected String storedPassword(String title) {
    return FAKE.storedField(title, "Password");
  }

  @Override
  protected String storedMetadata(String title) {
    return FAKE.storedField(title, "GenericField7");
  }

  @Override
  protected byte[] storedDocument(String documentId) {
    return FAKE.storedDocument(Long.parseLong(documentId));
  }
}
