package io.entrarenewal.sandbox;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Entra ID's token endpoint for the client-credentials grant, with the checks and error bodies
 * of the real service, plus the metadata MSAL reads. Issues RS256 access tokens for Graph that
 * {@link GraphService} verifies.
 */
final class EntraService implements Http.Service {

  static final String GRAPH_AUDIENCE = "https://graph.microsoft.com";
  static final String ADMIN_ROLE = "Application.ReadWrite.All";
  private static final Pattern TOKEN_PATH = Pattern.compile("/([^/]+)/oauth2/v2\\.0/token");
  private static final Pattern OIDC_PATH =
      Pattern.compile("/([^/]+)/v2\\.0/\\.well-known/openid-configuration");
  private static final Pattern KEYS_PATH = Pattern.compile("/([^/]+)/discovery/v2\\.0/keys");
  private static final String ASSERTION_TYPE =
      "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
  private static final List<String> IGNORED_SCOPES = List.of("openid", "profile", "offline_access");
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
  private static final Duration TOKEN_LIFETIME = Duration.ofSeconds(3599);
  private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

  private final Directory directory;
  private final Clock clock;
  private final RSAKey tokenKey;
  private volatile String baseUrl = "";

  EntraService(Directory directory, Clock clock, KeyPair tokenKeys) {
    this.directory = directory;
    this.clock = clock;
    this.tokenKey = new RSAKey.Builder((RSAPublicKey) tokenKeys.getPublic())
        .privateKey((RSAPrivateKey) tokenKeys.getPrivate()).keyUse(KeyUse.SIGNATURE)
        .keyID("sandbox-token-key").build();
  }

  void baseUrl(String url) {
    this.baseUrl = url;
  }

  RSAKey publicTokenKey() {
    return tokenKey.toPublicJWK();
  }

  @Override
  public String endpointName(Http.Request request) {
    if (TOKEN_PATH.matcher(request.path()).matches()) {
      return "token";
    }
    if (OIDC_PATH.matcher(request.path()).matches()) {
      return "openidConfiguration";
    }
    if (request.path().endsWith("/discovery/instance")) {
      return "instanceDiscovery";
    }
    return KEYS_PATH.matcher(request.path()).matches() ? "keys" : "unknown";
  }

  @Override
  public Http.Response handle(Http.Request request) throws Exception {
    Matcher token = TOKEN_PATH.matcher(request.path());
    if (token.matches() && "POST".equals(request.method())) {
      return token(token.group(1), request);
    }
    Matcher oidc = OIDC_PATH.matcher(request.path());
    if (oidc.matches()) {
      return openidConfiguration(oidc.group(1));
    }
    if (request.path().endsWith("/discovery/instance")) {
      return instanceDiscovery(request);
    }
    if (KEYS_PATH.matcher(request.path()).matches()) {
      return Http.Response.text(200, "application/json",
          new JWKSet(tokenKey.toPublicJWK()).toString());
    }
    return Http.Response.text(404, "text/html", "<html><body>Not Found</body></html>");
  }

  private Http.Response token(String tenantSegment, Http.Request request) throws Exception {
    Map<String, String> form = request.form();
    Optional<Directory.TenantData> tenant = directory.tenant(tenantSegment);
    if (tenant.isEmpty()) {
      return error(request, 400, "invalid_request", 90002, "Tenant '" + tenantSegment
          + "' not found. Check to make sure you have the correct tenant ID and are signing"
          + " into the correct cloud. Check with your subscription administrator, this may"
          + " happen if there are no active subscriptions for the tenant.");
    }
    String grantType = form.get("grant_type");
    if (!"client_credentials".equals(grantType)) {
      return error(request, 400, grantType == null ? "invalid_request" : "unsupported_grant_type",
          grantType == null ? 900144 : 70003, grantType == null
              ? "The request body must contain the following parameter: 'grant_type'."
              : "The app requested an unsupported grant type '" + grantType + "'.");
    }
    Optional<String[]> basic = basicCredentials(request);
    String clientId = form.getOrDefault("client_id", basic.map(b -> b[0]).orElse(null));
    if (clientId == null || clientId.isBlank()) {
      return error(request, 400, "invalid_request", 900144,
          "The request body must contain the following parameter: 'client_id'.");
    }
    Optional<Http.Response> badScope = checkScope(request, form.get("scope"));
    if (badScope.isPresent()) {
      return badScope.get();
    }
    String secret = form.getOrDefault("client_secret", basic.map(b -> b[1]).orElse(null));
    String assertion = form.get("client_assertion");
    if (secret == null && assertion == null) {
      return error(request, 401, "invalid_client", 7000218, "The request body must contain the"
          + " following parameter: 'client_assertion' or 'client_secret'.");
    }
    synchronized (directory) {
      Optional<Directory.AppData> app = tenant.get().byAppId(clientId);
      if (app.isEmpty()) {
        return error(request, 400, "unauthorized_client", 700016, "Application with"
            + " identifier '" + clientId + "' was not found in the directory '"
            + tenant.get().domain + "'. This can happen if the application has not been"
            + " installed by the administrator of the tenant or consented to by any user in the"
            + " tenant. You may have sent your authentication request to the wrong tenant.");
      }
      Instant now = clock.instant();
      Optional<Http.Response> refusal = secret != null
          ? checkSecret(request, app.get(), secret, now)
          : checkAssertion(request, tenantSegment, tenant.get(), app.get(), form, now);
      if (refusal.isPresent()) {
        return refusal.get();
      }
      return issueToken(tenant.get(), app.get(), secret != null ? "1" : "2", now);
    }
  }

