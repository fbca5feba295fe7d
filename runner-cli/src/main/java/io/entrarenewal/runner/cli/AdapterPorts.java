package io.entrarenewal.runner.cli;

import io.entrarenewal.adapter.graph.GraphAccount;
import io.entrarenewal.adapter.graph.GraphDirectory;
import io.entrarenewal.adapter.graph.GraphSettings;
import io.entrarenewal.adapter.ivanti.IvantiSettings;
import io.entrarenewal.adapter.ivanti.IvantiWorkQueue;
import io.entrarenewal.adapter.passwordstate.PasswordstateSettings;
import io.entrarenewal.adapter.passwordstate.PasswordstateVault;
import io.entrarenewal.adapter.pki.AdcsSettings;
import io.entrarenewal.adapter.pki.CertificateProfile;
import io.entrarenewal.adapter.pki.EmbeddedCa;
import io.entrarenewal.adapter.pki.EstSettings;
import io.entrarenewal.adapter.pki.HttpAuthentication;
import io.entrarenewal.adapter.pki.PfxProfile;
import io.entrarenewal.adapter.pki.Pkcs12Files;
import io.entrarenewal.adapter.pki.PkiCertificateAuthority;
import io.entrarenewal.core.domain.CertificateOrder;
import io.entrarenewal.core.domain.Enrollment;
import io.entrarenewal.core.domain.RenewalException;
import io.entrarenewal.core.domain.SystemAccount;
import io.entrarenewal.core.port.out.CertificateAuthority;
import io.entrarenewal.core.port.out.Directory;
import io.entrarenewal.core.port.out.PfxFiles;
import io.entrarenewal.core.port.out.Vault;
import io.entrarenewal.core.port.out.WorkQueue;
import io.entrarenewal.runner.cli.config.Connection;
import io.entrarenewal.runner.cli.config.GraphConfig;
import io.entrarenewal.runner.cli.config.IvantiConfig;
import io.entrarenewal.runner.cli.config.PasswordstateConfig;
import io.entrarenewal.runner.cli.config.PkiConfig;
import io.entrarenewal.runner.cli.config.RunnerConfig;
import io.entrarenewal.runner.cli.config.SecretResolver;
import io.entrarenewal.runner.cli.config.TenantConfig;
import io.entrarenewal.runner.cli.config.TrustStore;
import java.net.URI;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * The composition of the real adapters: Ivanti, Passwordstate, Graph and the PKI, each built
 * from its section of the configuration. Registered in
 * {@code META-INF/services/io.entrarenewal.runner.cli.PortFactory}.
 */
public final class AdapterPorts implements PortFactory {

  /** Graph's API version this tool is written against. */
  private static final String GRAPH_VERSION = "/v1.0";

  /** Created by the service loader. */
  public AdapterPorts() {
    // Stateless: every port is built from the configuration it is given.
  }

  @Override
  public WorkQueue workQueue(IvantiConfig ivanti, SecretResolver secrets) {
    // Limitation: hand-over notes are always internal (PublishToWeb false); no setting for it.
    Connection connection = ivanti.connection();
    IvantiSettings.Builder settings = IvantiSettings
        .builder(connection.url(), authentication(ivanti, secrets))
        .pathPrefix(ivanti.pathPrefix())
        .objects(new IvantiSettings.ObjectNames(ivanti.entitySets().tasks(),
            ivanti.entitySets().serviceRequests(), ivanti.entitySets().parameters(),
            ivanti.entitySets().notes()))
        .parameterNames(ivanti.appIdParameter(), ivanti.secretTypeParameter())
        .ownerTeam(ivanti.pending().ownerTeam())
        .pendingStatuses(ivanti.pending().statuses())
        .pendingSubject(ivanti.pending().subject())
        .pendingCategory(ivanti.pending().category())
        .closedStatus(ivanti.completedStatus())
        .closeOwner(ivanti.closeOwner())
        .timeSpentField(ivanti.timeSpentField())
        .handOverStatus(ivanti.handOverStatus())
        .noteParentCategory(ivanti.noteParentCategory())
        .timeouts(connection.connectTimeout(), connection.requestTimeout())
        .trustStore(TrustStores.keyStore(connection.trustStoreIfAny(), secrets).orElse(null));
    ivanti.requestsIfAny().ifPresent(requests -> settings.renewalRequests(requests(requests)));
    return IvantiWorkQueue.create(settings.build());
  }

