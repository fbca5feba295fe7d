package io.entrarenewal.adapter.graph;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.entrarenewal.adapter.graph.StandIn.NEXT;
import static io.entrarenewal.adapter.graph.StandIn.TENANT;
import static io.entrarenewal.adapter.graph.StandIn.TOKEN_PATH;
import static io.entrarenewal.adapter.graph.StandIn.json;
import static io.entrarenewal.adapter.graph.StandIn.sample;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.nimbusds.jwt.SignedJWT;
import io.entrarenewal.core.domain.ClientId;
import io.entrarenewal.core.domain.Secret;
import io.entrarenewal.core.domain.Verification;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class GraphDirectoryVerifyTest {

  @RegisterExtension
  static final WireMockExtension STAND_IN = StandIn.server();

  private static final ClientId APP = new ClientId("962a4b33-27b3-4659-8ccd-5eaef6bf6ba7");
  private static final String NEW_SECRET = "n3w-s3cret-value-do-not-leak";

  private final StandIn.FakePacer pacer = new StandIn.FakePacer();
  private GraphDirectory directory;

  @BeforeEach
  void pointAtStandIn() {
    directory = new GraphDirectory(StandIn.settings(STAND_IN.getHttpsPort()).build(), pacer);
  }

  @Test
  void givenSecretNotYetPropagated_verifySecret_retriesUntilATokenIsIssued() {
    rejectTwiceThenIssue(sample("token-error-invalid-client-7000215.json"));

    Verification result = directory.verifySecret(TENANT, APP, Secret.of(NEW_SECRET));

    assertThat(result).isInstanceOf(Verification.Verified.class);
    assertThat(pacer.pauses).hasSize(2);
    assertThat(((Verification.Verified) result).waited()).isEqualTo(pacer.slept());
    STAND_IN.verify(exactly(3), postRequestedFor(urlPathEqualTo(TOKEN_PATH))
        .withRequestBody(containing("client_secret=" + NEW_SECRET)));
  }

  @Test
  void givenSecretThatNeverWorks_verifySecret_givesUpAtTheWindowWithTheLastCode() {
    STAND_IN.stubFor(post(urlPathEqualTo(TOKEN_PATH))
        .willReturn(json(401, sample("token-error-invalid-client-7000215.json"))));

    Verification result = directory.verifySecret(TENANT, APP, Secret.of(NEW_SECRET));

    assertThat(result).isInstanceOf(Verification.NotVerified.class);
    String reason = ((Verification.NotVerified) result).reason();
    assertThat(reason).contains("AADSTS7000215").doesNotContain(NEW_SECRET);
    assertThat(pacer.slept()).isEqualTo(Duration.ofMinutes(2));
    assertThat(pacer.pauses).allSatisfy(
        pause -> assertThat(pause).isLessThanOrEqualTo(Duration.ofSeconds(20)));
  }

  @Test
  void givenErrorThatIsNotPropagation_verifySecret_isNotVerifiedAtOnce() {
    STAND_IN.stubFor(post(urlPathEqualTo(TOKEN_PATH))
        .willReturn(json(400, "{\"error\":\"invalid_client\",\"error_description\":"
            + "\"AADSTS7000222: The provided client secret keys for app '"
            + APP + "' are expired.\",\"error_codes\":[7000222]}")));

    Verification result = directory.verifySecret(TENANT, APP, Secret.of(NEW_SECRET));

    assertThat(result).isInstanceOf(Verification.NotVerified.class);
    assertThat(((Verification.NotVerified) result).reason()).contains("AADSTS7000222");
    assertThat(pacer.pauses).isEmpty();
  }

  @Test
  void givenCertificateNotYetPropagated_verifyCertificate_signsWithTheNewKeyUntilItWorks()
      throws Exception {
    rejectTwiceThenIssue(sample("token-error-invalid-client-700027.json"));

    Verification result = directory.verifyCertificate(TENANT, APP, NEXT);

    assertThat(result).isInstanceOf(Verification.Verified.class);
    String body = STAND_IN.findAll(postRequestedFor(urlPathEqualTo(TOKEN_PATH))).get(0)
        .getBodyAsString();
    String assertion = URLDecoder.decode(
        body.replaceAll(".*client_assertion=([^&]*).*", "$1"), StandardCharsets.UTF_8);
    assertThat(SignedJWT.parse(assertion).getHeader().getX509CertSHA256Thumbprint().decode())
        .isEqualTo(java.security.MessageDigest.getInstance("SHA-256")
            .digest(NEXT.certificate().getEncoded()));
  }

  private static void rejectTwiceThenIssue(String rejection) {
    STAND_IN.stubFor(post(urlPathEqualTo(TOKEN_PATH)).inScenario("propagation")
        .whenScenarioStateIs(Scenario.STARTED)
        .willReturn(json(401, rejection)).willSetStateTo("once"));
    STAND_IN.stubFor(post(urlPathEqualTo(TOKEN_PATH)).inScenario("propagation")
        .whenScenarioStateIs("once")
        .willReturn(json(401, rejection)).willSetStateTo("propagated"));
    STAND_IN.stubFor(post(urlPathEqualTo(TOKEN_PATH)).inScenario("propagation")
        .whenScenarioStateIs("propagated")
        .willReturn(StandIn.tokenReply("new-credential-token", 3599)));
  }
}
