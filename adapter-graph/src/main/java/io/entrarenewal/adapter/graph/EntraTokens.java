package io.entrarenewal.adapter.graph;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.identity.AadCredentialBuilderBase;
import com.azure.identity.ClientAssertionCredentialBuilder;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.microsoft.aad.msal4j.MsalServiceException;
import com.nimbusds.jwt.JWTParser;
import io.entrarenewal.core.domain.CertificateKeyPair;
import io.entrarenewal.core.domain.ExternalSystem;
import io.entrarenewal.core.domain.ExternalSystemException;
import io.entrarenewal.core.domain.ExternalSystemException.Kind;
import io.entrarenewal.core.domain.Secret;
import io.entrarenewal.core.domain.Tenant;
import java.io.IOException;
import java.text.ParseException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client-credentials tokens from Entra through azure-identity: for the administrator account of
 * each tenant (cached here until shortly before expiry, because MSAL's own cache misses whenever
 * the login host has a port) and for apps signing in with a secret or a certificate.
 */
final class EntraTokens {

  private static final Logger LOG = LoggerFactory.getLogger(EntraTokens.class);
  private static final Pattern AADSTS = Pattern.compile("AADSTS(\\d+):?\\s*([^\\r\\n]*)");
  private static final int SHORT_TEXT = 160;
  private static final int MAX_TOKEN_RETRIES = 5;

  private final GraphSettings settings;
  private final HttpStack http;
  private final Pacer pacer;
  private final Map<String, AccessToken> accountTokens = new ConcurrentHashMap<>();

  EntraTokens(GraphSettings settings, HttpStack http, Pacer pacer) {
    this.settings = settings;
    this.http = http;
    this.pacer = pacer;
  }

  /** A Graph token for the tenant's administrator account, from the cache while it lasts. */
  // Limitation: a cached token that Entra revokes early keeps being sent until it nears its
  // expiry; Graph then answers 401 and the call is reported as refused.
  String forAccount(Tenant tenant) {
    GraphAccount account = settings.account(tenant.name()).orElseThrow(() ->
        new ExternalSystemException(ExternalSystem.DIRECTORY, Kind.REFUSED,
            "no Graph account is configured for tenant " + tenant.name()));
    return accountTokens.compute(tenant.name(), (name, cached) ->
            cached != null && isFresh(cached) ? cached : acquire(tenant, account)).getToken();
  }

  /**
   * The {@code roles} claim of the account's token. The token is this tool's own and was just
   * received over verified TLS, so its claims are read without checking its signature.
   */
  Set<String> accountRoles(Tenant tenant) {
    String token = forAccount(tenant);
    try {
      List<String> roles = JWTParser.parse(token).getJWTClaimsSet().getStringListClaim("roles");
      return roles == null ? Set.of() : Set.copyOf(roles);
    } catch (ParseException e) {
      throw new ExternalSystemException(ExternalSystem.DIRECTORY, Kind.AMBIGUOUS,
          "the Graph token of tenant " + tenant.name() + " is not a readable JWT", e);
    }
  }

  /** A Graph token for the app itself, signing a client assertion with {@code certificate}. */
  AccessToken forApp(Tenant tenant, String clientId, CertificateKeyPair certificate) {
    return acquire(certificateCredential(tenant, clientId, certificate),
        "app " + clientId + " with certificate " + certificate.thumbprint());
  }

  /** A Graph token for the app itself, signing in with {@code secret}. */
  AccessToken forApp(Tenant tenant, String clientId, Secret secret) {
    return acquire(
        secretCredential(tenant, clientId, secret), "app " + clientId + " with a secret");
  }

  private AccessToken acquire(Tenant tenant, GraphAccount account) {
    LOG.debug("Acquiring a Graph token for the account of tenant {}", tenant.name());
    return acquire(secretCredential(tenant, account.clientId(), account.secret()),
        "the Graph account " + account.clientId() + " of tenant " + tenant.name());
  }

  private boolean isFresh(AccessToken token) {
    Instant renewAt = token.getExpiresAt().toInstant().minus(settings.tokenLifetimeMargin());
    return pacer.now().isBefore(renewAt);
  }

