package io.entrarenewal.runner.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.entrarenewal.adapter.graph.GraphAccount;
import io.entrarenewal.adapter.graph.GraphDirectory;
import io.entrarenewal.adapter.graph.GraphSettings;
import io.entrarenewal.adapter.ivanti.IvantiSettings;
import io.entrarenewal.adapter.ivanti.IvantiWorkQueue;
import io.entrarenewal.adapter.passwordstate.PasswordstateSettings;
import io.entrarenewal.adapter.passwordstate.PasswordstateVault;
import io.entrarenewal.adapter.pki.AdcsSettings;
import io.entrarenewal.adapter.pki.CertificateProfile;
import io.entrarenewal.adapter.pki.HttpAuthentication;
import io.entrarenewal.adapter.pki.PkiCertificateAuthority;
import io.entrarenewal.core.domain.CertificateKeyPair;
import io.entrarenewal.core.domain.CertificateOrder;
import io.entrarenewal.core.domain.ClientId;
import io.entrarenewal.core.domain.RetryPolicy;
import io.entrarenewal.core.domain.Secret;
import io.entrarenewal.core.domain.TaskId;
import io.entrarenewal.core.domain.Tenant;
import io.entrarenewal.core.fakes.TestCertificates;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each adapter, pointed at an HTTPS server whose certificate must not be trusted (issued by an
 * unknown CA, for another host name, or expired), refuses the connection with an error that says
 * so, and no request reaches the server. The trusted CA is the test's own, given to each adapter
 * as the sandbox's would be.
 */
class TlsRefusalTest {

  /** What is wrong with the server's certificate. */
  enum BadCertificate { UNKNOWN_CA, WRONG_HOST, EXPIRED }

  /** The four adapters that open connections. */
  enum Adapter { PASSWORDSTATE, IVANTI, GRAPH, ADCS }

  private static final AtomicInteger SERIALS = new AtomicInteger(100);
  private static final CertificateKeyPair TRUSTED_CA = ca(1, "CN=Trusted Test CA");
  private static final CertificateKeyPair ROGUE_CA = ca(2, "CN=Rogue Test CA");

  private HttpsServer server;
  private final AtomicInteger requestsServed = new AtomicInteger();

