package io.entrarenewal.adapter.graph;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.entrarenewal.core.domain.CertificateKeyPair;
import io.entrarenewal.core.domain.RetryPolicy;
import io.entrarenewal.core.domain.Secret;
import io.entrarenewal.core.domain.Tenant;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A local HTTPS stand-in for Entra's token endpoint and Graph (WireMock), with the test
 * certificates and the settings that point a {@link GraphDirectory} at it.
 */
final class StandIn {

  static final String TENANT_ID = "0b5e1d2c-3f4a-4b6c-8d7e-9f0a1b2c3d4e";
  static final Tenant TENANT = new Tenant("production", TENANT_ID, "7651", null);
  static final String ADMIN_CLIENT_ID = "aaaaaaaa-1111-4222-8333-444444444444";
  static final String ADMIN_SECRET = "admin-secret-do-not-leak";
  static final String ADMIN_TOKEN = "admin-access-token-do-not-leak";
  static final String APP_TOKEN = "app-access-token-do-not-leak";
  static final String TOKEN_PATH = "/" + TENANT_ID + "/oauth2/v2.0/token";

  private static final char[] PASSWORD = "test-only".toCharArray();
  private static final KeyStore APP_CERTIFICATES = load("/test-app-certificates.p12");

  /** The app's certificate in use today. */
  static final CertificateKeyPair CURRENT = pair("current");
  /** The certificate that replaces it. */
  static final CertificateKeyPair NEXT = pair("next");

  private static final Path TLS_KEYSTORE = generateTlsKeyStore();

  private StandIn() {}

  /** A WireMock server on HTTPS only, with a certificate for localhost made for this run. */
  static WireMockExtension server() {
    return WireMockExtension.newInstance()
        .options(wireMockConfig()
            .httpDisabled(true)
            .dynamicHttpsPort()
            .keystorePath(TLS_KEYSTORE.toString())
            .keystoreType("PKCS12")
            .keystorePassword(new String(PASSWORD))
            .keyManagerPassword(new String(PASSWORD)))
        .build();
  }

  /** Settings for the stand-in on {@code port}: fast retries, the TLS certificate trusted. */
  static GraphSettings.Builder settings(int port) {
    return GraphSettings.builder()
        .authorityHost(URI.create("https://localhost:" + port))
        .graphBaseUrl(URI.create("https://localhost:" + port + "/v1.0"))
        .account(TENANT.name(), new GraphAccount(ADMIN_CLIENT_ID, Secret.of(ADMIN_SECRET)))
        .trustStore(tlsTrustStore())
        .retryPolicy(new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(30)))
        .propagationWindow(Duration.ofMinutes(2))
        .propagationBackoff(
            new RetryPolicy(Integer.MAX_VALUE, Duration.ofSeconds(2), Duration.ofSeconds(20)));
  }

  /** A token reply from Entra. */
  static ResponseDefinitionBuilder tokenReply(String token, int expiresInSeconds) {
    return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
        .withBody("{\"token_type\":\"Bearer\",\"expires_in\":" + expiresInSeconds
            + ",\"ext_expires_in\":" + expiresInSeconds + ",\"access_token\":\"" + token + "\"}");
  }

  /** Entra issues {@code token} to {@code clientId}. */
  static void issueTokens(WireMockExtension server, String clientId, String token) {
    server.stubFor(post(urlPathEqualTo(TOKEN_PATH))
        .withRequestBody(containing("client_id=" + clientId))
        .willReturn(tokenReply(token, 3599)));
  }

  /** A JSON reply with the given status and body. */
  static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
        .withBody(body);
  }

  /** A sample payload from the test resources. */
  static String sample(String name) {
    try (InputStream in = StandIn.class.getResourceAsStream("/samples/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String base64(X509Certificate certificate) {
    try {
      return Base64.getEncoder().encodeToString(certificate.getEncoded());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static KeyStore tlsTrustStore() {
    try {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(TLS_KEYSTORE)) {
        keys.load(in, PASSWORD);
      }
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("stand-in", keys.getCertificate("tls"));
      return trust;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot read the TLS key store", e);
    }
  }

  /** A clock that moves only when something sleeps, remembering every pause. */
  static final class FakePacer implements Pacer {
    private Instant now = Instant.now();
    final List<Duration> pauses = new ArrayList<>();

    @Override
    public synchronized Instant now() {
      return now;
    }

    @Override
    public synchronized void sleep(Duration duration) {
      pauses.add(duration);
      now = now.plus(duration);
    }

    synchronized void advance(Duration duration) {
      now = now.plus(duration);
    }

    synchronized Duration slept() {
      return pauses.stream().reduce(Duration.ZERO, Duration::plus);
    }
  }

  private static KeyStore load(String resource) {
    try (InputStream in = StandIn.class.getResourceAsStream(resource)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, PASSWORD);
      return store;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot read " + resource, e);
    }
  }

  private static CertificateKeyPair pair(String alias) {
    try {
      return new CertificateKeyPair((X509Certificate) APP_CERTIFICATES.getCertificate(alias),
          (PrivateKey) APP_CERTIFICATES.getKey(alias, PASSWORD), List.of());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot read test certificate " + alias, e);
    }
  }

  /** One RSA key for the stand-in's TLS, made once per test run with the JDK's keytool. */
  private static Path generateTlsKeyStore() {
    try {
      Path dir = Files.createTempDirectory("graph-stand-in");
      Path store = dir.resolve("tls.p12");
      Process keytool = new ProcessBuilder(
          Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
          "-genkeypair", "-alias", "tls", "-keyalg", "RSA", "-keysize", "2048",
          "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
          "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
          "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD))
          .redirectErrorStream(true)
          .redirectOutput(dir.resolve("keytool.log").toFile())
          .start();
      if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
        throw new IllegalStateException(
            "keytool failed: " + Files.readString(dir.resolve("keytool.log")));
      }
      store.toFile().deleteOnExit();
      dir.resolve("keytool.log").toFile().deleteOnExit();
      dir.toFile().deleteOnExit();
      return store;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
