package io.entrarenewal.adapter.ivanti;

import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.entrarenewal.core.domain.ExternalSystemException;
import io.entrarenewal.core.domain.ExternalSystemException.Kind;
import io.entrarenewal.core.domain.Secret;
import io.entrarenewal.core.domain.TaskId;
import java.io.InputStream;
import java.net.URI;
import java.security.KeyStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * TLS verification stays on: an unknown certificate is refused, and so is a trusted one whose
 * name does not match the host. The stub server's certificate names no host, so both fail.
 */
class IvantiTlsTest {

  @RegisterExtension
  static WireMockExtension ivanti = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort().dynamicHttpsPort()).build();

  private IvantiWorkQueue queueTrusting(KeyStore trustStore) {
    URI https = URI.create("https://localhost:" + ivanti.getRuntimeInfo().getHttpsPort());
    return IvantiWorkQueue.create(IvantiSettings
        .builder(https, new IvantiSettings.ApiKey(Secret.of("k")))
        .ownerTeam("team").trustStore(trustStore).build());
  }

  private static KeyStore stubServersCertificate() throws Exception {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    try (InputStream in = WireMockExtension.class.getResourceAsStream("/keystore")) {
      store.load(in, "password".toCharArray());
    }
    return store;
  }

  @Test
  void givenCertificateOfAnUnknownIssuer_findTask_failsTheHandshakeWithoutRetrying() {
    ivanti.stubFor(get(anyUrl()).willReturn(okJson("{}")));

    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> queueTrusting(null).findTask(new TaskId("4711")))
        .satisfies(e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE))
        .withMessageContaining("TLS handshake")
        .havingRootCause().withMessageContaining("certification path");
    assertThat(ivanti.getAllServeEvents()).isEmpty();
  }

  @Test
  void givenTrustedCertificateForAnotherName_findTask_stillFailsTheHostNameCheck()
      throws Exception {
    ivanti.stubFor(get(anyUrl()).willReturn(okJson("{}")));

    assertThatExceptionOfType(ExternalSystemException.class)
        .isThrownBy(() -> queueTrusting(stubServersCertificate()).findTask(new TaskId("4711")))
        .withMessageContaining("TLS handshake")
        .havingRootCause().withMessageContaining("localhost");
    assertThat(ivanti.getAllServeEvents()).isEmpty();
  }
}
