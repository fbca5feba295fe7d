package io.entrarenewal.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.identity.ClientCertificateCredentialBuilder;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Microsoft's own client libraries acquire tokens from the sandbox over verified TLS. */
class ClientLibrariesTest {

  private static final Set<String> GRAPH_SCOPE = Set.of("https://graph.microsoft.com/.default");
  private static Sandbox sandbox;
  private static String tenantId;

  @BeforeAll
  static void start() {
    sandbox = Sandbox.start(SandboxOptions.defaults().withWorld(SandboxOptions.WorldKind.EMPTY));
    tenantId = sandbox.world().tenant("production").tenantId();
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  private static String authority() {
    return sandbox.entraAuthorityHost() + tenantId + "/";
  }

  private static HttpClient azureHttpClient() {
    return new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder()
        .sslContext(sandbox.clientSslContext())).build();
  }

  @Test
  void givenSecret_msal4j_acquiresGraphTokenForTheApp() throws Exception {
    SandboxState.AppView app = sandbox.state().createApp(tenantId, "Msal-Secret", false);
    String secret = sandbox.state().addSecret(tenantId, app.appId(), Duration.ofDays(30));

    ConfidentialClientApplication client = ConfidentialClientApplication
        .builder(app.appId(), ClientCredentialFactory.createFromSecret(secret))
        .authority(authority()).instanceDiscovery(false)
        .sslSocketFactory(sandbox.clientSslContext().getSocketFactory()).build();
    IAuthenticationResult result =
        client.acquireToken(ClientCredentialParameters.builder(GRAPH_SCOPE).build()).get();

    SignedJWT token = SignedJWT.parse(result.accessToken());
    assertThat(token.getJWTClaimsSet().getAudience()).containsExactly(
        "https://graph.microsoft.com");
    assertThat(token.getJWTClaimsSet().getStringClaim("appid")).isEqualTo(app.appId());
    assertThat(token.getJWTClaimsSet().getStringClaim("tid")).isEqualTo(tenantId);
  }

  @Test
  void givenWrongSecret_msal4j_isRefusedWith7000215() {
    SandboxState.AppView app = sandbox.state().createApp(tenantId, "Msal-Wrong", false);
    sandbox.state().addSecret(tenantId, app.appId(), Duration.ofDays(30));

    assertThatThrownBy(() -> ConfidentialClientApplication
        .builder(app.appId(), ClientCredentialFactory.createFromSecret("not-the-secret"))
        .authority(authority()).instanceDiscovery(false)
        .sslSocketFactory(sandbox.clientSslContext().getSocketFactory()).build()
        .acquireToken(ClientCredentialParameters.builder(GRAPH_SCOPE).build()).get())
        .isInstanceOf(ExecutionException.class)
        .hasMessageContaining("AADSTS7000215");
  }

  @Test
  void givenCertificate_msal4j_acquiresTokenWithItsAssertion() throws Exception {
    SandboxState.AppView app = sandbox.state().createApp(tenantId, "Msal-Cert", false);
    KeyPair keys = Crypto.pooledKeyPair(5);
    X509Certificate certificate = TestClient.certificateFor(sandbox, keys, "Msal-Cert",
        Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofDays(30)));
    sandbox.state().addCertificate(tenantId, app.appId(), certificate);

    IAuthenticationResult result = ConfidentialClientApplication
        .builder(app.appId(),
            ClientCredentialFactory.createFromCertificate(keys.getPrivate(), certificate))
        .authority(authority()).instanceDiscovery(false)
        .sslSocketFactory(sandbox.clientSslContext().getSocketFactory()).build()
        .acquireToken(ClientCredentialParameters.builder(GRAPH_SCOPE).build()).get();

    assertThat(SignedJWT.parse(result.accessToken()).getJWTClaimsSet()
        .getStringClaim("appidacr")).isEqualTo("2");
  }

  @Test
  void givenSecret_azureIdentity_acquiresToken() {
    SandboxState.AppView app = sandbox.state().createApp(tenantId, "AzId-Secret", true);
    String secret = sandbox.state().addSecret(tenantId, app.appId(), Duration.ofDays(30));

    AccessToken token = new ClientSecretCredentialBuilder().tenantId(tenantId)
        .clientId(app.appId()).clientSecret(secret)
        .authorityHost(sandbox.entraAuthorityHost().toString()).disableInstanceDiscovery()
        .httpClient(azureHttpClient()).build()
        .getTokenSync(new TokenRequestContext().addScopes(GRAPH_SCOPE.iterator().next()));

    assertThat(token.getToken()).isNotBlank();
    assertThat(token.getExpiresAt()).isAfter(java.time.OffsetDateTime.now());
  }

  @Test
  void givenPfx_azureIdentity_acquiresToken(@TempDir Path dir) throws Exception {
    SandboxState.AppView app = sandbox.state().createApp(tenantId, "AzId-Pfx", false);
    KeyPair keys = Crypto.pooledKeyPair(6);
    X509Certificate certificate = TestClient.certificateFor(sandbox, keys, "AzId-Pfx",
        Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofDays(30)));
    sandbox.state().addCertificate(tenantId, app.appId(), certificate);
    Path pfx = dir.resolve("app.pfx");
    Files.write(pfx, Crypto.pfx(keys.getPrivate(), new X509Certificate[] {certificate},
        "pfx-password".toCharArray()));

    AccessToken token = new ClientCertificateCredentialBuilder().tenantId(tenantId)
        .clientId(app.appId()).pfxCertificate(pfx.toString())
        .clientCertificatePassword("pfx-password")
        .authorityHost(sandbox.entraAuthorityHost().toString()).disableInstanceDiscovery()
        .httpClient(azureHttpClient()).build()
        .getTokenSync(new TokenRequestContext().addScopes(GRAPH_SCOPE.iterator().next()));

    assertThat(SignedJWT.parse(token.getToken()).getJWTClaimsSet().getStringClaim("appid"))
        .isEqualTo(app.appId());
  }

  @Test
  void givenUnregisteredCertificate_azureIdentity_isRefusedWith700027(@TempDir Path dir)
      throws Exception {
    SandboxState.AppView app = sandbox.state().createApp(tenantId, "AzId-Unregistered", false);
    KeyPair keys = Crypto.pooledKeyPair(7);
    X509Certificate certificate = TestClient.certificateFor(sandbox, keys, "Unregistered",
        Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofDays(30)));
    Path pfx = dir.resolve("other.pfx");
    Files.write(pfx, Crypto.pfx(keys.getPrivate(), new X509Certificate[] {certificate},
        "pfx-password".toCharArray()));

    assertThatThrownBy(() -> new ClientCertificateCredentialBuilder().tenantId(tenantId)
        .clientId(app.appId()).pfxCertificate(pfx.toString())
        .clientCertificatePassword("pfx-password")
        .authorityHost(sandbox.entraAuthorityHost().toString()).disableInstanceDiscovery()
        .httpClient(azureHttpClient()).maxRetry(0).build()
        .getTokenSync(new TokenRequestContext().addScopes(GRAPH_SCOPE.iterator().next())))
        .hasMessageContaining("AADSTS700027");
  }
}