  private Optional<Http.Response> checkScope(Http.Request request, String scope) {
    if (scope == null || scope.isBlank()) {
      return Optional.of(error(request, 400, "invalid_request", 900144,
          "The request body must contain the following parameter: 'scope'."));
    }
    List<String> scopes = Arrays.stream(scope.trim().split("\\s+"))
        .filter(s -> !IGNORED_SCOPES.contains(s)).toList();
    boolean graphDefault = scopes.size() == 1
        && (scopes.get(0).equals(GRAPH_AUDIENCE + "/.default")
        || scopes.get(0).equals(GRAPH_AUDIENCE + "//.default"));
    if (!graphDefault) {
      return Optional.of(error(request, 400, "invalid_scope", 70011, "The provided value for the"
          + " input parameter 'scope' is not valid. The scope " + String.join(" ", scopes)
          + " is not valid."));
    }
    return Optional.empty();
  }

  private Optional<Http.Response> checkSecret(Http.Request request, Directory.AppData app,
      String secret, Instant now) {
    Optional<Directory.PasswordData> match = app.passwords.stream()
        .filter(p -> java.security.MessageDigest.isEqual(
            p.secretText().getBytes(StandardCharsets.UTF_8),
            secret.getBytes(StandardCharsets.UTF_8)))
        .filter(p -> !now.isBefore(p.usableFrom()))
        .findFirst();
    if (match.isEmpty() || now.isBefore(match.get().start())) {
      return Optional.of(error(request, 401, "invalid_client", 7000215, "Invalid client secret"
          + " provided. Ensure the secret being sent in the request is the client secret value,"
          + " not the client secret ID, for a secret added to app '" + app.appId + "'."));
    }
    if (!now.isBefore(match.get().end())) {
      return Optional.of(error(request, 401, "invalid_client", 7000222, "The provided client"
          + " secret keys for app '" + app.appId + "' are expired. Visit the Azure portal to"
          + " create new keys for your app: https://aka.ms/NewClientSecret, or consider using"
          + " certificate credentials for added security: https://aka.ms/certCreds."));
    }
    return Optional.empty();
  }

  private Optional<Http.Response> checkAssertion(Http.Request request, String tenantSegment,
      Directory.TenantData tenant, Directory.AppData app, Map<String, String> form,
      Instant now) {
    if (!ASSERTION_TYPE.equals(form.get("client_assertion_type"))) {
      return Optional.of(error(request, 400, "invalid_request", 900144, "The request body must"
          + " contain the following parameter: 'client_assertion_type'."));
    }
    SignedJWT jwt;
    try {
      jwt = SignedJWT.parse(form.get("client_assertion"));
    } catch (ParseException e) {
      return Optional.of(error(request, 400, "invalid_request", 50027,
          "JWT token is invalid or malformed."));
    }
    JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
    if (!JWSAlgorithm.RS256.equals(alg) && !JWSAlgorithm.PS256.equals(alg)) {
      return Optional.of(error(request, 400, "invalid_request", 5002738, "Invalid JWT token. '"
          + alg + "' is not a supported signature algorithm. Supported signing algorithms are:"
          + " 'RS256, HS256'"));
    }
    Optional<Directory.KeyData> key = findKey(app, jwt.getHeader(), now);
    if (key.isEmpty()) {
      return Optional.of(invalidSignature(request, app, "The key was not found."));
    }
    if (!key.get().validAt(now)) {
      return Optional.of(invalidSignature(request, app, "The key used is expired."));
    }
    int bits = Crypto.rsaBits(key.get().certificate());
    if (bits < 2048) {
      return Optional.of(error(request, 401, "invalid_client", 700027, "RSA key size " + bits
          + " is less than the minimum required 2048 bits."));
    }
    try {
      RSAPublicKey publicKey = (RSAPublicKey) key.get().certificate().getPublicKey();
      if (!jwt.verify(new RSASSAVerifier(publicKey))) {
        return Optional.of(invalidSignature(request, app, "The provided signature value did not"
            + " match the expected signature value."));
      }
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      return checkAssertionClaims(request, tenantSegment, tenant, app, claims, now);
    } catch (JOSEException | ParseException e) {
      return Optional.of(error(request, 400, "invalid_request", 50027,
          "JWT token is invalid or malformed."));
    }
  }

