package io.entrarenewal.sandbox;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stand-ins for Entra ID's token endpoint, Microsoft Graph, Passwordstate, Ivanti and AD CS web
 * enrollment, each served over HTTPS on its own loopback port with a certificate from a CA the
 * sandbox creates at start.
 *
 * <pre>{@code
 * try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults())) {
 *   SSLContext tls = sandbox.clientSslContext();
 *   URI graph = sandbox.graphBaseUri();           // https://127.0.0.1:<port>/v1.0
 *   World world = sandbox.world();                // tenants, keys, expected outcomes
 *   sandbox.faults().inject("POST", "/v1\\.0/applications/[^/]+/addPassword", 1,
 *       Fault.dropReply());
 * }
 * }</pre>
 */
public final class Sandbox implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Sandbox.class);
  /** The password of the trust store file; it protects nothing secret (a CA certificate). */
  public static final String TRUST_STORE_PASSWORD = "sandbox";
  private static final String TRUST_STORE_FILE = "sandbox-truststore.p12";

  private final X509Certificate tlsCa;
  private final List<ServiceHost> hosts;
  private final ExecutorService executor;
  private final CountDownLatch stopped;
  private final SandboxState state;
  private final Faults faults;
  private final World world;
  private final String ivantiPrefix;

  private Sandbox(X509Certificate tlsCa, List<ServiceHost> hosts, ExecutorService executor,
      CountDownLatch stopped, SandboxState state, Faults faults, World world,
      String ivantiPrefix) {
    this.tlsCa = tlsCa;
    this.hosts = hosts;
    this.executor = executor;
    this.stopped = stopped;
    this.state = state;
    this.faults = faults;
    this.world = world;
    this.ivantiPrefix = ivantiPrefix;
  }

  /** Creates the CAs, seeds the world of {@code options} and starts the five services. */
  public static Sandbox start(SandboxOptions options) {
    long started = System.nanoTime();
    Instant now = options.clock().instant().truncatedTo(ChronoUnit.SECONDS);
    KeyPair tlsCaKeys = Crypto.pooledKeyPair(0);
    KeyPair tlsServerKeys = Crypto.pooledKeyPair(1);
    KeyPair tokenKeys = Crypto.pooledKeyPair(2);
    KeyPair issuingCaKeys = Crypto.pooledKeyPair(3);
    X509Certificate tlsCa = Crypto.selfSignedCa("Sandbox TLS Root CA", tlsCaKeys,
        now.minus(1, ChronoUnit.DAYS), now.plus(3650, ChronoUnit.DAYS));
    X509Certificate tlsServer = Crypto.tlsServerCertificate(tlsCa, tlsCaKeys.getPrivate(),
        tlsServerKeys.getPublic(), now.minus(1, ChronoUnit.DAYS), now.plus(825, ChronoUnit.DAYS));
    Pki pki = new Pki("SANDBOX-CA01", issuingCaKeys, Crypto.selfSignedCa("SANDBOX-CA01",
        issuingCaKeys, now.minus(3650, ChronoUnit.DAYS), now.plus(3650, ChronoUnit.DAYS)));

    Directory directory = new Directory();
    Vault vault = new Vault();
    Itsm itsm = new Itsm();
    itsm.emptyBodyOnNoMatch = options.ivantiEmptyBodyOnNoMatch();
    World world = seed(options, directory, vault, itsm, pki);
    itsm.endSeeding();

    EntraService entra = new EntraService(directory, options.clock(), tokenKeys);
    GraphService graph = new GraphService(directory, options.clock(), entra.publicTokenKey());
    IvantiService ivanti = new IvantiService(itsm, options.clock(), options.ivantiPathPrefix());
    AdcsService adcs = new AdcsService(pki, options.clock());
    RequestCounter counter = new RequestCounter();
    Faults faults = new Faults();
    CountDownLatch stopped = new CountDownLatch(1);
    ExecutorService executor = Executors.newCachedThreadPool(daemonThreads());
    List<ServiceHost> hosts = new ArrayList<>();
    try {
      SSLContext tls = serverContext(tlsServerKeys, tlsServer, tlsCa);
      hosts.add(new ServiceHost("entra", entra, tls, executor, faults, counter, stopped));
      hosts.add(new ServiceHost("graph", graph, tls, executor, faults, counter, stopped));
      hosts.add(new ServiceHost("passwordstate", new PasswordstateService(vault, options), tls,
          executor, faults, counter, stopped));
      hosts.add(new ServiceHost("ivanti", ivanti, tls, executor, faults, counter, stopped));
      hosts.add(new ServiceHost("adcs", adcs, tls, executor, faults, counter, stopped));
    } catch (IOException e) {
      executor.shutdownNow();
      throw new UncheckedIOException("cannot open the sandbox's ports", e);
    }
    hosts.forEach(ServiceHost::start);
    entra.baseUrl(hosts.get(0).baseUri().toString());
    graph.baseUrl(hosts.get(1).baseUri().toString());
    ivanti.baseUrl(hosts.get(3).baseUri().toString());
    SandboxState state = new SandboxState(directory, vault, itsm, pki, adcs, counter,
        options.clock());
    Sandbox sandbox = new Sandbox(tlsCa, hosts, executor, stopped, state, faults, world,
        options.ivantiPathPrefix());
    LOG.info("Sandbox started in {} ms: entra {}, graph {}, passwordstate {}, ivanti {},"
        + " adcs {}", (System.nanoTime() - started) / 1_000_000, sandbox.entraAuthorityHost(),
        sandbox.graphBaseUri(), sandbox.passwordstateBaseUri(), sandbox.ivantiBaseUri(),
        sandbox.adcsBaseUri());
    return sandbox;
  }

  private static World seed(SandboxOptions options, Directory directory, Vault vault,
      Itsm itsm, Pki pki) {
    Seeder seeder = new Seeder(directory, vault, itsm, pki, options.clock(),
        options.propagationDelay());
    World infrastructure = seeder.seedInfrastructure();
    return switch (options.world()) {
      case EMPTY -> infrastructure;
      case DEMO -> seeder.seedDemo(infrastructure);
      case LARGE -> {
        seeder.seedLarge(options.largeWorldApps());
        yield infrastructure;
      }
    };
  }

  private static SSLContext serverContext(KeyPair keys, X509Certificate server,
      X509Certificate ca) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      char[] password = TRUST_STORE_PASSWORD.toCharArray();
      store.setKeyEntry("server", keys.getPrivate(), password,
          new X509Certificate[] {server, ca});
      KeyManagerFactory factory =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      factory.init(store, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(factory.getKeyManagers(), null, null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot set up the sandbox's TLS", e);
    }
  }

  private static java.util.concurrent.ThreadFactory daemonThreads() {
    AtomicInteger counter = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "sandbox-http-" + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** The Entra authority host, such as {@code https://127.0.0.1:port/}: add {tenant}/... */
  public URI entraAuthorityHost() {
    return URI.create(hosts.get(0).baseUri() + "/");
  }

  /** The token endpoint of a tenant (its id, name or domain). */
  public URI tokenEndpoint(String tenant) {
    return URI.create(hosts.get(0).baseUri() + "/" + tenant + "/oauth2/v2.0/token");
  }

  /** Graph's base, {@code https://127.0.0.1:port/v1.0}. */
  public URI graphBaseUri() {
    return URI.create(hosts.get(1).baseUri() + "/v1.0");
  }

  /** Passwordstate's base; the API is under {@code /api/}. */
  public URI passwordstateBaseUri() {
    return hosts.get(2).baseUri();
  }

  /** Ivanti's base including any configured prefix; the API is under {@code /api/}. */
  public URI ivantiBaseUri() {
    return URI.create(hosts.get(3).baseUri() + ivantiPrefix);
  }

  /** AD CS web enrollment's base, {@code https://127.0.0.1:port/certsrv}. */
  public URI adcsBaseUri() {
    return URI.create(hosts.get(4).baseUri() + "/certsrv");
  }

  /** A trust store (PKCS12, in memory) holding the CA that signed the sandbox's TLS cert. */
  public KeyStore trustStore() {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setCertificateEntry("sandbox-ca", tlsCa);
      return store;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build the trust store", e);
    }
  }

  /** An SSL context that trusts only the sandbox's CA, for clients in the same JVM. */
  public SSLContext clientSslContext() {
    try {
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trustStore());
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build the client TLS context", e);
    }
  }

  /** The CA certificate clients must trust. */
  public X509Certificate tlsCaCertificate() {
    return tlsCa;
  }

  /**
   * Writes the trust store as {@code sandbox-truststore.p12} (password
   * {@link #TRUST_STORE_PASSWORD}) into {@code dir} and returns its path.
   */
  public Path writeTrustStore(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(TRUST_STORE_FILE);
    try (OutputStream out = Files.newOutputStream(file)) {
      trustStore().store(out, TRUST_STORE_PASSWORD.toCharArray());
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot write the trust store", e);
    }
    return file;
  }

  /** Inspects and changes the sandbox's data. */
  public SandboxState state() {
    return state;
  }

  /** Fault injection for every service. */
  public Faults faults() {
    return faults;
  }

  /** The seeded world and what a correct run should do with it. */
  public World world() {
    return world;
  }

  /** Stops every service and releases held requests. */
  @Override
  public void close() {
    stopped.countDown();
    hosts.forEach(ServiceHost::stop);
    executor.shutdownNow();
    LOG.info("Sandbox stopped");
  }
}
