package io.entrarenewal.adapter.graph;

import io.entrarenewal.core.domain.RetryPolicy;
import java.net.URI;
import java.security.KeyStore;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@link GraphDirectory} reaches Entra ID and Microsoft Graph. Build it with
 * {@link #builder()}; every setting but the accounts has a default for the global cloud.
 *
 * @param authorityHost the Entra login host, such as {@code https://login.microsoftonline.com}
 * @param graphBaseUrl Graph's versioned base URL, such as {@code https://graph.microsoft.com/v1.0}
 * @param accounts the administrator/automation account per tenant name
 * @param trustStore the certificates trusted for TLS to both hosts; null for the JDK's defaults
 * @param connectTimeout how long to wait for a connection
 * @param readTimeout how long to wait for a reply once a request is sent
 * @param retryPolicy backoff for reads and token requests (never for writes)
 * @param propagationWindow how long a new credential may take to work
 * @param propagationBackoff the pauses between verification attempts within that window
 * @param assertionHeader the header of client assertions
 * @param proofHeader the header of proof-of-possession tokens for addKey and removeKey
 * @param tokenLifetimeMargin an account's token is renewed this long before it expires
 * @param graphResource the resource Entra issues Graph tokens for; null derives it from the Graph
 *     host (see {@link #graphScope()})
 */
public record GraphSettings(
    URI authorityHost,
    URI graphBaseUrl,
    Map<String, GraphAccount> accounts,
    KeyStore trustStore,
    Duration connectTimeout,
    Duration readTimeout,
    RetryPolicy retryPolicy,
    Duration propagationWindow,
    RetryPolicy propagationBackoff,
    JwtHeader assertionHeader,
    JwtHeader proofHeader,
    Duration tokenLifetimeMargin,
    URI graphResource) {

  /** The global cloud's login host. */
  public static final URI GLOBAL_AUTHORITY_HOST = URI.create("https://login.microsoftonline.com");

  /** The global cloud's Graph resource, which its tokens are issued for. */
  public static final URI GLOBAL_GRAPH_RESOURCE = URI.create("https://graph.microsoft.com");

  /** The global cloud's Graph v1.0 endpoint. */
  public static final URI GLOBAL_GRAPH_BASE_URL = URI.create("https://graph.microsoft.com/v1.0");

  /**
   * The algorithm and certificate hints in the header of a JWT signed with an app's certificate.
   *
   * <p>Why the default is {@link #RS256_X5T_AND_X5T_S256}: Microsoft's documentation conflicts.
   * The current certificate-credentials page asks for PS256 with {@code x5t#S256}; its previous
   * version asks for RS256 with {@code x5t} (SHA-1); a 2025 correction to that page reports that
   * {@code x5t} works while {@code x5t#S256} alone failed with AADSTS700027; and MSAL4J, which
   * works against Entra every day, signs RS256 and sends both hints. The proof-of-possession
   * header is not documented at all; Microsoft's own sample signs RS256 with {@code x5t}. RS256
   * with both hints is what the library Entra is tested against sends, so it is the default;
   * the alternatives stay selectable for the day Entra changes its mind.
   */
  public enum JwtHeader {
    /** RS256 with {@code x5t} (base64url SHA-1 of the certificate). */
    RS256_X5T,
    /** RS256 with {@code x5t} and {@code x5t#S256} (base64url SHA-256 of the certificate). */
    RS256_X5T_AND_X5T_S256,
    /** PS256 with {@code x5t#S256}, as the current documentation describes assertions. */
    PS256_X5T_S256
  }

  /** Validates the fields and copies the account map. */
  public GraphSettings {
    Objects.requireNonNull(authorityHost, "'authorityHost' must not be null");
    Objects.requireNonNull(graphBaseUrl, "'graphBaseUrl' must not be null");
    Objects.requireNonNull(accounts, "'accounts' must not be null");
    Objects.requireNonNull(connectTimeout, "'connectTimeout' must not be null");
    Objects.requireNonNull(readTimeout, "'readTimeout' must not be null");
    Objects.requireNonNull(retryPolicy, "'retryPolicy' must not be null");
    Objects.requireNonNull(propagationWindow, "'propagationWindow' must not be null");
    Objects.requireNonNull(propagationBackoff, "'propagationBackoff' must not be null");
    Objects.requireNonNull(assertionHeader, "'assertionHeader' must not be null");
    Objects.requireNonNull(proofHeader, "'proofHeader' must not be null");
    Objects.requireNonNull(tokenLifetimeMargin, "'tokenLifetimeMargin' must not be null");
    requireHttps(authorityHost, "authorityHost");
    requireHttps(graphBaseUrl, "graphBaseUrl");
    authorityHost = withoutTrailingSlash(authorityHost);
    graphBaseUrl = withoutTrailingSlash(graphBaseUrl);
    if (graphResource != null) {
      requireHttps(graphResource, "graphResource");
      graphResource = withoutTrailingSlash(graphResource);
    }
    accounts = Map.copyOf(accounts);
    requirePositive(connectTimeout, "connectTimeout");
    requirePositive(readTimeout, "readTimeout");
    if (propagationWindow.isNegative() || tokenLifetimeMargin.isNegative()) {
      throw new IllegalArgumentException(
          "'propagationWindow' and 'tokenLifetimeMargin' must not be negative");
    }
  }

  /** A builder with the defaults for the global cloud and no accounts. */
  public static Builder builder() {
    return new Builder();
  }

  /** The administrator account of a tenant, if one is configured. */
  public Optional<GraphAccount> account(String tenantName) {
    return Optional.ofNullable(accounts.get(tenantName));
  }

  /** The trust store, if one is configured. */
  public Optional<KeyStore> trustStoreIfAny() {
    return Optional.ofNullable(trustStore);
  }

  /**
   * The scope of a client-credentials token for Graph: the resource with "/.default". Entra names
   * the scope after the resource, not after the address called. Without a configured resource,
   * Microsoft's Graph hosts name their own cloud's resource and any other host (a stand-in, a
   * proxy) the global one; a proxy in front of another cloud's Graph sets its resource.
   */
  public String graphScope() {
    if (graphResource != null) {
      return graphResource + "/.default";
    }
    String host = graphBaseUrl.getHost().toLowerCase(Locale.ROOT);
    boolean microsoft = host.equals("graph.microsoft.com")
        || host.equals("graph.microsoft.us")
        || host.equals("dod-graph.microsoft.us")
        || host.equals("microsoftgraph.chinacloudapi.cn");
    return (microsoft ? graphOrigin() : GLOBAL_GRAPH_RESOURCE.toString()) + "/.default";
  }

  /** The scheme, host and port of Graph, without the version path. */
  String graphOrigin() {
    int port = graphBaseUrl.getPort();
    return graphBaseUrl.getScheme() + "://" + graphBaseUrl.getHost() + (port < 0 ? "" : ":" + port);
  }

  /** Whether the login host is one of Microsoft's, so MSAL's instance discovery can be used. */
  boolean authorityIsMicrosoft() {
    String host = authorityHost.getHost().toLowerCase(Locale.ROOT);
    return host.equals("login.microsoftonline.com")
        || host.equals("login.microsoftonline.us")
        || host.equals("login.chinacloudapi.cn")
        || host.equals("login.partner.microsoftonline.cn");
  }

  private static void requireHttps(URI uri, String name) {
    if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "'" + name + "' must be an https URL with a host, got " + uri);
    }
  }

  private static void requirePositive(Duration duration, String name) {
    if (duration.isZero() || duration.isNegative()) {
      throw new IllegalArgumentException("'" + name + "' must be positive");
    }
  }

  private static URI withoutTrailingSlash(URI uri) {
    String text = uri.toString();
    return text.endsWith("/") ? URI.create(text.substring(0, text.length() - 1)) : uri;
  }

  /** Builds {@link GraphSettings}, starting from the defaults for the global cloud. */
  public static final class Builder {
    private URI authorityHost = GLOBAL_AUTHORITY_HOST;
    private URI graphBaseUrl = GLOBAL_GRAPH_BASE_URL;
    private final Map<String, GraphAccount> accounts = new LinkedHashMap<>();
    private KeyStore trustStore;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration readTimeout = Duration.ofSeconds(60);
    private RetryPolicy retryPolicy = RetryPolicy.standard();
    private Duration propagationWindow = Duration.ofMinutes(2);
    private RetryPolicy propagationBackoff =
        new RetryPolicy(Integer.MAX_VALUE, Duration.ofSeconds(2), Duration.ofSeconds(20));
    private JwtHeader assertionHeader = JwtHeader.RS256_X5T_AND_X5T_S256;
    private JwtHeader proofHeader = JwtHeader.RS256_X5T_AND_X5T_S256;
    private Duration tokenLifetimeMargin = Duration.ofMinutes(5);
    private URI graphResource;

    private Builder() {}

    /** The login host; national clouds and stand-ins set their own. */
    public Builder authorityHost(URI value) {
      this.authorityHost = value;
      return this;
    }

    /** Graph's versioned base URL; national clouds and stand-ins set their own. */
    public Builder graphBaseUrl(URI value) {
      this.graphBaseUrl = value;
      return this;
    }

    /** Adds the administrator/automation account of one tenant, by the tenant's name. */
    public Builder account(String tenantName, GraphAccount account) {
      accounts.put(Objects.requireNonNull(tenantName, "'tenantName' must not be null"),
          Objects.requireNonNull(account, "'account' must not be null"));
      return this;
    }

    /** Trusts exactly the certificates of this key store for TLS (instead of the JDK's). */
    public Builder trustStore(KeyStore value) {
      this.trustStore = value;
      return this;
    }

    /** The connect timeout (default 10 s). */
    public Builder connectTimeout(Duration value) {
      this.connectTimeout = value;
      return this;
    }

    /** The reply timeout (default 60 s). */
    public Builder readTimeout(Duration value) {
      this.readTimeout = value;
      return this;
    }

    /** Backoff for reads and token requests (default {@link RetryPolicy#standard()}). */
    public Builder retryPolicy(RetryPolicy value) {
      this.retryPolicy = value;
      return this;
    }

    /** How long a new credential may take to work (default 2 minutes). */
    public Builder propagationWindow(Duration value) {
      this.propagationWindow = value;
      return this;
    }

    /** Pauses between verification attempts (default 2 s doubling up to 20 s). */
    public Builder propagationBackoff(RetryPolicy value) {
      this.propagationBackoff = value;
      return this;
    }

    /** The client-assertion header (default RS256 with x5t and x5t#S256). */
    public Builder assertionHeader(JwtHeader value) {
      this.assertionHeader = value;
      return this;
    }

    /** The proof-of-possession header (default RS256 with x5t and x5t#S256). */
    public Builder proofHeader(JwtHeader value) {
      this.proofHeader = value;
      return this;
    }

    /** Renew an account's token this long before it expires (default 5 minutes). */
    public Builder tokenLifetimeMargin(Duration value) {
      this.tokenLifetimeMargin = value;
      return this;
    }

    /**
     * The resource Graph tokens are issued for, such as {@code https://graph.microsoft.us}
     * (default: derived from the Graph host, see {@link GraphSettings#graphScope()}). Set it when
     * Graph of a cloud other than the global one is reached through a proxy.
     */
    public Builder graphResource(URI value) {
      this.graphResource = value;
      return this;
    }

    /** The settings. */
    public GraphSettings build() {
      return new GraphSettings(authorityHost, graphBaseUrl, accounts, trustStore, connectTimeout,
          readTimeout, retryPolicy, propagationWindow, propagationBackoff, assertionHeader,
          proofHeader, tokenLifetimeMargin, graphResource);
    }
  }
}