  private Optional<Http.Response> checkAssertionClaims(Http.Request request, String tenantSegment,
      Directory.TenantData tenant, Directory.AppData app, JWTClaimsSet claims, Instant now) {
    List<String> accepted = List.of(baseUrl + "/" + tenantSegment + "/oauth2/v2.0/token",
        baseUrl + "/" + tenant.id + "/oauth2/v2.0/token",
        baseUrl + "/" + tenant.domain + "/oauth2/v2.0/token");
    List<String> audience = claims.getAudience();
    if (audience == null || audience.stream().noneMatch(accepted::contains)) {
      return Optional.of(error(request, 401, "invalid_client", 700023, "Client assertion"
          + " audience claim does not match Realm issuer. Review the documentation at"
          + " https://learn.microsoft.com/entra/identity-platform/certificate-credentials ."));
    }
    if (!app.appId.equalsIgnoreCase(String.valueOf(claims.getIssuer()))
        || !app.appId.equalsIgnoreCase(String.valueOf(claims.getSubject()))) {
      return Optional.of(error(request, 401, "invalid_client", 700021, "Client assertion"
          + " application identifier doesn't match 'client_id' parameter. Review the"
          + " documentation at"
          + " https://learn.microsoft.com/entra/identity-platform/certificate-credentials ."));
    }
    Date exp = claims.getExpirationTime();
    Date nbf = claims.getNotBeforeTime();
    boolean expired = exp == null || now.minus(CLOCK_SKEW).isAfter(exp.toInstant());
    boolean early = nbf != null && now.plus(CLOCK_SKEW).isBefore(nbf.toInstant());
    if (expired || early) {
      return Optional.of(error(request, 401, "invalid_client", 700024, "Client assertion is"
          + " not within its valid time range. Current time: " + now + ", assertion valid from "
          + (nbf == null ? "-" : nbf.toInstant()) + ", expiry time of assertion "
          + (exp == null ? "-" : exp.toInstant()) + ". Review the documentation at"
          + " https://learn.microsoft.com/entra/identity-platform/certificate-credentials ."));
    }
    return Optional.empty();
  }

  /** Finds the registered certificate named by x5t (SHA-1) or x5t#S256 (SHA-256). */
  private static Optional<Directory.KeyData> findKey(Directory.AppData app, JWSHeader header,
      Instant now) {
    Optional<byte[]> sha1 = Directory.decodeThumbprint(rawHeader(header, "x5t"));
    Optional<byte[]> sha256 = Directory.decodeThumbprint(rawHeader(header, "x5t#S256"));
    return app.keys.stream()
        .filter(k -> !now.isBefore(k.usableFrom()))
        .filter(k -> sha1.map(t -> Arrays.equals(t, k.sha1())).orElse(false)
            || sha256.map(t -> Arrays.equals(t, k.sha256())).orElse(false))
        .findFirst();
  }

  /** The header value as sent: MSAL writes x5t#S256 in standard base64 with padding. */
  static String rawHeader(JWSHeader header, String name) {
    Object value = header.toJSONObject().get(name);
    return value == null ? null : value.toString();
  }

  private Http.Response invalidSignature(Http.Request request, Directory.AppData app,
      String reason) {
    return error(request, 401, "invalid_client", 700027, "Client assertion contains an invalid"
        + " signature. [Reason - " + reason + ", Thumbprint of key used by client: '"
        + "', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see"
        + " configured keys for app Id '" + app.appId + "'. Review the documentation at"
        + " https://docs.microsoft.com/en-us/graph/deployments to determine the corresponding"
        + " service endpoint and https://docs.microsoft.com/en-us/graph/api/application-get"
        + "?view=graph-rest-1.0&tabs=http to build a query request URL, such as"
        + " 'https://graph.microsoft.com/beta/applications/" + app.objectId + "'].");
  }

