package io.entrarenewal.adapter.graph;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.entrarenewal.adapter.graph.StandIn.ADMIN_CLIENT_ID;
import static io.entrarenewal.adapter.graph.StandIn.ADMIN_TOKEN;
import static io.entrarenewal.adapter.graph.StandIn.APP_TOKEN;
import static io.entrarenewal.adapter.graph.StandIn.CURRENT;
import static io.entrarenewal.adapter.graph.StandIn.NEXT;
import static io.entrarenewal.adapter.graph.StandIn.TENANT;
import static io.entrarenewal.adapter.graph.StandIn.TOKEN_PATH;
import static io.entrarenewal.adapter.graph.StandIn.json;
import static io.entrarenewal.adapter.graph.StandIn.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import io.entrarenewal.core.domain.AddedSecret;
import io.entrarenewal.core.domain.AppRegistration;
import io.entrarenewal.core.domain.CertificateKeyPair;
import io.entrarenewal.core.domain.ClientId;
import io.entrarenewal.core.domain.Credential;
import io.entrarenewal.core.domain.ExternalSystemException;
import io.entrarenewal.core.domain.ExternalSystemException.Kind;
import io.entrarenewal.core.domain.RefusalReason;
import io.entrarenewal.core.domain.RefusedException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class GraphDirectoryWriteTest {

  @RegisterExtension
  static final WireMockExtension STAND_IN = StandIn.server();

  private static final String OBJECT_ID = "19287dbc-37c4-4d74-8da3-84ab7114e76f";
  private static final String APP_ID = "962a4b33-27b3-4659-8ccd-5eaef6bf6ba7";
  private static final String APP_PATH = "/v1.0/applications/" + OBJECT_ID;
  private static final UUID CURRENT_KEY_ID =
      UUID.fromString("88888888-0000-0000-0000-000000000001");
  private static final AppRegistration APP = new AppRegistration(
      TENANT.name(), OBJECT_ID, new ClientId(APP_ID), "billing-api", List.of());

  private final StandIn.FakePacer pacer = new StandIn.FakePacer();
  private GraphDirectory directory;

  @BeforeEach
  void pointAtStandIn() {
    directory = new GraphDirectory(StandIn.settings(STAND_IN.getHttpsPort()).build(), pacer);
    StandIn.issueTokens(STAND_IN, ADMIN_CLIENT_ID, ADMIN_TOKEN);
    StandIn.issueTokens(STAND_IN, APP_ID, APP_TOKEN);
  }

  @Test
  void addSecret_sendsTheEndAndDisplayName_andReturnsTheValueOnce() {
    STAND_IN.stubFor(post(urlPathEqualTo(APP_PATH + "/addPassword"))
        .willReturn(json(200, sample("addpassword-response.json"))));

    AddedSecret added = directory.addSecret(
        TENANT, APP, "billing-api 2026-12", Instant.parse("2027-06-01T10:15:30.123Z"));

    assertThat(added.value().reveal()).isEqualTo("replaced-microsoft-graph-password");
    assertThat(added.credential().keyId())
        .isEqualTo(UUID.fromString("73c912d2-fd2d-42a0-b3ae-2e45d006b8bc"));
    assertThat(added.credential().end()).isEqualTo(Instant.parse("2024-05-07T06:52:43Z"));
    assertThat(added.toString()).doesNotContain("replaced-microsoft-graph-password");
    STAND_IN.verify(postRequestedFor(urlPathEqualTo(APP_PATH + "/addPassword"))
        .withHeader("Authorization", equalTo("Bearer " + ADMIN_TOKEN))
        .withRequestBody(matchingJsonPath(
            "$.passwordCredential.displayName", equalTo("billing-api 2026-12")))
        .withRequestBody(matchingJsonPath(
            "$.passwordCredential.endDateTime", equalTo("2027-06-01T10:15:30Z"))));
  }

  @Test
  void givenLifetimePolicy_addSecret_isRefusedNamingThePolicy() {
    STAND_IN.stubFor(post(urlPathEqualTo(APP_PATH + "/addPassword"))
        .willReturn(json(400, sample("error-credentialinvalidlifetimeasperapppolicy.json"))));

    assertThatExceptionOfType(RefusedException.class)
        .isThrownBy(() -> directory.addSecret(
            TENANT, APP, "billing-api 2026-12", Instant.parse("2028-12-01T00:00:00Z")))
        .satisfies(e -> assertThat(e.reason()).isEqualTo(RefusalReason.LIFETIME_POLICY))
        .withMessageContaining("'aaaaaaa'")
        .withMessageContaining(APP_ID);
  }

  @Test
  void given503_addSecret_isAmbiguousAndNotSentAgain() {
    STAND_IN.stubFor(post(urlPathEqualTo(APP_PATH + "/addPassword"))
        .willReturn(json(503, "{\"error\":{\"code\":\"ServiceUnavailable\",\"message\":\"busy\"}}")
            .withHeader("Retry-After", "1")));

    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> directory.addSecret(
            TENANT, APP, "billing-api 2026-12", Instant.parse("2027-06-01T00:00:00Z")))
        .satisfies(e -> assertThat(e.kind()).isEqualTo(Kind.AMBIGUOUS));
    STAND_IN.verify(exactly(1), postRequestedFor(urlPathEqualTo(APP_PATH + "/addPassword")));
    assertThat(pacer.pauses).isEmpty();
  }

  @Test
  void givenDroppedConnection_addSecret_isAmbiguousAndNotSentAgain() {
    STAND_IN.stubFor(post(urlPathEqualTo(APP_PATH + "/addPassword"))
        .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> directory.addSecret(
            TENANT, APP, "billing-api 2026-12", Instant.parse("2027-06-01T00:00:00Z")))
        .satisfies(e -> assertThat(e.kind()).isEqualTo(Kind.AMBIGUOUS));
    STAND_IN.verify(exactly(1), postRequestedFor(urlPathEqualTo(APP_PATH + "/addPassword")));
  }

  @Test
  void givenGarbledReply_addSecret_isAmbiguous() {
    STAND_IN.stubFor(post(urlPathEqualTo(APP_PATH + "/addPassword"))
        .willReturn(json(200, "{\"keyId\":\"73c912d2-fd2d-42a0-b3ae-2e45d006b8bc\",\"secretT")));

    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> directory.addSecret(
            TENANT, APP, "billing-api 2026-12", Instant.parse("2027-06-01T00:00:00Z")))
        .satisfies(e -> assertThat(e.kind()).isEqualTo(Kind.AMBIGUOUS));
  }

  @Test
  void addCertificate_getsAnAppTokenWithTheCurrentKey_andPostsAddKeyWithProof() throws Exception {
    STAND_IN.stubFor(post(urlPathEqualTo(APP_PATH + "/addKey"))
        .willReturn(json(200, "{\"customKeyIdentifier\":null,\"displayName\":\"CN=next\","
            + "\"endDateTime\":\"2036-01-01T00:00:00Z\",\"key\":null,"
            + "\"keyId\":\"a1b2c3d4-0000-0000-0000-000000000009\","
            + "\"startDateTime\":\"2026-01-01T00:00:00Z\",\"type\":\"AsymmetricX509Cert\","
            + "\"usage\":\"Verify\"}")));
    Instant before = pacer.now();

    Credential added = directory.addCertificate(
        TENANT, APP, CURRENT, NEXT.certificate(), "billing-api 2026");

    assertThat(added.keyId()).isEqualTo(UUID.fromString("a1b2c3d4-0000-0000-0000-000000000009"));
    assertThat(added.thumbprint()).isEqualTo(NEXT.thumbprint());

    SignedJWT assertion = SignedJWT.parse(formField(appTokenRequest(), "client_assertion"));
    assertThat(formField(appTokenRequest(), "client_assertion_type"))
        .isEqualTo("urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
    assertRs256WithBothThumbprints(assertion, CURRENT);
    assertThat(assertion.getJWTClaimsSet().getAudience()).containsExactly(
        "https://localhost:" + STAND_IN.getHttpsPort() + TOKEN_PATH);
    assertThat(assertion.getJWTClaimsSet().getIssuer()).isEqualTo(APP_ID);
    assertThat(assertion.getJWTClaimsSet().getSubject()).isEqualTo(APP_ID);
    assertThat(assertion.getJWTClaimsSet().getJWTID()).isNotBlank();
    assertTenMinutesFrom(assertion, before);
    assertThat(assertion.getJWTClaimsSet().getIssueTime()).isNotNull();

    LoggedRequest addKey = STAND_IN.findAll(
        postRequestedFor(urlPathEqualTo(APP_PATH + "/addKey"))).get(0);
    assertThat(addKey.getHeader("Authorization")).isEqualTo("Bearer " + APP_TOKEN);
    Map<String, Object> body = JSONObjectUtils.parse(addKey.getBodyAsString());
    assertThat(body).containsKey("proof");
    assertThat(JSONObjectUtils.getJSONObject(body, "keyCredential"))
        .containsEntry("type", "AsymmetricX509Cert")
        .containsEntry("usage", "Verify")
        .containsEntry("key", StandIn.base64(NEXT.certificate()))
        .containsEntry("displayName", "billing-api 2026");
    assertThat(body.get("passwordCredential")).isNull();
    String compactProof = (String) body.get("proof");
    assertThat(compactProof).doesNotContain("=");
    SignedJWT proof = SignedJWT.parse(compactProof);
    assertRs256WithBothThumbprints(proof, CURRENT);
    assertThat(proof.getJWTClaimsSet().getAudience())
        .containsExactly("00000002-0000-0000-c000-000000000000");
    assertThat(proof.getJWTClaimsSet().getIssuer()).isEqualTo(OBJECT_ID);
    assertThat(proof.getJWTClaimsSet().getJWTID()).isNotBlank();
    assertTenMinutesFrom(proof, before);
  }

  @Test
  void givenExpiredOldCertificate_addCertificate_isRefusedAsSelfServiceRejected() {
    STAND_IN.stubFor(post(urlPathEqualTo(TOKEN_PATH))
        .withRequestBody(containing("client_id=" + APP_ID))
        .willReturn(json(401, sample("token-error-invalid-client-700027.json"))));

    assertThatExceptionOfType(RefusedException.class)
        .isThrownBy(() -> directory.addCertificate(
            TENANT, APP, CURRENT, NEXT.certificate(), "billing-api 2026"))
        .satisfies(e -> assertThat(e.reason()).isEqualTo(RefusalReason.SELF_SERVICE_REJECTED))
        .withMessageContaining("AADSTS700027")
        .withMessageContaining(CURRENT.thumbprint())
        .withMessageNotContaining("eyJ");
    STAND_IN.verify(exactly(0), postRequestedFor(urlPathEqualTo(APP_PATH + "/addKey")));
  }

  @Test
  void givenRejectedProof_addCertificate_isRefusedAsSelfServiceRejected() {
    STAND_IN.stubFor(post(urlPathEqualTo(APP_PATH + "/addKey"))
        .willReturn(json(401, sample("error-authentication-missingormalformed-addkey.json"))));

    assertThatExceptionOfType(RefusedException.class)
        .isThrownBy(() -> directory.addCertificate(
            TENANT, APP, CURRENT, NEXT.certificate(), "billing-api 2026"))
        .satisfies(e -> assertThat(e.reason()).isEqualTo(RefusalReason.SELF_SERVICE_REJECTED))
        .withMessageContaining("Authentication_MissingOrMalformed")
        .withMessageNotContaining(APP_TOKEN)
        .withMessageNotContaining("eyJ");
    STAND_IN.verify(exactly(1), postRequestedFor(urlPathEqualTo(APP_PATH + "/addKey")));
  }

  @Test
  void givenAddKeyReplyWithoutKeyId_addCertificate_findsTheNewKeyByThumbprint() {
    STAND_IN.stubFor(post(urlPathEqualTo(APP_PATH + "/addKey")).willReturn(json(200,
        "{\"@odata.context\":\"https://graph.microsoft.com/v1.0/$metadata"
            + "#microsoft.graph.keyCredential\"}")));
    STAND_IN.stubFor(get(urlPathEqualTo("/v1.0/applications(appId='" + APP_ID + "')"))
        .willReturn(json(200, "{\"id\":\"" + OBJECT_ID + "\",\"appId\":\"" + APP_ID + "\","
            + "\"displayName\":\"billing-api\",\"passwordCredentials\":[],\"keyCredentials\":[{"
            + "\"displayName\":\"billing-api 2026\",\"endDateTime\":\"2036-01-01T00:00:00Z\","
            + "\"key\":\"" + StandIn.base64(NEXT.certificate()) + "\","
            + "\"keyId\":\"a1b2c3d4-0000-0000-0000-00000000000a\","
            + "\"startDateTime\":\"2026-01-01T00:00:00Z\",\"type\":\"AsymmetricX509Cert\","
            + "\"usage\":\"Verify\"}]}")));

    Credential added = directory.addCertificate(
        TENANT, APP, CURRENT, NEXT.certificate(), "billing-api 2026");

    assertThat(added.keyId()).isEqualTo(UUID.fromString("a1b2c3d4-0000-0000-0000-00000000000a"));
    assertThat(added.thumbprint()).isEqualTo(NEXT.thumbprint());
  }

  @Test
  void givenMissingPermission_addSecret_isRefusedAsPermissionMissing() {
    STAND_IN.stubFor(post(urlPathEqualTo(APP_PATH + "/addPassword"))
        .willReturn(json(403, "{\"error\":{\"code\":\"Authorization_RequestDenied\","
            + "\"message\":\"Insufficient privileges to complete the operation.\"}}")));

    assertThatExceptionOfType(RefusedException.class)
        .isThrownBy(() -> directory.addSecret(
            TENANT, APP, "billing-api 2026-12", Instant.parse("2027-06-01T00:00:00Z")))
        .satisfies(e -> assertThat(e.reason()).isEqualTo(RefusalReason.PERMISSION_MISSING))
        .withMessageContaining("Authorization_RequestDenied");
  }

  @Test
  void givenConfiguredHeader_addCertificate_signsTheProofWithX5tOnly() throws Exception {
    GraphDirectory sha1Only = new GraphDirectory(StandIn.settings(STAND_IN.getHttpsPort())
        .proofHeader(GraphSettings.JwtHeader.RS256_X5T).build(), pacer);
    STAND_IN.stubFor(post(urlPathEqualTo(APP_PATH + "/addKey"))
        .willReturn(json(200, "{\"keyId\":\"a1b2c3d4-0000-0000-0000-000000000009\","
            + "\"startDateTime\":\"2026-01-01T00:00:00Z\","
            + "\"endDateTime\":\"2036-01-01T00:00:00Z\"}")));

    sha1Only.addCertificate(TENANT, APP, CURRENT, NEXT.certificate(), "billing-api 2026");

    LoggedRequest addKey = STAND_IN.findAll(
        postRequestedFor(urlPathEqualTo(APP_PATH + "/addKey"))).get(0);
    SignedJWT proof = SignedJWT.parse(
        (String) JSONObjectUtils.parse(addKey.getBodyAsString()).get("proof"));
    assertThat(proof.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
    assertThat(proof.getHeader().getX509CertSHA256Thumbprint()).isNull();
    assertThat(proof.getHeader().toJSONObject()).containsKey("x5t");
  }

  @Test
  void addCertificateAsAdministrator_resendsEveryExistingKeyInFull() {
    String existing = "{\"id\":\"" + OBJECT_ID + "\",\"keyCredentials\":[{"
        + "\"customKeyIdentifier\":\"" + CURRENT.thumbprint() + "\","
        + "\"displayName\":\"CN=current\",\"endDateTime\":\"2030-01-01T00:00:00Z\","
        + "\"key\":\"" + StandIn.base64(CURRENT.certificate()) + "\","
        + "\"keyId\":\"" + CURRENT_KEY_ID + "\","
        + "\"startDateTime\":\"2025-01-01T00:00:00Z\",\"type\":\"AsymmetricX509Cert\","
        + "\"usage\":\"Verify\"}]}";
    STAND_IN.stubFor(get(urlPathEqualTo(APP_PATH)).willReturn(json(200, existing)));
    STAND_IN.stubFor(patch(urlPathEqualTo(APP_PATH)).willReturn(aResponse().withStatus(204)));

    Credential added = directory.addCertificateAsAdministrator(
        TENANT, APP, NEXT.certificate(), "billing-api 2026");

    assertThat(added.thumbprint()).isEqualTo(NEXT.thumbprint());
    assertThat(added.end()).isEqualTo(NEXT.notAfter());
    STAND_IN.verify(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
            urlPathEqualTo(APP_PATH))
        .withQueryParam("$select", containing("keyCredentials")));
    STAND_IN.verify(patchRequestedFor(urlPathEqualTo(APP_PATH))
        .withHeader("Authorization", equalTo("Bearer " + ADMIN_TOKEN))
        .withRequestBody(matchingJsonPath("$.keyCredentials.length()", equalTo("2")))
        .withRequestBody(matchingJsonPath("$.keyCredentials[0].keyId",
            equalTo(CURRENT_KEY_ID.toString())))
        .withRequestBody(matchingJsonPath("$.keyCredentials[0].usage", equalTo("Verify")))
        .withRequestBody(matchingJsonPath("$.keyCredentials[0].type",
            equalTo("AsymmetricX509Cert")))
        .withRequestBody(matchingJsonPath("$.keyCredentials[0].key",
            equalTo(StandIn.base64(CURRENT.certificate()))))
        .withRequestBody(matchingJsonPath("$.keyCredentials[1].keyId",
            equalTo(added.keyId().toString())))
        .withRequestBody(matchingJsonPath("$.keyCredentials[1].usage", equalTo("Verify")))
        .withRequestBody(matchingJsonPath("$.keyCredentials[1].key",
            equalTo(StandIn.base64(NEXT.certificate()))))
        .withRequestBody(matchingJsonPath("$.keyCredentials[1].displayName",
            equalTo("billing-api 2026"))));
  }

  @Test
  void givenExistingKeyWithoutItsKey_addCertificateAsAdministrator_refusesRatherThanDropIt() {
    STAND_IN.stubFor(get(urlPathEqualTo(APP_PATH))
        .willReturn(json(200, sample("application-get-with-keycredentials.json"))));

    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> directory.addCertificateAsAdministrator(
            TENANT, APP, NEXT.certificate(), "billing-api 2026"))
        .satisfies(e -> assertThat(e.kind()).isEqualTo(Kind.REFUSED))
        .withMessageContaining(CURRENT_KEY_ID.toString());
    STAND_IN.verify(exactly(0), patchRequestedFor(urlPathEqualTo(APP_PATH)));
  }

  @Test
  void removeSecret_postsTheKeyId() {
    String app = sample("application-list-filter-appid-two-passwords.json");
    STAND_IN.stubFor(get(urlPathEqualTo(APP_PATH))
        .willReturn(json(200, app.substring(app.indexOf("[{") + 1, app.lastIndexOf("}]") + 1))));
    STAND_IN.stubFor(post(urlPathEqualTo(APP_PATH + "/removePassword"))
        .willReturn(aResponse().withStatus(204)));

    directory.removeSecret(TENANT, APP, UUID.fromString("58ed553a-d3af-4520-8d81-4775274faac5"));

    STAND_IN.verify(postRequestedFor(urlPathEqualTo(APP_PATH + "/removePassword"))
        .withRequestBody(equalToJson("{\"keyId\":\"58ed553a-d3af-4520-8d81-4775274faac5\"}")));
  }

  @Test
  void givenSecretAlreadyGone_removeSecret_sendsNothing() {
    STAND_IN.stubFor(get(urlPathEqualTo(APP_PATH))
        .willReturn(json(200, sample("application-get-with-keycredentials.json"))));

    directory.removeSecret(TENANT, APP, UUID.fromString("58ed553a-d3af-4520-8d81-4775274faac5"));

    STAND_IN.verify(exactly(0), postRequestedFor(urlPathEqualTo(APP_PATH + "/removePassword")));
  }

  @Test
  void removeCertificate_postsTheKeyIdWithAProofSignedByTheGivenKey() throws Exception {
    STAND_IN.stubFor(get(urlPathEqualTo(APP_PATH))
        .willReturn(json(200, sample("application-get-with-keycredentials.json"))));
    STAND_IN.stubFor(post(urlPathEqualTo(APP_PATH + "/removeKey"))
        .willReturn(aResponse().withStatus(204)));

    directory.removeCertificate(TENANT, APP, CURRENT_KEY_ID, NEXT);

    LoggedRequest removeKey = STAND_IN.findAll(
        postRequestedFor(urlPathEqualTo(APP_PATH + "/removeKey"))).get(0);
    assertThat(removeKey.getHeader("Authorization")).isEqualTo("Bearer " + APP_TOKEN);
    Map<String, Object> body = JSONObjectUtils.parse(removeKey.getBodyAsString());
    assertThat(body).containsEntry("keyId", CURRENT_KEY_ID.toString());
    SignedJWT proof = SignedJWT.parse((String) body.get("proof"));
    assertRs256WithBothThumbprints(proof, NEXT);
    assertThat(proof.getJWTClaimsSet().getIssuer()).isEqualTo(OBJECT_ID);
  }

  @Test
  void givenCertificateAlreadyGone_removeCertificate_sendsNothing() {
    STAND_IN.stubFor(get(urlPathEqualTo(APP_PATH))
        .willReturn(json(404, sample("error-request-resourcenotfound-observed.json"))));

    directory.removeCertificate(TENANT, APP, CURRENT_KEY_ID, NEXT);

    STAND_IN.verify(exactly(0), postRequestedFor(urlPathEqualTo(APP_PATH + "/removeKey")));
  }

  private static LoggedRequest appTokenRequest() {
    return STAND_IN.findAll(postRequestedFor(urlPathEqualTo(TOKEN_PATH))
        .withRequestBody(containing("client_id=" + APP_ID))).get(0);
  }

  private static String formField(LoggedRequest request, String name) {
    return Arrays.stream(request.getBodyAsString().split("&"))
        .filter(pair -> pair.startsWith(name + "="))
        .map(pair -> URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no form field " + name));
  }

  private static void assertRs256WithBothThumbprints(SignedJWT jwt, CertificateKeyPair signer)
      throws Exception {
    byte[] der = signer.certificate().getEncoded();
    assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
    assertThat(jwt.getHeader().getType().getType()).isEqualTo("JWT");
    assertThat(jwt.getHeader().toJSONObject()).containsEntry("x5t",
        Base64URL.encode(MessageDigest.getInstance("SHA-1").digest(der)).toString());
    assertThat(jwt.getHeader().toJSONObject()).containsEntry("x5t#S256",
        Base64URL.encode(MessageDigest.getInstance("SHA-256").digest(der)).toString());
    assertThat(jwt.serialize()).doesNotContain("=");
    assertThat(jwt.verify(new RSASSAVerifier(
        (RSAPublicKey) signer.certificate().getPublicKey()))).isTrue();
  }

  private static void assertTenMinutesFrom(SignedJWT jwt, Instant now) throws Exception {
    Map<String, Object> claims = jwt.getJWTClaimsSet().toJSONObject();
    assertThat(claims.get("nbf")).isInstanceOf(Number.class);
    assertThat(claims.get("exp")).isInstanceOf(Number.class);
    long nbf = ((Number) claims.get("nbf")).longValue();
    long exp = ((Number) claims.get("exp")).longValue();
    assertThat(nbf).isEqualTo(now.getEpochSecond());
    assertThat(exp - nbf).isEqualTo(600);
  }
}