  @Override
  public Vault vault(PasswordstateConfig passwordstate, SecretResolver bootstrapSecrets) {
    // Limitation: the adapter sends no PreventAuditing, so every read adds an audit record.
    Connection connection = passwordstate.connection();
    PasswordstateSettings.Builder settings = PasswordstateSettings.builder(connection.url())
        .apiPath(passwordstate.apiPath())
        .reason(passwordstate.reason())
        .connectTimeout(connection.connectTimeout())
        .requestTimeout(connection.requestTimeout())
        .trustStore(TrustStores.keyStore(connection.trustStoreIfAny(), bootstrapSecrets)
            .orElse(null));
    if (passwordstate.systemKey() != null) {
      settings.systemApiKey(bootstrapSecrets.resolve(passwordstate.systemKey()));
    }
    for (PasswordstateConfig.VaultList list : passwordstate.lists().values()) {
      if (list.apiKey() != null) {
        settings.listApiKey(list.listId(), bootstrapSecrets.resolve(list.apiKey()));
      }
      if (!list.metadataField().isEmpty()) {
        settings.metadataField(list.listId(), list.metadataField());
      }
    }
    return PasswordstateVault.create(settings.build());
  }

  /**
   * One Graph directory per cloud: tenants that share a login host and Graph URL share one
   * directory, and its token cache and connection pools.
   */
  @Override
  public Directory directory(GraphConfig graph, List<TenantConfig> tenants,
      SecretResolver secrets) {
    Map<String, GraphSettings.Builder> clouds = new LinkedHashMap<>();
    Map<String, String> cloudOfTenant = new LinkedHashMap<>();
    for (TenantConfig tenant : tenants) {
      String cloud = tenant.authorityHost() + " " + tenant.graphUrl();
      GraphSettings.Builder settings = clouds.computeIfAbsent(cloud,
          c -> graphSettings(graph, tenant, secrets));
      SystemAccount account = secrets.account(tenant.graphAccount(), tenant.graphClientId());
      settings.account(tenant.name(), new GraphAccount(account.userName(), account.password()));
      cloudOfTenant.put(tenant.name(), cloud);
    }
    Map<String, Directory> directories = new LinkedHashMap<>();
    clouds.forEach((cloud, settings) -> directories.put(cloud,
        GraphDirectory.create(settings.build())));
    if (directories.size() == 1) {
      return directories.values().iterator().next();
    }
    Map<String, Directory> byTenant = new LinkedHashMap<>();
    cloudOfTenant.forEach((tenant, cloud) -> byTenant.put(tenant, directories.get(cloud)));
    return new TenantDirectories(byTenant);
  }

  /**
   * Built on first use: the enrolling account is read from the vault only when a certificate
   * is really requested, so that a scan or a secret renewal never reads it.
   */
  @Override
  public CertificateAuthority certificateAuthority(PkiConfig pki, SecretResolver secrets) {
    return new CertificateAuthority() {
      private CertificateAuthority built;

      @Override
      public Enrollment enroll(CertificateOrder order) {
        return built().enroll(order);
      }

      @Override
      public Enrollment collect(String requestId, KeyPair keyPair) {
        return built().collect(requestId, keyPair);
      }

      private synchronized CertificateAuthority built() {
        if (built == null) {
          built = authority(pki, secrets);
        }
        return built;
      }

      @Override
      public String toString() {
        return "certificate authority (" + pki.protocol() + ")";
      }
    };
  }

  /**
   * What the adapters would otherwise find only at the first renewal: every trust store opens,
   * and the issuing CA's certificates can be read and are valid.
   */
  @Override
  public List<SystemCheck> checks(RunnerConfig config, SecretResolver secrets) {
    List<SystemCheck> checks = new ArrayList<>();
    trustStoreCheck(checks, "Passwordstate", config.passwordstate().connection(), secrets);
    trustStoreCheck(checks, "Ivanti", config.ivanti().connection(), secrets);
    config.graph().trustStoreIfAny().ifPresent(store -> checks.add(check(
        "trust store Graph", () -> trustStoreDetail(store, secrets))));
    config.pki().connectionIfAny().ifPresent(c -> trustStoreCheck(checks, "PKI", c, secrets));
    if (config.pki().caCertificates() != null) {
      checks.add(check("PKI issuing CA certificates",
          () -> caDetail(TrustStores.certificates(config.pki().caCertificates()))));
    }
    return checks;
  }

  @Override
  public PfxFiles pfxFiles(PkiConfig pki) {
    return Pkcs12Files.create(pki.pfxProfile() == PkiConfig.PfxProfile.LEGACY
        ? PfxProfile.LEGACY : PfxProfile.MODERN);
  }

  private static void trustStoreCheck(List<SystemCheck> checks, String system,
      Connection connection, SecretResolver secrets) {
    connection.trustStoreIfAny().ifPresent(store -> checks.add(check(
        "trust store " + system, () -> trustStoreDetail(store, secrets))));
  }

  private static String trustStoreDetail(TrustStore store, SecretResolver secrets) {
    KeyStore keys = TrustStores.keyStore(Optional.of(store), secrets).orElseThrow();
    try {
      return store.path().getFileName() + " opens; " + keys.size() + " certificates";
    } catch (KeyStoreException e) {
      throw new RenewalException("the trust store " + store.path() + " is not loaded", e);
    }
  }