  private Http.Response issueToken(Directory.TenantData tenant, Directory.AppData app,
      String appIdAcr, Instant now) throws JOSEException {
    JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
        .audience(GRAPH_AUDIENCE)
        .issuer("https://sts.windows.net/" + tenant.id + "/")
        .issueTime(Date.from(now))
        .notBeforeTime(Date.from(now))
        .expirationTime(Date.from(now.plus(TOKEN_LIFETIME)))
        .subject(servicePrincipalId(app))
        .jwtID(UUID.randomUUID().toString())
        .claim("appid", app.appId)
        .claim("appidacr", appIdAcr)
        .claim("idtyp", "app")
        .claim("oid", servicePrincipalId(app))
        .claim("tid", tenant.id)
        .claim("ver", "1.0");
    if (app.administrator) {
      claims.claim("roles", List.of(ADMIN_ROLE));
    }
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256)
        .type(JOSEObjectType.JWT).keyID(tokenKey.getKeyID()).build(), claims.build());
    jwt.sign(new RSASSASigner(tokenKey));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("token_type", "Bearer");
    body.put("expires_in", TOKEN_LIFETIME.toSeconds());
    body.put("ext_expires_in", TOKEN_LIFETIME.toSeconds());
    body.put("access_token", jwt.serialize());
    return Http.Response.json(200, body);
  }

  static String servicePrincipalId(Directory.AppData app) {
    return UUID.nameUUIDFromBytes(("sp:" + app.objectId).getBytes(StandardCharsets.UTF_8))
        .toString();
  }

  private static Optional<String[]> basicCredentials(Http.Request request) {
    return request.header("Authorization")
        .filter(h -> h.regionMatches(true, 0, "Basic ", 0, 6))
        .map(h -> new String(Base64.getDecoder().decode(h.substring(6).trim()),
            StandardCharsets.UTF_8))
        .filter(s -> s.contains(":"))
        .map(s -> new String[] {Http.decode(s.substring(0, s.indexOf(':'))),
            Http.decode(s.substring(s.indexOf(':') + 1))});
  }

  private Http.Response openidConfiguration(String tenantSegment) {
    String tenantId = directory.tenant(tenantSegment).map(t -> t.id).orElse(tenantSegment);
    String authority = baseUrl + "/" + tenantId;
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("token_endpoint", authority + "/oauth2/v2.0/token");
    body.put("token_endpoint_auth_methods_supported",
        List.of("client_secret_post", "private_key_jwt", "client_secret_basic"));
    body.put("jwks_uri", authority + "/discovery/v2.0/keys");
    body.put("response_modes_supported", List.of("query", "fragment", "form_post"));
    body.put("subject_types_supported", List.of("pairwise"));
    body.put("id_token_signing_alg_values_supported", List.of("RS256"));
    body.put("response_types_supported", List.of("code", "id_token", "code id_token",
        "id_token token"));
    body.put("scopes_supported", List.of("openid", "profile", "email", "offline_access"));
    body.put("issuer", authority + "/v2.0");
    body.put("request_uri_parameter_supported", false);
    body.put("userinfo_endpoint", baseUrl + "/oidc/userinfo");
    body.put("authorization_endpoint", authority + "/oauth2/v2.0/authorize");
    body.put("device_authorization_endpoint", authority + "/oauth2/v2.0/devicecode");
    body.put("http_logout_supported", true);
    body.put("frontchannel_logout_supported", true);
    body.put("end_session_endpoint", authority + "/oauth2/v2.0/logout");
    body.put("claims_supported", List.of("sub", "iss", "aud", "exp", "iat", "nbf", "tid"));
    body.put("kerberos_endpoint", authority + "/kerberos");
    body.put("tenant_region_scope", "EU");
    body.put("cloud_instance_name", "microsoftonline.com");
    body.put("cloud_graph_host_name", "graph.windows.net");
    body.put("msgraph_host", "graph.microsoft.com");
    return Http.Response.json(200, body);
  }

  private Http.Response instanceDiscovery(Http.Request request) {
    String host = request.uri().getAuthority();
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("preferred_network", host);
    metadata.put("preferred_cache", host);
    metadata.put("aliases", List.of(host));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("tenant_discovery_endpoint",
        baseUrl + "/common/v2.0/.well-known/openid-configuration");
    body.put("api-version", "1.1");
    body.put("metadata", List.of(metadata));
    return Http.Response.json(200, body);
  }

  private Http.Response error(Http.Request request, int status, String error, int code,
      String text) {
    Instant now = clock.instant();
    String traceId = UUID.randomUUID().toString();
    String correlationId = request.header("client-request-id")
        .orElse(UUID.randomUUID().toString());
    String timestamp = TIMESTAMP.format(now);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", error);
    body.put("error_description", "AADSTS" + code + ": " + text + "\r\nTrace ID: " + traceId
        + "\r\nCorrelation ID: " + correlationId + "\r\nTimestamp: " + timestamp);
    body.put("error_codes", List.of(code));
    body.put("timestamp", timestamp);
    body.put("trace_id", traceId);
    body.put("correlation_id", correlationId);
    body.put("error_uri", "https://login.microsoftonline.com/error?code=" + code);
    return Http.Response.json(status, body);
  }
}
