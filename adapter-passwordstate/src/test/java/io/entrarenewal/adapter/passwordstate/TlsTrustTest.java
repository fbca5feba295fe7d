package io.entrarenewal.adapter.passwordstate;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.entrarenewal.core.domain.Secret;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server whose certificate names {@code localhost}, trusted only through the configured trust
 * store: the handshake succeeds with host-name verification on.
 */
class TlsTrustTest {

  private static final String STORE_PASSWORD = "test-store-password";

  @TempDir
  static Path directory;

  private static WireMockServer server;
  private static KeyStore trust;

  @BeforeAll
  static void startServerWithLocalhostCertificate() throws Exception {
    Path keyStore = directory.resolve("server.p12");
    // An EC key is generated in milliseconds; the JDK's keytool avoids a test dependency.
    Process keytool = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
        "-dname", "CN=localhost", "-ext", "san=dns:localhost", "-validity", "2",
        "-storetype", "PKCS12", "-keystore", keyStore.toString(),
        "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD))
        .redirectErrorStream(true).start();
    keytool.getInputStream().readAllBytes();
    assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(keytool.exitValue()).isZero();
    trust = trustStoreWithCertificateOf(keyStore);
    server = new WireMockServer(wireMockConfig().dynamicPort().dynamicHttpsPort()
        .keystorePath(keyStore.toString()).keystoreType("PKCS12")
        .keystorePassword(STORE_PASSWORD).keyManagerPassword(STORE_PASSWORD));
    server.start();
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.stop();
    }
  }

  @Test
  void givenTrustStoreWithServerCertificate_findEntry_connectsOverTls() {
    server.stubFor(get(urlPathEqualTo("/api/searchpasswords/100")).willReturn(okJson("[]")));
    PasswordstateVault vault = new PasswordstateVault(PasswordstateSettings
        .builder(URI.create("https://localhost:" + server.httpsPort()))
        .listApiKey("100", Secret.of("key"))
        .trustStore(trust)
        .build(), d -> { });

    assertThat(vault.findEntry("100", "anything")).isEmpty();
  }

  private static KeyStore trustStoreWithCertificateOf(Path keyStore) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keyStore)) {
      store.load(in, STORE_PASSWORD.toCharArray());
    }
    Certificate certificate = store.getCertificate("server");
    KeyStore trustOnly = KeyStore.getInstance("PKCS12");
    trustOnly.load(null, null);
    trustOnly.setCertificateEntry("passwordstate", certificate);
    return trustOnly;
  }
}