  private static String caDetail(List<X509Certificate> certificates) {
    Instant now = Instant.now();
    for (X509Certificate certificate : certificates) {
      if (certificate.getNotAfter().toInstant().isBefore(now)) {
        throw new RenewalException("the CA certificate "
            + certificate.getSubjectX500Principal().getName() + " expired on "
            + certificate.getNotAfter().toInstant());
      }
    }
    return certificates.size() + " certificates, " + certificates.get(0)
        .getSubjectX500Principal().getName() + " valid until "
        + certificates.get(0).getNotAfter().toInstant();
  }

  private static SystemCheck check(String name, Supplier<String> probe) {
    return new SystemCheck() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public SystemCheck.Result run() {
        try {
          return SystemCheck.Result.pass(name, probe.get());
        } catch (RenewalException e) {
          return SystemCheck.Result.fail(name, e.getMessage(),
              "check the file and its password reference in the configuration");
        }
      }
    };
  }

  private static IvantiSettings.Authentication authentication(
      IvantiConfig ivanti, SecretResolver secrets) {
    if (ivanti.auth() instanceof IvantiConfig.ApiKey key) {
      return new IvantiSettings.ApiKey(secrets.resolve(key.key()));
    }
    IvantiConfig.Session login = (IvantiConfig.Session) ivanti.auth();
    String tenant = login.tenant().isBlank() ? ivanti.connection().url().getHost()
        : login.tenant();
    return new IvantiSettings.SessionLogin(tenant, login.userName(),
        secrets.resolve(login.password()), login.role());
  }

  private static IvantiSettings.RenewalRequests requests(IvantiConfig.RequestCreation config) {
    IvantiSettings.RenewalRequests defaults = IvantiSettings.RenewalRequests.notConfigured();
    return new IvantiSettings.RenewalRequests(defaults.mechanism(), config.subscriptionId(),
        config.appIdParameterId(), config.secretTypeParameterId(), config.secretTypeValues(),
        config.secretTypeOptionIds(), null, config.requesterId(),
        defaults.customerLocation(), defaults.localOffsetMinutes(),
        config.formName() == null ? defaults.formName() : config.formName(), config.subject(),
        defaults.finalStatuses());
  }

  private static GraphSettings.Builder graphSettings(
      GraphConfig graph, TenantConfig tenant, SecretResolver secrets) {
    return GraphSettings.builder()
        .authorityHost(tenant.authorityHost())
        .graphBaseUrl(versioned(tenant.graphUrl()))
        .connectTimeout(graph.connectTimeout())
        .readTimeout(graph.requestTimeout())
        .propagationWindow(graph.propagationWindow())
        .proofHeader(switch (graph.proofThumbprint()) {
          case X5T -> GraphSettings.JwtHeader.RS256_X5T;
          case X5T_S256 -> GraphSettings.JwtHeader.PS256_X5T_S256;
          case BOTH -> GraphSettings.JwtHeader.RS256_X5T_AND_X5T_S256;
        })
        .trustStore(TrustStores.keyStore(graph.trustStoreIfAny(), secrets).orElse(null));
  }

  /** The configured Graph URL with the API version, unless it already names one. */
  private static URI versioned(URI graphUrl) {
    String path = graphUrl.getPath() == null ? "" : graphUrl.getPath();
    return path.endsWith(GRAPH_VERSION) || path.endsWith("/beta")
        ? graphUrl : URI.create(graphUrl + GRAPH_VERSION);
  }

  private static CertificateAuthority authority(PkiConfig pki, SecretResolver secrets) {
    CertificateProfile.Builder profile = CertificateProfile.builder()
        .keySize(pki.keySize())
        .subjectPattern(pki.subject());
    if (pki.protocol() == PkiConfig.Protocol.EMBEDDED) {
      EmbeddedCa ca = EmbeddedCa.createOrLoad(pki.embeddedCa(),
          secrets.resolve(pki.embeddedCaPassword()));
      return PkiCertificateAuthority.embedded(ca, profile.build());
    }
    Connection connection = pki.connectionIfAny().orElseThrow();
    profile.trustAnchors(TrustStores.certificates(pki.caCertificates()));
    SystemAccount account = secrets.account(pki.account(), pki.accountUser());
    HttpAuthentication login = HttpAuthentication.basic(account.userName(), account.password());
    SSLContext tls = TrustStores.sslContext(connection.trustStoreIfAny(), secrets).orElse(null);
    if (pki.protocol() == PkiConfig.Protocol.EST) {
      EstSettings.Builder est = EstSettings.builder(connection.url(), login, profile.build());
      est.pendingWait(pki.pendingWait());
      est.requestTimeout(connection.requestTimeout());
      if (tls != null) {
        est.sslContext(tls);
      }
      return PkiCertificateAuthority.est(est.build());
    }
    AdcsSettings.Builder adcs = AdcsSettings.builder(connection.url(), login, profile.build());
    adcs.pendingWait(pki.pendingWait());
    adcs.requestTimeout(connection.requestTimeout());
    if (tls != null) {
      adcs.sslContext(tls);
    }
    return PkiCertificateAuthority.adcs(adcs.build());
  }
}
