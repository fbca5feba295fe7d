package io.entrarenewal.adapter.passwordstate;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.entrarenewal.adapter.passwordstate.PasswordstateVaultRequestsTest.LIST;
import static io.entrarenewal.adapter.passwordstate.PasswordstateVaultRequestsTest.LIST_KEY;
import static io.entrarenewal.adapter.passwordstate.PasswordstateVaultRequestsTest.SAMPLE_PASSWORD;
import static io.entrarenewal.adapter.passwordstate.PasswordstateVaultRequestsTest.SYSTEM_KEY;
import static io.entrarenewal.adapter.passwordstate.PasswordstateVaultRequestsTest.TITLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.entrarenewal.core.domain.ExternalSystemException;
import io.entrarenewal.core.domain.ExternalSystemException.Kind;
import io.entrarenewal.core.domain.RefusalReason;
import io.entrarenewal.core.domain.RefusedException;
import io.entrarenewal.core.domain.RetryPolicy;
import io.entrarenewal.core.domain.Secret;
import io.entrarenewal.core.domain.VaultEntry;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Faults and hostile replies: each must end in a precise error of the right kind, with reads
 * retried, writes not, and no secret in any message.
 */
class PasswordstateVaultFaultsTest {

  @RegisterExtension
  static WireMockExtension server = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort().dynamicHttpsPort()).build();

  private final VaultEntry entry = new VaultEntry(LIST, "18075", TITLE, Map.of());
  private final List<Duration> pauses = new CopyOnWriteArrayList<>();

  private PasswordstateVault vault() {
    return vault(settings());
  }

  private PasswordstateVault vault(PasswordstateSettings.Builder settings) {
    return new PasswordstateVault(settings.build(), pauses::add);
  }

  private static PasswordstateSettings.Builder settings() {
    return PasswordstateSettings.builder(URI.create("http://localhost:" + server.getPort()))
        .listApiKey(LIST, Secret.of(LIST_KEY))
        .systemApiKey(Secret.of(SYSTEM_KEY))
        .requestTimeout(Duration.ofSeconds(10))
        .retryPolicy(new RetryPolicy(3, Duration.ofMillis(1), Duration.ofSeconds(30)));
  }

  @Test
  void givenReasonRequired_readPassword_isRefusedSayingWhichSettingToSet() {
    server.stubFor(get(urlEqualTo("/api/passwords/18075")).willReturn(aResponse().withStatus(401)
        .withBody(Samples.text("error-401-reason-required.json"))));

    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> vault().readPassword(entry))
        .satisfies(e -> assertThat(e.kind()).isEqualTo(Kind.REFUSED))
        .withMessageContaining("list 100 requires a Reason header: set passwordstate.reason")
        .withMessageContaining("No Authorization");
    server.verify(1, getRequestedFor(urlEqualTo("/api/passwords/18075")));
  }

  @Test
  void givenRedirectToErrorPage_findEntry_isRefusedWithoutFollowingIt() {
    server.stubFor(get(urlPathEqualTo("/api/searchpasswords/100")).willReturn(aResponse()
        .withStatus(302).withHeader("Location", "/error/generalerror.aspx?aspxerrorpath=/api")));

    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> vault().findEntry(LIST, TITLE))
        .satisfies(e -> assertThat(e.kind()).isEqualTo(Kind.REFUSED))
        .withMessageContaining("redirected to /error/generalerror.aspx")
        .withMessageContaining("check the key of list 100");
    server.verify(0, getRequestedFor(urlPathEqualTo("/error/generalerror.aspx")));
  }

  @Test
  void givenForbidden_readPassword_isRefusedAsMissingPermission() {
    server.stubFor(get(urlEqualTo("/api/passwords/18075")).willReturn(aResponse().withStatus(403)
        .withBody("[{\"errors\":[{\"message\":\"Forbidden\"}]}]")));

    assertThatExceptionOfType(RefusedException.class)
        .isThrownBy(() -> vault().readPassword(entry))
        .satisfies(e -> assertThat(e.reason()).isEqualTo(RefusalReason.PERMISSION_MISSING));
  }

  @Test
  void givenOneServerError_readPassword_retriesAndSucceeds() {
    server.stubFor(get(urlEqualTo("/api/passwords/18075")).inScenario("flaky")
        .whenScenarioStateIs(STARTED).willSetStateTo("recovered")
        .willReturn(aResponse().withStatus(503)));
    server.stubFor(get(urlEqualTo("/api/passwords/18075")).inScenario("flaky")
        .whenScenarioStateIs("recovered")
        .willReturn(okJson(Samples.text("get-password.json"))));

    Optional<Secret> password = vault().readPassword(entry);

    assertThat(password).hasValueSatisfying(p -> assertThat(p.reveal()).isEqualTo(SAMPLE_PASSWORD));
    server.verify(2, getRequestedFor(urlEqualTo("/api/passwords/18075")));
    assertThat(pauses).hasSize(1);
  }

  @Test
  void givenServerErrorsOnly_readPassword_isUnavailableAfterAllAttempts() {
    server.stubFor(get(urlEqualTo("/api/passwords/18075")).willReturn(aResponse().withStatus(500)
        .withBody("[{\"errors\":[{\"message\":\"Internal error\"}]}]")));

    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> vault().readPassword(entry))
        .satisfies(e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE))
        .withMessageContaining("HTTP 500 Internal error");
    server.verify(3, getRequestedFor(urlEqualTo("/api/passwords/18075")));
  }

  @Test
  void givenErrorBodyWithSuccessStatus_findEntry_isRefusedQuotingTheError() {
    server.stubFor(get(urlPathEqualTo("/api/searchpasswords/100")).willReturn(okJson(
        "[{\"errors\":[{\"message\":\"Invalid Query\"},{\"phrase\":\"Unknown field\"}]}]")));

    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> vault().findEntry(LIST, TITLE))
        .satisfies(e -> assertThat(e.kind()).isEqualTo(Kind.REFUSED))
        .withMessageContaining("answered with an error: Invalid Query: Unknown field");
  }

  @Test
  void givenNoPasswordsFoundWithSuccessStatus_findEntry_isEmpty() {
    server.stubFor(get(urlPathEqualTo("/api/searchpasswords/100")).willReturn(okJson(
        "[{\"errors\":[{\"message\":\"Not Found\"},{\"phrase\":\"No Passwords found in the"
            + " Password Lists for PasswordListID of 100\"}]}]")));

    assertThat(vault().findEntry(LIST, TITLE)).isEmpty();
  }

  @Test
  void givenTooManyRequestsWithRetryAfter_findEntry_waitsAsLongAsAsked() {
    server.stubFor(get(urlPathEqualTo("/api/searchpasswords/100")).inScenario("busy")
        .whenScenarioStateIs(STARTED).willSetStateTo("free")
        .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7")));
    server.stubFor(get(urlPathEqualTo("/api/searchpasswords/100")).inScenario("busy")
        .whenScenarioStateIs("free").willReturn(okJson("[]")));

    Optional<VaultEntry> found = vault().findEntry(LIST, TITLE);

    assertThat(found).isEmpty();
    assertThat(pauses).containsExactly(Duration.ofSeconds(7));
  }

  @Test
  void givenConnectionResets_findEntry_isUnavailableAfterRetries() {
    server.stubFor(get(urlPathEqualTo("/api/searchpasswords/100"))
        .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

    assertUnavailable(() -> vault().findEntry(LIST, TITLE));
    server.verify(3, getRequestedFor(urlPathEqualTo("/api/searchpasswords/100")));
    assertThat(pauses).hasSize(2);
  }

  @Test
  void givenGarbageAfterHeaders_readPassword_isUnavailable() {
    server.stubFor(get(urlEqualTo("/api/passwords/18075"))
        .willReturn(aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE)));

    assertUnavailable(() -> vault(settings().retryPolicy(RetryPolicy.none())).readPassword(entry));
  }

  @Test
  void givenSlowServer_readPassword_isUnavailableAfterRetries() {
    server.stubFor(get(urlEqualTo("/api/passwords/18075"))
        .willReturn(okJson("[]").withFixedDelay(2500)));

    assertUnavailable(() -> vault(settings().requestTimeout(Duration.ofMillis(700)).retryPolicy(
        new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(1)))).readPassword(entry));
    server.verify(2, getRequestedFor(urlEqualTo("/api/passwords/18075")));
  }

  @Test
  void givenNothingListening_findEntry_isUnavailable() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    PasswordstateVault vault = vault(PasswordstateSettings
        .builder(URI.create("http://127.0.0.1:" + closedPort))
        .listApiKey(LIST, Secret.of(LIST_KEY))
        .retryPolicy(new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(1))));

    assertUnavailable(() -> vault.findEntry(LIST, TITLE));
    assertThat(pauses).hasSize(1);
  }

  @Test
  void givenNothingListening_storeDocument_isUnavailableAfterRetryingTheConnection()
      throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    PasswordstateVault vault = vault(PasswordstateSettings
        .builder(URI.create("http://127.0.0.1:" + closedPort))
        .listApiKey(LIST, Secret.of(LIST_KEY))
        .retryPolicy(new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(1))));

    assertUnavailable(() -> vault.storeDocument(entry, "a.pfx", new byte[] {1}));
    assertThat(pauses).hasSize(2);
  }

  @Test
  void givenSlowServer_update_isAmbiguousAndNotRepeated() {
    stubCurrentRecord();
    server.stubFor(put(urlEqualTo("/api/passwords"))
        .willReturn(okJson(Samples.text("update-password-response.json")).withFixedDelay(2500)));

    assertAmbiguous(() -> vault(settings().requestTimeout(Duration.ofMillis(700)))
        .update(entry, Optional.of(Secret.of("n")), Map.of()));
    server.verify(1, putRequestedFor(urlEqualTo("/api/passwords")));
  }

  @Test
  void givenConnectionResetOnPut_update_isAmbiguousAndNotRepeated() {
    stubCurrentRecord();
    server.stubFor(put(urlEqualTo("/api/passwords"))
        .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

    assertAmbiguous(() -> vault().update(entry, Optional.empty(), Map.of("KeyId", "k")));
    server.verify(1, putRequestedFor(urlEqualTo("/api/passwords")));
  }

  @Test
  void givenServerErrorOnPut_update_isAmbiguousAndNotRepeated() {
    stubCurrentRecord();
    server.stubFor(put(urlEqualTo("/api/passwords")).willReturn(aResponse().withStatus(500)));

    assertAmbiguous(() -> vault().update(entry, Optional.empty(), Map.of("KeyId", "k")));
    server.verify(1, putRequestedFor(urlEqualTo("/api/passwords")));
  }

  @Test
  void givenErrorQuotingTheNewPassword_update_keepsItOutOfTheMessage() {
    stubCurrentRecord();
    server.stubFor(put(urlEqualTo("/api/passwords")).willReturn(aResponse().withStatus(400)
        .withBody("[{\"errors\":[{\"message\":\"Bad Request\"},"
            + "{\"phrase\":\"Password 'N3w-P4ss!' does not meet the policy\"}]}]")));

    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> vault().update(entry, Optional.of(Secret.of("N3w-P4ss!")), Map.of()))
        .satisfies(e -> assertThat(e.kind()).isEqualTo(Kind.REFUSED))
        .withMessageContaining("does not meet the policy")
        .withMessageNotContaining("N3w-P4ss!");
  }

  @Test
  void givenServiceUnavailableOnPut_update_isUnavailable() {
    stubCurrentRecord();
    server.stubFor(put(urlEqualTo("/api/passwords")).willReturn(aResponse().withStatus(503)));

    assertUnavailable(() -> vault().update(entry, Optional.empty(), Map.of("KeyId", "k")));
    server.verify(1, putRequestedFor(urlEqualTo("/api/passwords")));
  }

  @Test
  void givenAcceptedPutWithUnreadableReply_update_isAmbiguous() {
    stubCurrentRecord();
    server.stubFor(put(urlEqualTo("/api/passwords")).willReturn(okJson("[{\"PasswordID\":")));

    assertAmbiguous(() -> vault().update(entry, Optional.empty(), Map.of("KeyId", "k")));
  }

  @Test
  void givenConnectionResetOnUpload_storeDocument_isAmbiguousAndNotRepeated() {
    server.stubFor(post(urlPathMatching("/api/document/password/.*"))
        .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

    assertAmbiguous(() -> vault(settings().documentContentType("application/octet-stream"))
        .storeDocument(entry, "a.pfx", new byte[] {1, 2}));
    server.verify(1, postRequestedFor(urlPathMatching("/api/document/password/.*")));
  }

  @Test
  void givenMalformedJson_readPassword_isRefusedWithoutQuotingTheBody() {
    server.stubFor(get(urlEqualTo("/api/passwords/18075"))
        .willReturn(okJson("[{\"PasswordID\":18075,\"Password\": hunter2secret}]")));

    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> vault().readPassword(entry))
        .satisfies(e -> assertThat(e.kind()).isEqualTo(Kind.REFUSED))
        .withMessageContaining("not valid JSON")
        .withMessageNotContaining("hunter2secret");
  }

  @Test
  void givenHtmlPage_findEntry_isRefusedNamingTheLikelyCause() {
    server.stubFor(get(urlPathEqualTo("/api/searchpasswords/100")).willReturn(aResponse()
        .withHeader("Content-Type", "text/html").withBody("<html><body>Login</body></html>")));

    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> vault().findEntry(LIST, TITLE))
        .satisfies(e -> assertThat(e.kind()).isEqualTo(Kind.REFUSED))
        .withMessageContaining("HTML page instead of JSON")
        .withMessageContaining("API path");
  }

  @Test
  void givenWrongJsonTypes_findEntry_isRefusedNamingTheField() {
    server.stubFor(get(urlPathEqualTo("/api/searchpasswords/100")).willReturn(okJson(
        "[{\"PasswordID\":1,\"Title\":42}]")));

    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> vault().findEntry(LIST, TITLE))
        .withMessageContaining("field Title is a JSON NUMBER, not text");
  }

  @Test
  void givenObjectInsteadOfArray_findEntry_isRefused() {
    server.stubFor(get(urlPathEqualTo("/api/searchpasswords/100")).willReturn(okJson(
        "{\"PasswordID\":1,\"Title\":\"x\"}")));

    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> vault().findEntry(LIST, TITLE))
        .withMessageContaining("not an array");
  }

  @Test
  void givenIdOfWrongType_readPassword_isRefused() {
    server.stubFor(get(urlEqualTo("/api/passwords/18075")).willReturn(okJson(
        "[{\"PasswordID\":{\"id\":18075},\"Password\":\"x\"}]")));

    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> vault().readPassword(entry))
        .withMessageContaining("PasswordID is not a numeric id");
  }

  @Test
  void givenHugeReply_findEntry_isRefusedAtTheCap() {
    String huge = "[" + "{\"PasswordID\":1,\"Title\":\"x\"},".repeat(2000) + "{}]";
    server.stubFor(get(urlPathEqualTo("/api/searchpasswords/100")).willReturn(okJson(huge)));

    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> vault(settings().maxJsonBytes(16 * 1024)).findEntry(LIST, TITLE))
        .satisfies(e -> assertThat(e.kind()).isEqualTo(Kind.REFUSED))
        .withMessageContaining("larger than the configured limit");
  }

  @Test
  void givenDeeplyNestedJson_findEntry_isRefused() {
    String deep = "[".repeat(5000) + "]".repeat(5000);
    server.stubFor(get(urlPathEqualTo("/api/searchpasswords/100")).willReturn(okJson(deep)));

    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> vault().findEntry(LIST, TITLE))
        .satisfies(e -> assertThat(e.kind()).isEqualTo(Kind.REFUSED))
        .withMessageContaining("not valid JSON");
  }

  @Test
  void givenUnknownFieldsOfNewerBuilds_readPassword_ignoresThem() {
    String newer = Samples.text("get-password.json").replace("\"OTP\": null",
        "\"OTP\": null, \"OTPUri\": \"otpauth://x\", \"Extra\": {\"deep\": [1, 2]}");
    server.stubFor(get(urlEqualTo("/api/passwords/18075")).willReturn(okJson(newer)));

    assertThat(vault().readPassword(entry)).isPresent();
  }

  @Test
  void givenUntrustedCertificate_findEntry_isRefusedWithoutRetrying() {
    PasswordstateVault vault = vault(PasswordstateSettings
        .builder(URI.create("https://localhost:" + server.getHttpsPort()))
        .listApiKey(LIST, Secret.of(LIST_KEY)));

    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> vault.findEntry(LIST, TITLE))
        .satisfies(e -> assertThat(e.kind()).isEqualTo(Kind.REFUSED))
        .withMessageContaining("TLS handshake");
    assertThat(pauses).isEmpty();
  }

  @Test
  void givenTrustedCertificateForAnotherName_findEntry_isRefusedByTheHostNameCheck()
      throws Exception {
    KeyStore trust = KeyStore.getInstance("JKS");
    try (InputStream in = WireMockExtension.class.getResourceAsStream("/keystore")) {
      trust.load(in, "password".toCharArray());
    }
    PasswordstateVault vault = vault(PasswordstateSettings
        .builder(URI.create("https://localhost:" + server.getHttpsPort()))
        .listApiKey(LIST, Secret.of(LIST_KEY))
        .trustStore(trust));

    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> vault.findEntry(LIST, TITLE))
        .satisfies(e -> assertThat(e.kind()).isEqualTo(Kind.REFUSED))
        .withMessageContaining("names the host");
    server.verify(0, anyRequestedFor(urlPathEqualTo("/api/searchpasswords/100")));
  }

  @Test
  void givenAnyFailure_messages_neverContainTheApiKeys() {
    server.stubFor(get(urlEqualTo("/api/passwords/18075")).willReturn(aResponse().withStatus(401)
        .withBody(Samples.text("error-401-reason-required.json"))));

    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> vault().readPassword(entry))
        .withMessageNotContaining(LIST_KEY)
        .withMessageNotContaining(SYSTEM_KEY);
  }

  private void stubCurrentRecord() {
    server.stubFor(get(urlEqualTo("/api/passwords/18075"))
        .willReturn(okJson(Samples.text("get-password.json"))));
  }

  private static void assertUnavailable(ThrowingCallable call) {
    assertThatExceptionOfType(ExternalSystemException.class).isThrownBy(call)
        .satisfies(e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE));
  }

  private static void assertAmbiguous(ThrowingCallable call) {
    assertThatExceptionOfType(ExternalSystemException.class).isThrownBy(call)
        .satisfies(e -> assertThat(e.kind()).isEqualTo(Kind.AMBIGUOUS))
        .withMessageContaining("read the entry back");
  }
}
