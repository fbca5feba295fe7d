package io.entrarenewal.adapter.passwordstate;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.entrarenewal.core.domain.RetryPolicy;
import io.entrarenewal.core.domain.Secret;
import io.entrarenewal.core.domain.VaultEntry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Runs a whole renewal's worth of calls at DEBUG and checks that no secret reaches the log. */
class LoggedSecretsTest {

  private static final String LIST_KEY = "logged-list-key-value";
  private static final String NEW_PASSWORD = "logged-new-password-value";

  @RegisterExtension
  static WireMockExtension server =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @Test
  void givenDebugLogging_vaultCalls_logNoKeyPasswordOrMetadataText() {
    String record = Samples.recordWithField("get-password.json", "GenericField6", "no json");
    server.stubFor(get(urlPathEqualTo("/api/searchpasswords/100")).willReturn(okJson(record)));
    server.stubFor(get(urlEqualTo("/api/passwords/18075")).willReturn(okJson(
        Samples.text("get-password.json"))));
    server.stubFor(put(urlEqualTo("/api/passwords")).willReturn(aResponse().withStatus(503)));
    PasswordstateVault vault = new PasswordstateVault(PasswordstateSettings
        .builder(URI.create(server.baseUrl()))
        .listApiKey("100", Secret.of(LIST_KEY))
        .retryPolicy(new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(1)))
        .build(), d -> { });
    VaultEntry entry = new VaultEntry("100", "18075", "t", Map.of());

    String log = capturingStandardError(() -> {
      vault.findEntry("100", "borgdrone-4673615 @ Unimatrix Zero");
      vault.readPassword(entry);
      catchThrowable(() -> vault.update(entry, Optional.of(Secret.of(NEW_PASSWORD)), Map.of()));
    });

    assertThat(log).contains("DEBUG", "HTTP 200", "holds no JSON");
    assertThat(log).doesNotContain(LIST_KEY, NEW_PASSWORD,
        PasswordstateVaultRequestsTest.SAMPLE_PASSWORD, "no json");
  }

  private static String capturingStandardError(Runnable action) {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      action.run();
    } finally {
      System.setErr(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }
}