  private AccessToken acquire(TokenCredential credential, String who) {
    try {
      AccessToken token = credential.getTokenSync(
          new TokenRequestContext().addScopes(settings.graphScope()));
      if (token == null || token.getToken() == null) {
        throw new ExternalSystemException(ExternalSystem.DIRECTORY, Kind.UNAVAILABLE,
            "Entra returned no token for " + who);
      }
      return token;
    } catch (ExternalSystemException e) {
      throw e;
    } catch (RuntimeException e) {
      throw translate(e, who);
    }
  }

  private TokenCredential secretCredential(Tenant tenant, String clientId, Secret secret) {
    return configure(new ClientSecretCredentialBuilder(), tenant, clientId)
        .clientSecret(secret.reveal())
        .build();
  }

  private TokenCredential certificateCredential(
      Tenant tenant, String clientId, CertificateKeyPair certificate) {
    String tokenEndpoint = tokenEndpoint(tenant);
    return configure(new ClientAssertionCredentialBuilder(), tenant, clientId)
        .clientAssertion(() -> SignedJwts.clientAssertion(
            certificate, clientId, tokenEndpoint, pacer.now(), settings.assertionHeader()))
        .build();
  }

  // Limitation: the assertion carries no x5c chain, so subject-name/issuer certificate
  // authentication is not supported; apps must have the certificate itself registered.

  /** The tenant's v2.0 token endpoint, the audience of client assertions. */
  String tokenEndpoint(Tenant tenant) {
    return settings.authorityHost() + "/" + tenant.directoryId() + "/oauth2/v2.0/token";
  }

  private <T extends AadCredentialBuilderBase<T>> T configure(
      T builder, Tenant tenant, String clientId) {
    builder.tenantId(tenant.directoryId())
        .clientId(clientId)
        .authorityHost(settings.authorityHost().toString())
        .httpClient(http.identityClient())
        .maxRetry(Math.min(settings.retryPolicy().maxAttempts() - 1, MAX_TOKEN_RETRIES));
    if (!settings.authorityIsMicrosoft()) {
      // MSAL would ask login.microsoftonline.com to vouch for any other host, and fail.
      builder.disableInstanceDiscovery();
    }
    return builder;
  }

  private static ExternalSystemException translate(RuntimeException e, String who) {
    SSLException tls = find(e, SSLException.class);
    if (tls != null) {
      // Another attempt meets the same certificate, so this is a refusal, not a passing failure.
      return new ExternalSystemException(ExternalSystem.DIRECTORY, Kind.REFUSED,
          "the TLS handshake with the Entra token endpoint failed for " + who + " ("
              + shorten(String.valueOf(tls.getMessage())) + "); check that the trust store"
              + " holds the server's CA and that the host name matches its certificate", e);
    }
    MsalServiceException service = find(e, MsalServiceException.class);
    Integer status = service == null ? null : service.statusCode();
    Matcher aadsts = AADSTS.matcher(messages(e));
    boolean coded = aadsts.find();
    boolean answered = coded || (status != null && status >= 400 && status < 500);
    if (answered && (status == null || status < 500) && find(e, IOException.class) == null) {
      Integer code = coded ? Integer.valueOf(aadsts.group(1)) : null;
      String text = coded ? "AADSTS" + code + ": " + shorten(aadsts.group(2)) : "HTTP " + status;
      return new TokenRefusedException(code, "Entra refused a token for " + who + ": " + text, e);
    }
    return new ExternalSystemException(ExternalSystem.DIRECTORY, Kind.UNAVAILABLE,
        "the Entra token endpoint could not be used for " + who + ": "
            + e.getClass().getSimpleName(), e);
  }

  private static String shorten(String text) {
    String trimmed = text.strip();
    return trimmed.length() <= SHORT_TEXT ? trimmed : trimmed.substring(0, SHORT_TEXT) + "...";
  }

  private static String messages(Throwable e) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t.getMessage() != null) {
        all.append(t.getMessage()).append('\n');
      }
    }
    return all.toString();
  }

  static <X extends Throwable> X find(Throwable e, Class<X> type) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }
}
