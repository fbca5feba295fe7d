package io.entrarenewal.adapter.graph;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.entrarenewal.adapter.graph.StandIn.ADMIN_CLIENT_ID;
import static io.entrarenewal.adapter.graph.StandIn.ADMIN_SECRET;
import static io.entrarenewal.adapter.graph.StandIn.ADMIN_TOKEN;
import static io.entrarenewal.adapter.graph.StandIn.TENANT;
import static io.entrarenewal.adapter.graph.StandIn.TOKEN_PATH;
import static io.entrarenewal.adapter.graph.StandIn.json;
import static io.entrarenewal.adapter.graph.StandIn.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.entrarenewal.core.domain.AppRegistration;
import io.entrarenewal.core.domain.ClientId;
import io.entrarenewal.core.domain.Credential;
import io.entrarenewal.core.domain.CredentialType;
import io.entrarenewal.core.domain.ExternalSystemException;
import io.entrarenewal.core.domain.ExternalSystemException.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class GraphDirectoryReadTest {

  @RegisterExtension
  static final WireMockExtension STAND_IN = StandIn.server();

  private static final String SELECT =
      "id,appId,displayName,keyCredentials,passwordCredentials";
  private static final String CLI_APP = "962a4b33-27b3-4659-8ccd-5eaef6bf6ba7";

  private final StandIn.FakePacer pacer = new StandIn.FakePacer();
  private GraphDirectory directory;

  @BeforeEach
  void pointAtStandIn() {
    directory = new GraphDirectory(StandIn.settings(STAND_IN.getHttpsPort()).build(), pacer);
    StandIn.issueTokens(STAND_IN, ADMIN_CLIENT_ID, ADMIN_TOKEN);
  }

  @Test
  void givenAppWithCertificate_findApp_selectsCredentialsAndMapsTheThumbprint() {
    STAND_IN.stubFor(get(urlPathEqualTo("/v1.0/applications(appId='" + CLI_APP + "')"))
        .willReturn(json(200, sample("application-get-with-keycredentials.json"))));

    AppRegistration app = directory.findApp(TENANT, new ClientId(CLI_APP)).orElseThrow();

    assertThat(app.objectId()).isEqualTo("19287dbc-37c4-4d74-8da3-84ab7114e76f");
    assertThat(app.clientId().value()).isEqualTo(CLI_APP);
    assertThat(app.displayName()).isEqualTo("azure-cli-test-000001");
    assertThat(app.tenantName()).isEqualTo("production");
    assertThat(app.credentials()).containsExactly(Credential.certificate(
        UUID.fromString("88888888-0000-0000-0000-000000000001"), "CN=CLI-Login",
        Instant.parse("2022-05-07T06:56:26Z"), Instant.parse("2023-05-07T06:56:26Z"),
        "F9D4365AFC13FC27446AD529035997B32991AE85"));
    STAND_IN.verify(getRequestedFor(urlPathEqualTo("/v1.0/applications(appId='" + CLI_APP + "')"))
        .withQueryParam("$select", equalTo(SELECT))
        .withHeader("Authorization", equalTo("Bearer " + ADMIN_TOKEN)));
    STAND_IN.verify(postRequestedFor(urlPathEqualTo(TOKEN_PATH))
        .withRequestBody(containing("client_id=" + ADMIN_CLIENT_ID))
        .withRequestBody(containing("client_secret=" + ADMIN_SECRET))
        .withRequestBody(containing("grant_type=client_credentials"))
        .withRequestBody(containing("scope=https%3A%2F%2Fgraph.microsoft.com%2F.default")));
  }

  @Test
  void givenKeyInReply_findApp_computesTheThumbprintFromTheCertificate() {
    String body = "{\"id\":\"19287dbc-37c4-4d74-8da3-84ab7114e76f\",\"appId\":\"" + CLI_APP
        + "\",\"displayName\":\"with-key\",\"passwordCredentials\":[],\"keyCredentials\":[{"
        + "\"customKeyIdentifier\":\"0000000000000000000000000000000000000000\","
        + "\"displayName\":\"CN=current\",\"endDateTime\":\"2030-01-01T00:00:00Z\","
        + "\"key\":\"" + StandIn.base64(StandIn.CURRENT.certificate()) + "\","
        + "\"keyId\":\"88888888-0000-0000-0000-000000000003\","
        + "\"startDateTime\":\"2025-01-01T00:00:00Z\",\"type\":\"AsymmetricX509Cert\","
        + "\"usage\":\"Verify\"}]}";
    STAND_IN.stubFor(get(urlPathEqualTo("/v1.0/applications(appId='" + CLI_APP + "')"))
        .willReturn(json(200, body)));

    AppRegistration app = directory.findApp(TENANT, new ClientId(CLI_APP)).orElseThrow();

    assertThat(app.credentials(CredentialType.CERTIFICATE))
        .extracting(Credential::thumbprint)
        .containsExactly(StandIn.CURRENT.thumbprint());
  }

  @Test
  void givenAppWithSecrets_findApp_listsThemWithoutValues() {
    String app = sample("application-list-filter-appid-two-passwords.json");
    String single = app.substring(app.indexOf("[{") + 1, app.lastIndexOf("}]") + 1);
    STAND_IN.stubFor(get(urlPathEqualTo(
            "/v1.0/applications(appId='afb85a07-e312-4d49-b75b-9db4e2d683cd')"))
        .willReturn(json(200, single)));

    AppRegistration found = directory
        .findApp(TENANT, new ClientId("afb85a07-e312-4d49-b75b-9db4e2d683cd")).orElseThrow();

    assertThat(found.credentials(CredentialType.SECRET))
        .extracting(Credential::displayName, Credential::end)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("key2", Instant.parse("2023-05-07T06:52:46Z")),
            org.assertj.core.groups.Tuple.tuple("key1", Instant.parse("2024-05-07T06:52:43Z")));
  }

  @Test
  void givenUnknownAppId_findApp_isEmpty() {
    STAND_IN.stubFor(get(urlPathEqualTo("/v1.0/applications(appId='" + CLI_APP + "')"))
        .willReturn(json(404, sample("error-request-resourcenotfound-observed.json"))));

    assertThat(directory.findApp(TENANT, new ClientId(CLI_APP))).isEmpty();
  }

  @Test
  void givenMalformedJson_findApp_failsNamingTheApp() {
    STAND_IN.stubFor(get(urlPathEqualTo("/v1.0/applications(appId='" + CLI_APP + "')"))
        .willReturn(json(200, "{\"id\":\"19287dbc\",\"appId\":")));

    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> directory.findApp(TENANT, new ClientId(CLI_APP)))
        .withMessageContaining(CLI_APP)
        .withMessageNotContaining(ADMIN_TOKEN)
        .satisfies(e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE));
  }

  @Test
  void givenRefusedAdminSecret_findApp_isRefusedWithoutTheSecret() {
    STAND_IN.resetAll();
    STAND_IN.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(
            urlPathEqualTo(TOKEN_PATH))
        .willReturn(json(401, sample("token-error-invalid-client-7000215.json"))));

    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> directory.findApp(TENANT, new ClientId(CLI_APP)))
        .withMessageContaining("AADSTS7000215")
        .withMessageNotContaining(ADMIN_SECRET)
        .satisfies(e -> assertThat(e.kind()).isEqualTo(Kind.REFUSED));
  }

  @Test
  void givenTenantWithoutAccount_findApp_isRefusedNamingTheTenant() {
    io.entrarenewal.core.domain.Tenant education = new io.entrarenewal.core.domain.Tenant(
        "education", "9f8e7d6c-5b4a-4392-8172-6a5b4c3d2e1f", "8633", "_OND");

    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> directory.findApp(education, new ClientId(CLI_APP)))
        .withMessageContaining("education")
        .satisfies(e -> assertThat(e.kind()).isEqualTo(Kind.REFUSED));
    STAND_IN.verify(exactly(0), getRequestedFor(urlPathEqualTo(
        "/v1.0/applications(appId='" + CLI_APP + "')")));
  }

  @Test
  void givenFreshToken_secondCall_reusesItUntilShortlyBeforeExpiry() {
    STAND_IN.stubFor(get(urlPathEqualTo("/v1.0/applications(appId='" + CLI_APP + "')"))
        .willReturn(json(404, sample("error-request-resourcenotfound-observed.json"))));

    directory.findApp(TENANT, new ClientId(CLI_APP));
    directory.findApp(TENANT, new ClientId(CLI_APP));
    STAND_IN.verify(exactly(1), postRequestedFor(urlPathEqualTo(TOKEN_PATH)));

    pacer.advance(Duration.ofMinutes(56));
    directory.findApp(TENANT, new ClientId(CLI_APP));
    STAND_IN.verify(exactly(2), postRequestedFor(urlPathEqualTo(TOKEN_PATH)));
  }

  @Test
  void givenTwoPages_listApps_streamsPageByPageAndFollowsTheNextLink() {
    String base = "https://localhost:" + STAND_IN.getHttpsPort() + "/v1.0";
    String firstPage = sample("application-list-page1-with-nextlink.json")
        .replace("https://graph.microsoft.com/v1.0", base);
    STAND_IN.stubFor(get(urlPathEqualTo("/v1.0/applications"))
        .withQueryParam("$top", equalTo("999"))
        .willReturn(json(200, firstPage)));
    STAND_IN.stubFor(get(urlPathEqualTo("/v1.0/applications"))
        .withQueryParam("$skiptoken", com.github.tomakehurst.wiremock.client.WireMock.matching(".+"))
        .willReturn(json(200, sample("application-list-page2-last.json"))));
    List<String> seen = new ArrayList<>();
    List<Integer> requestsWhenSeen = new ArrayList<>();

    directory.listApps(TENANT, app -> {
      seen.add(app.displayName());
      requestsWhenSeen.add(STAND_IN.findAll(getRequestedFor(urlPathEqualTo("/v1.0/applications")))
          .size());
    });

    assertThat(seen).containsExactly(
        "apisandboxproxy", "EduPopulationHelper", "permissions-scraper-app");
    assertThat(requestsWhenSeen).containsExactly(1, 1, 2);
    STAND_IN.verify(getRequestedFor(urlPathEqualTo("/v1.0/applications"))
        .withQueryParam("$top", equalTo("999"))
        .withQueryParam("$select", equalTo(SELECT)));
  }

  @Test
  void givenThrottledPage_listApps_waitsTheRetryAfterAndCarriesOn() {
    String base = "https://localhost:" + STAND_IN.getHttpsPort() + "/v1.0";
    STAND_IN.stubFor(get(urlPathEqualTo("/v1.0/applications"))
        .withQueryParam("$top", equalTo("999"))
        .willReturn(json(200, sample("application-list-page1-with-nextlink.json")
            .replace("https://graph.microsoft.com/v1.0", base))));
    STAND_IN.stubFor(get(urlPathEqualTo("/v1.0/applications"))
        .withQueryParam("$skiptoken", com.github.tomakehurst.wiremock.client.WireMock.matching(".+"))
        .inScenario("throttle").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(json(429, "{\"error\":{\"code\":\"TooManyRequests\",\"message\":\"slow down\"}}")
            .withHeader("Retry-After", "7"))
        .willSetStateTo("served"));
    STAND_IN.stubFor(get(urlPathEqualTo("/v1.0/applications"))
        .withQueryParam("$skiptoken", com.github.tomakehurst.wiremock.client.WireMock.matching(".+"))
        .inScenario("throttle").whenScenarioStateIs("served")
        .willReturn(json(200, sample("application-list-page2-last.json"))));
    List<String> seen = new ArrayList<>();

    directory.listApps(TENANT, app -> seen.add(app.displayName()));

    assertThat(seen).hasSize(3).endsWith("permissions-scraper-app");
    assertThat(pacer.pauses).hasSize(1);
    assertThat(pacer.pauses.get(0)).isGreaterThanOrEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void givenThrottlingThatNeverEnds_listApps_givesUpAsUnavailable() {
    STAND_IN.stubFor(get(urlPathEqualTo("/v1.0/applications"))
        .willReturn(json(429, "{\"error\":{\"code\":\"TooManyRequests\",\"message\":\"no\"}}")
            .withHeader("Retry-After", "1")));

    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> directory.listApps(TENANT, app -> { }))
        .withMessageContaining("production")
        .satisfies(e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE));
    STAND_IN.verify(exactly(3), getRequestedFor(urlPathEqualTo("/v1.0/applications")));
  }

  @Test
  void givenNextLinkToAnotherHost_listApps_refusesToSendTheTokenThere() {
    STAND_IN.stubFor(get(urlPathEqualTo("/v1.0/applications"))
        .willReturn(json(200, sample("application-list-page1-with-nextlink.json"))));

    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> directory.listApps(TENANT, app -> { }))
        .withMessageContaining("another host");
  }

  @Test
  void givenUnreachableGraph_findApp_isUnavailable() {
    STAND_IN.stubFor(get(urlEqualTo("/never")).willReturn(aResponse().withStatus(200)));
    GraphDirectory nowhere = new GraphDirectory(StandIn.settings(STAND_IN.getHttpsPort())
        .graphBaseUrl(java.net.URI.create("https://localhost:1/v1.0")).build(), pacer);

    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> nowhere.findApp(TENANT, new ClientId(CLI_APP)))
        .satisfies(e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE));
  }
}