  static Stream<Arguments> cases() {
    return Stream.of(BadCertificate.values()).flatMap(bad ->
        Stream.of(Adapter.values()).map(adapter -> Arguments.of(bad, adapter)));
  }

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.stop(0);
    }
  }

  @ParameterizedTest(name = "{1} refuses a server certificate: {0}")
  @MethodSource("cases")
  void givenUntrustworthyServerCertificate_adapter_refusesAndSendsNothing(
      BadCertificate bad, Adapter adapter) throws Exception {
    URI base = startServer(bad);

    Throwable refused = catchThrowable(() -> call(adapter, base));

    assertThat(refused).as("%s against a server with %s", adapter, bad).isNotNull();
    assertThat(refused.getMessage()).as("the error names TLS or the certificate: %s",
            messages(refused))
        .containsPattern("(?i)tls|certificate|handshake|ssl");
    assertThat(requestsServed).as("requests that reached the server").hasValue(0);
  }

  private static void call(Adapter adapter, URI base) {
    KeyStore trust = trustStore(TRUSTED_CA.certificate());
    Duration timeout = Duration.ofSeconds(2);
    RetryPolicy once = RetryPolicy.none();
    switch (adapter) {
      case PASSWORDSTATE -> PasswordstateVault.create(PasswordstateSettings.builder(base)
              .systemApiKey(Secret.of("system-key")).trustStore(trust)
              .connectTimeout(timeout).requestTimeout(timeout).retryPolicy(once).build())
          .findEntry("7651", "Payroll");
      case IVANTI -> IvantiWorkQueue.create(IvantiSettings
              .builder(base, new IvantiSettings.ApiKey(Secret.of("ivanti-key")))
              .ownerTeam("Automation").trustStore(trust).timeouts(timeout, timeout)
              .retryPolicy(once).build())
          .findTask(new TaskId("A09CBB6D8C8A1EE925400E48468FFF0A"));
      case GRAPH -> GraphDirectory.create(GraphSettings.builder()
              .authorityHost(base).graphBaseUrl(URI.create(base + "/v1.0"))
              .account("production", new GraphAccount("11111111-2222-3333-4444-555555555555",
                  Secret.of("graph-secret")))
              .trustStore(trust).connectTimeout(timeout).readTimeout(timeout).retryPolicy(once)
              .build())
          .findApp(new Tenant("production", "90b64551-8244-3f7b-a9bb-1e41a24c4727", "7651",
              null), new ClientId("5f6216cb-afbe-4262-9651-320536229e8a"));
      case ADCS -> PkiCertificateAuthority.adcs(AdcsSettings
              .builder(URI.create(base + "/certsrv"),
                  HttpAuthentication.basic("svc-pki", Secret.of("pki-password")),
                  CertificateProfile.trusting(List.of(TRUSTED_CA.certificate())))
              .sslContext(PkiCertificateAuthority.tlsTrusting(List.of(TRUSTED_CA.certificate())))
              .requestTimeout(timeout).retryPolicy(once).build())
          .withKeyGenerator(SandboxRig.pooledKeys())
          .enroll(new CertificateOrder("Payroll", "_D09-CA2-SHA256-EntraID", "request-1"));
      default -> throw new IllegalArgumentException(adapter.name());
    }
  }

  private URI startServer(BadCertificate bad) throws Exception {
    CertificateKeyPair serverKey = TestCertificates.pair(3);
    Instant now = Instant.now();
    CertificateKeyPair issuer = bad == BadCertificate.UNKNOWN_CA ? ROGUE_CA : TRUSTED_CA;
    GeneralName name = bad == BadCertificate.WRONG_HOST
        ? new GeneralName(GeneralName.dNSName, "elsewhere.example.org")
        : new GeneralName(GeneralName.iPAddress, "127.0.0.1");
    Instant notAfter = bad == BadCertificate.EXPIRED
        ? now.minus(Duration.ofDays(1)) : now.plus(Duration.ofDays(30));
    X509Certificate certificate = certificate(issuer, "CN=127.0.0.1",
        serverKey.certificate(), now.minus(Duration.ofDays(60)), notAfter, name);

    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    keys.setKeyEntry("server", serverKey.privateKey(), "test".toCharArray(),
        new X509Certificate[] {certificate, issuer.certificate()});
    KeyManagerFactory keyManagers =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(keys, "test".toCharArray());
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(keyManagers.getKeyManagers(), null, null);

    server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    server.createContext("/", exchange -> {
      requestsServed.incrementAndGet();
      exchange.sendResponseHeaders(500, -1);
      exchange.close();
    });
    server.start();
    return URI.create("https://127.0.0.1:" + server.getAddress().getPort());
  }

  private static CertificateKeyPair ca(int pair, String subject) {
    CertificateKeyPair keys = TestCertificates.pair(pair);
    Instant now = Instant.now();
    X509Certificate certificate = certificate(
        new CertificateKeyPair(keys.certificate(), keys.privateKey(), List.of()), subject,
        keys.certificate(), now.minus(Duration.ofDays(365)), now.plus(Duration.ofDays(365)),
        null);
    return new CertificateKeyPair(certificate, keys.privateKey(), List.of());
  }

  /** A certificate for the public key of {@code subjectKey}, signed by {@code issuer}. */
  private static X509Certificate certificate(CertificateKeyPair issuer, String subject,
      X509Certificate subjectKey, Instant notBefore, Instant notAfter, GeneralName altName) {
    try {
      boolean selfSigned = altName == null;
      X500Name issuerName = selfSigned ? new X500Name(subject)
          : new X500Name(issuer.certificate().getSubjectX500Principal().getName());
      var builder = new JcaX509v3CertificateBuilder(issuerName,
          BigInteger.valueOf(SERIALS.incrementAndGet()), Date.from(notBefore),
          Date.from(notAfter), new X500Name(subject), subjectKey.getPublicKey());
      if (selfSigned) {
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      } else {
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(altName));
      }
      return new JcaX509CertificateConverter().getCertificate(
          builder.build(new JcaContentSignerBuilder("SHA256withRSA")
              .build(issuer.privateKey())));
    } catch (Exception e) {
      throw new IllegalStateException("cannot make a test certificate", e);
    }
  }

  private static KeyStore trustStore(X509Certificate ca) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setCertificateEntry("ca", ca);
      return store;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String messages(Throwable thrown) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      text.append(t.getClass().getName()).append(": ").append(t.getMessage()).append('\n');
    }
    return text.toString();
  }
}
