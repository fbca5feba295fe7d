package io.entrarenewal.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Microsoft Graph v1.0 for application objects: lookup, listing with paging, credential actions
 * and the keyCredentials PATCH, with Graph's authorisation rules and error bodies.
 */
final class GraphService implements Http.Service {

  static final String AAD_GRAPH_AUDIENCE = "00000002-0000-0000-c000-000000000000";
  private static final Pattern BY_ID =
      Pattern.compile("/v1\\.0/applications/([0-9a-fA-F-]{36}|[^/()]+)(?:/([A-Za-z]+))?");
  private static final Pattern BY_APP_ID =
      Pattern.compile("/v1\\.0/applications\\(appId='([^']*)'\\)(?:/([A-Za-z]+))?");
  private static final Pattern FILTER_EQ =
      Pattern.compile("\\s*(appId|id|displayName)\\s+eq\\s+'((?:[^']|'')*)'\\s*");
  private static final Pattern FILTER_STARTS =
      Pattern.compile("\\s*startswith\\(\\s*displayName\\s*,\\s*'((?:[^']|'')*)'\\s*\\)\\s*");
  private static final String SKIP_PREFIX = "RFNwdAIAAQAAAD";
  private static final int DEFAULT_PAGE = 100;
  private static final int MAX_PAGE = 999;
  private static final Duration MAX_PROOF_LIFETIME = Duration.ofMinutes(10);
  private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
  private static final String SECRET_ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-.~";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Directory directory;
  private final Clock clock;
  private final RSAKey tokenKey;
  private volatile String baseUrl = "";

  GraphService(Directory directory, Clock clock, RSAKey tokenKey) {
    this.directory = directory;
    this.clock = clock;
    this.tokenKey = tokenKey;
  }

  void baseUrl(String url) {
    this.baseUrl = url;
  }

  @Override
  public String endpointName(Http.Request request) {
    Optional<Target> target = target(request.path());
    if (target.isEmpty()) {
      return "/v1.0/applications".equals(request.path()) ? "listApplications" : "unknown";
    }
    if (target.get().action() != null) {
      return target.get().action();
    }
    return "PATCH".equals(request.method()) ? "patchApplication" : "getApplication";
  }

  private record Target(boolean byAppId, String key, String action) {}

  private static Optional<Target> target(String path) {
    Matcher byAppId = BY_APP_ID.matcher(path);
    if (byAppId.matches()) {
      return Optional.of(new Target(true, byAppId.group(1), byAppId.group(2)));
    }
    Matcher byId = BY_ID.matcher(path);
    if (byId.matches()) {
      return Optional.of(new Target(false, byId.group(1), byId.group(2)));
    }
    return Optional.empty();
  }

  /** The authenticated caller: its tenant and its own app object. */
  private record Caller(Directory.TenantData tenant, Directory.AppData app, boolean admin) {}

  @Override
  public Http.Response handle(Http.Request request) throws Exception {
    Object caller = authenticate(request);
    if (caller instanceof Http.Response refusal) {
      return refusal;
    }
    Caller who = (Caller) caller;
    synchronized (directory) {
      if ("/v1.0/applications".equals(request.path())) {
        return "GET".equals(request.method()) ? list(request, who)
            : error(request, 405, "Request_BadRequest", "Unsupported method.");
      }
      Optional<Target> target = target(request.path());
      if (target.isEmpty()) {
        return error(request, 400, "Request_BadRequest",
            "Invalid request URI " + request.path() + ".");
      }
      Optional<Directory.AppData> app = target.get().byAppId()
          ? who.tenant().byAppId(target.get().key())
          : who.tenant().byObjectId(target.get().key());
      if (app.isEmpty()) {
        return error(request, 404, "Request_ResourceNotFound", "Resource '" + target.get().key()
            + "' does not exist or one of its queried reference-property objects are not"
            + " present.");
      }
      return dispatch(request, who, app.get(), target.get().action());
    }
  }

  private Http.Response dispatch(Http.Request request, Caller who, Directory.AppData app,
      String action) throws Exception {
    boolean self = who.app().objectId.equals(app.objectId);
    if (action == null && "GET".equals(request.method())) {
      return who.admin() ? get(request, app) : denied(request);
    }
    if (action == null && "PATCH".equals(request.method())) {
      return who.admin() ? patch(request, who.tenant(), app) : denied(request);
    }
    if (!"POST".equals(request.method()) || action == null) {
      return error(request, 405, "Request_BadRequest", "Unsupported method.");
    }
    return switch (action) {
      case "addPassword" -> who.admin() ? addPassword(request, who.tenant(), app)
          : denied(request);
      case "removePassword" -> who.admin() ? removePassword(request, app) : denied(request);
      case "addKey" -> who.admin() || self ? addKey(request, who.tenant(), app)
          : denied(request);
      case "removeKey" -> who.admin() || self ? removeKey(request, app) : denied(request);
      default -> error(request, 400, "Request_BadRequest",
          "Resource not found for the segment '" + action + "'.");
    };
  }

  // ----- authentication -----

  private Object authenticate(Http.Request request) {
    Optional<String> header = request.header("Authorization");
    if (header.isEmpty() || !header.get().regionMatches(true, 0, "Bearer ", 0, 7)
        || header.get().substring(7).isBlank()) {
      return error(request, 401, "InvalidAuthenticationToken", "Access token is empty.");
    }
    try {
      SignedJWT jwt = SignedJWT.parse(header.get().substring(7).trim());
      if (!jwt.verify(new RSASSAVerifier(tokenKey))) {
        return error(request, 401, "InvalidAuthenticationToken",
            "Access token validation failure.");
      }
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      if (claims.getAudience() == null
          || !claims.getAudience().contains(EntraService.GRAPH_AUDIENCE)) {
        return error(request, 401, "InvalidAuthenticationToken",
            "Access token validation failure. Invalid audience.");
      }
      if (claims.getExpirationTime() == null
          || !clock.instant().isBefore(claims.getExpirationTime().toInstant())) {
        return error(request, 401, "InvalidAuthenticationToken",
            "Lifetime validation failed, the token is expired.");
      }
      Optional<Directory.TenantData> tenant =
          directory.tenant(String.valueOf(claims.getClaim("tid")));
      Optional<Directory.AppData> app = tenant.flatMap(t -> {
        synchronized (directory) {
          return t.byAppId(String.valueOf(claims.getClaim("appid")));
        }
      });
      if (app.isEmpty()) {
        return error(request, 401, "InvalidAuthenticationToken",
            "Access token validation failure. Invalid tenant or application.");
      }
      List<String> roles = claims.getStringListClaim("roles");
      boolean admin = roles != null && roles.contains(EntraService.ADMIN_ROLE);
      return new Caller(tenant.get(), app.get(), admin);
    } catch (ParseException | JOSEException e) {
      return error(request, 401, "InvalidAuthenticationToken", "IDX14100: JWT is not well"
          + " formed, there are no dots (.).");
    }
  }

  private Http.Response denied(Http.Request request) {
    return error(request, 403, "Authorization_RequestDenied",
        "Insufficient privileges to complete the operation.");
  }

  // ----- reads -----

  private Http.Response get(Http.Request request, Directory.AppData app) {
    Optional<List<String>> select = select(request);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("@odata.context", baseUrl + "/v1.0/$metadata#applications"
        + select.map(s -> "(" + String.join(",", s) + ")").orElse("") + "/$entity");
    body.putAll(render(app, select));
    return Http.Response.json(200, body);
  }

  private Http.Response list(Http.Request request, Caller who) {
    if (!who.admin()) {
      return denied(request);
    }
    int top = DEFAULT_PAGE;
    Optional<String> topParam = request.param("$top");
    if (topParam.isPresent()) {
      try {
        top = Integer.parseInt(topParam.get().trim());
      } catch (NumberFormatException e) {
        top = -1;
      }
      if (top < 1 || top > MAX_PAGE) {
        return error(request, 400, "Request_BadRequest", "Invalid page size specified: '"
            + topParam.get() + "'. Must be between 1 and " + MAX_PAGE + " inclusive.");
      }
    }
    java.util.function.Predicate<Directory.AppData> filter = a -> true;
    Optional<String> filterParam = request.param("$filter");
    if (filterParam.isPresent()) {
      Optional<java.util.function.Predicate<Directory.AppData>> parsed =
          parseFilter(filterParam.get());
      if (parsed.isEmpty()) {
        return error(request, 400, "Request_UnsupportedQuery", "Unsupported or invalid query"
            + " filter clause specified for property of resource 'Application'.");
      }
      filter = parsed.get();
    }
    String after = null;
    Optional<String> skipToken = request.param("$skiptoken");
    if (skipToken.isPresent()) {
      Optional<String> decoded = decodeSkipToken(skipToken.get());
      if (decoded.isEmpty()) {
        return error(request, 400, "Request_BadRequest", "Invalid paging token.");
      }
      after = decoded.get();
    }
    Optional<List<String>> select = select(request);
    Map<String, Directory.AppData> source = after == null ? who.tenant().appsByObjectId
        : who.tenant().appsByObjectId.tailMap(after, false);
    List<Map<String, Object>> rows = new ArrayList<>();
    String last = null;
    boolean more = false;
    for (Directory.AppData app : source.values()) {
      if (!filter.test(app)) {
        continue;
      }
      if (rows.size() == top) {
        more = true;
        break;
      }
      rows.add(render(app, select));
      last = app.objectId;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("@odata.context", baseUrl + "/v1.0/$metadata#applications"
        + select.map(s -> "(" + String.join(",", s) + ")").orElse(""));
    if (skipToken.isEmpty() && "true".equalsIgnoreCase(request.param("$count").orElse(""))) {
      final java.util.function.Predicate<Directory.AppData> counted = filter;
      body.put("@odata.count",
          who.tenant().appsByObjectId.values().stream().filter(counted).count());
    }
    if (more) {
      body.put("@odata.nextLink", nextLink(request, last));
    }
    body.put("value", rows);
    return Http.Response.json(200, body);
  }

  private String nextLink(Http.Request request, String lastObjectId) {
    StringBuilder link = new StringBuilder(baseUrl).append("/v1.0/applications?");
    for (String name : List.of("$select", "$filter", "$top", "$count")) {
      request.param(name).ifPresent(value ->
          link.append(name).append('=').append(Http.encode(value)).append('&'));
    }
    String token = SKIP_PREFIX + Base64.getUrlEncoder().withoutPadding()
        .encodeToString(("Application_" + lastObjectId).getBytes(StandardCharsets.UTF_8));
    return link.append("$skiptoken=").append(token).toString();
  }

  private static Optional<String> decodeSkipToken(String token) {
    if (!token.startsWith(SKIP_PREFIX)) {
      return Optional.empty();
    }
    try {
      String decoded = new String(Base64.getUrlDecoder().decode(
          token.substring(SKIP_PREFIX.length())), StandardCharsets.UTF_8);
      return decoded.startsWith("Application_")
          ? Optional.of(decoded.substring("Application_".length())) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static Optional<java.util.function.Predicate<Directory.AppData>> parseFilter(
      String filter) {
    Matcher eq = FILTER_EQ.matcher(filter);
    if (eq.matches()) {
      String value = eq.group(2).replace("''", "'");
      return Optional.of(switch (eq.group(1)) {
        case "appId" -> a -> a.appId.equalsIgnoreCase(value);
        case "id" -> a -> a.objectId.equalsIgnoreCase(value);
        default -> a -> a.displayName.equalsIgnoreCase(value);
      });
    }
    Matcher starts = FILTER_STARTS.matcher(filter);
    if (starts.matches()) {
      String prefix = starts.group(1).replace("''", "'").toLowerCase(java.util.Locale.ROOT);
      return Optional.of(a -> a.displayName.toLowerCase(java.util.Locale.ROOT)
          .startsWith(prefix));
    }
    return Optional.empty();
  }

  private static Optional<List<String>> select(Http.Request request) {
    return request.param("$select").filter(s -> !s.isBlank())
        .map(s -> Arrays.stream(s.split(",")).map(String::trim).filter(x -> !x.isEmpty())
            .toList());
  }

  /** The application as Graph writes it, limited to {@code select} when given. */
  private Map<String, Object> render(Directory.AppData app, Optional<List<String>> select) {
    boolean withKey = select.map(s -> s.contains("keyCredentials")).orElse(false);
    Map<String, Object> all = new LinkedHashMap<>();
    all.put("id", app.objectId);
    all.put("deletedDateTime", null);
    all.put("appId", app.appId);
    all.put("applicationTemplateId", null);
    all.put("disabledByMicrosoftStatus", null);
    all.put("createdDateTime", date(app.created));
    all.put("displayName", app.displayName);
    all.put("description", null);
    all.put("groupMembershipClaims", null);
    all.put("identifierUris", List.of());
    all.put("isDeviceOnlyAuthSupported", null);
    all.put("isFallbackPublicClient", null);
    all.put("notes", null);
    all.put("publisherDomain", null);
    all.put("serviceManagementReference", null);
    all.put("signInAudience", "AzureADMyOrg");
    all.put("tags", List.of());
    all.put("tokenEncryptionKeyId", null);
    all.put("samlMetadataUrl", null);
    all.put("defaultRedirectUri", null);
    all.put("certification", null);
    all.put("optionalClaims", null);
    all.put("servicePrincipalLockConfiguration", null);
    all.put("requestSignatureVerification", null);
    all.put("addIns", List.of());
    Map<String, Object> api = new LinkedHashMap<>();
    api.put("acceptMappedClaims", null);
    api.put("knownClientApplications", List.of());
    api.put("requestedAccessTokenVersion", null);
    api.put("oauth2PermissionScopes", List.of());
    api.put("preAuthorizedApplications", List.of());
    all.put("api", api);
    all.put("appRoles", List.of());
    Map<String, Object> info = new LinkedHashMap<>();
    for (String name : List.of("logoUrl", "marketingUrl", "privacyStatementUrl", "supportUrl",
        "termsOfServiceUrl")) {
      info.put(name, null);
    }
    all.put("info", info);
    all.put("keyCredentials", app.keys.stream().map(k -> renderKey(k, withKey)).toList());
    all.put("parentalControlSettings",
        Map.of("countriesBlockedForMinors", List.of(), "legalAgeGroupRule", "Allow"));
    all.put("passwordCredentials", app.passwords.stream().map(this::renderPassword).toList());
    all.put("publicClient", Map.of("redirectUris", List.of()));
    all.put("requiredResourceAccess", List.of());
    if (select.isEmpty()) {
      return all;
    }
    Map<String, Object> selected = new LinkedHashMap<>();
    for (String name : select.get()) {
      if (all.containsKey(name)) {
        selected.put(name, all.get(name));
      }
    }
    return selected;
  }

  private Map<String, Object> renderKey(Directory.KeyData key, boolean withKey) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("customKeyIdentifier", key.thumbprintHex());
    json.put("displayName", key.displayName());
    json.put("endDateTime", date(key.end()));
    json.put("key", withKey ? key.keyBase64() : null);
    json.put("keyId", key.keyId().toString());
    json.put("startDateTime", date(key.start()));
    json.put("type", key.type());
    json.put("usage", key.usage());
    return json;
  }

  private Map<String, Object> renderPassword(Directory.PasswordData password) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("customKeyIdentifier", null);
    json.put("displayName", password.displayName());
    json.put("endDateTime", date(password.end()));
    json.put("hint", password.hint());
    json.put("keyId", password.keyId().toString());
    json.put("secretText", null);
    json.put("startDateTime", date(password.start()));
    return json;
  }

  static String date(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  // ----- writes -----

  private Http.Response addPassword(Http.Request request, Directory.TenantData tenant,
      Directory.AppData app) throws Exception {
    JsonNode body = request.body().length == 0 ? Http.JSON.createObjectNode() : request.json();
    JsonNode credential = body.path("passwordCredential");
    Instant now = clock.instant();
    Instant start;
    Instant end;
    try {
      start = instantOr(credential.path("startDateTime"), now);
      end = instantOr(credential.path("endDateTime"),
          OffsetDateTime.ofInstant(start, java.time.ZoneOffset.UTC).plusYears(2).toInstant());
    } catch (DateTimeParseException e) {
      return error(request, 400, "Request_BadRequest",
          "Invalid value specified for property 'endDateTime' of resource 'PasswordCredential'.");
    }
    if (!end.isAfter(start)) {
      return error(request, 400, "Request_BadRequest", "Key credential end date must be"
          + " later than its start date.");
    }
    if (app.secretMaxLifetime != null
        && Duration.between(start, end).compareTo(app.secretMaxLifetime) > 0) {
      return lifetimePolicyError(request, app);
    }
    String secret = newSecretText();
    String displayName = credential.path("displayName").isTextual()
        ? credential.path("displayName").asText() : null;
    Directory.PasswordData password = new Directory.PasswordData(UUID.randomUUID(), displayName,
        secret.substring(0, 3), secret, start, end, now.plus(tenant.propagationDelay));
    app.passwords.add(password);
    Map<String, Object> reply = new LinkedHashMap<>();
    reply.put("@odata.context", baseUrl + "/v1.0/$metadata#microsoft.graph.passwordCredential");
    reply.put("customKeyIdentifier", null);
    reply.put("displayName", displayName);
    reply.put("endDateTime", date(end));
    reply.put("hint", password.hint());
    reply.put("keyId", password.keyId().toString());
    reply.put("secretText", secret);
    reply.put("startDateTime", date(start));
    return Http.Response.json(200, reply);
  }

  private Http.Response lifetimePolicyError(Http.Request request, Directory.AppData app) {
    String message = "Credential lifetime exceeds the max value allowed as per assigned policy '"
        + app.policyId + "'.";
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("code", "InvalidKeyEndDate");
    detail.put("message", message);
    detail.put("target", "EndDate");
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", "CredentialInvalidLifetimeAsPerAppPolicy");
    error.put("message", message);
    error.put("details", List.of(detail));
    error.put("innerError", innerError(request));
    return Http.Response.json(400, Map.of("error", error));
  }

  static String newSecretText() {
    StringBuilder secret = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      secret.append(i == 4 ? 'Q' : i == 5 ? '~'
          : SECRET_ALPHABET.charAt(RANDOM.nextInt(SECRET_ALPHABET.length())));
    }
    return secret.toString();
  }

  private Http.Response removePassword(Http.Request request, Directory.AppData app)
      throws Exception {
    Optional<UUID> keyId = keyId(request.json());
    if (keyId.isEmpty()) {
      return error(request, 400, "Request_BadRequest",
          "The request body is missing the required parameter 'keyId'.");
    }
    if (!app.passwords.removeIf(p -> p.keyId().equals(keyId.get()))) {
      return error(request, 400, "Request_BadRequest", "No password credential found with"
          + " keyId '" + keyId.get() + "'.");
    }
    return Http.Response.empty(204);
  }

  private Http.Response addKey(Http.Request request, Directory.TenantData tenant,
      Directory.AppData app) throws Exception {
    JsonNode body = request.json();
    Optional<Http.Response> badProof = checkProof(request, app, body.path("proof").asText(null));
    if (badProof.isPresent()) {
      return badProof.get();
    }
    JsonNode credential = body.path("keyCredential");
    Object parsed = parseKeyCredential(request, credential, tenant);
    if (parsed instanceof Http.Response refusal) {
      return refusal;
    }
    Directory.KeyData key = (Directory.KeyData) parsed;
    app.keys.add(key);
    Map<String, Object> reply = new LinkedHashMap<>();
    reply.put("@odata.context", baseUrl + "/v1.0/$metadata#microsoft.graph.keyCredential");
    reply.putAll(renderKey(key, false));
    return Http.Response.json(200, reply);
  }

  private Http.Response removeKey(Http.Request request, Directory.AppData app) throws Exception {
    JsonNode body = request.json();
    Optional<Http.Response> badProof = checkProof(request, app, body.path("proof").asText(null));
    if (badProof.isPresent()) {
      return badProof.get();
    }
    Optional<UUID> keyId = keyId(body);
    if (keyId.isEmpty() || app.key(keyId.get()).isEmpty()) {
      return error(request, 400, "Request_BadRequest", "No key credential found with keyId '"
          + keyId.map(UUID::toString).orElse("") + "'.");
    }
    app.keys.removeIf(k -> k.keyId().equals(keyId.get()));
    return Http.Response.empty(204);
  }

  /**
   * The proof-of-possession checks: three parts without padding, RS256/PS256, aud of Azure AD
   * Graph, iss = the app's object id, numeric nbf/exp at most ten minutes apart and current,
   * signed by a currently valid certificate of the app.
   */
  private Optional<Http.Response> checkProof(Http.Request request, Directory.AppData app,
      String proof) {
    Http.Response malformed = error(request, 401, "Authentication_MissingOrMalformed",
        "Access Token missing or malformed.");
    if (proof == null || proof.isBlank()) {
      return Optional.of(malformed);
    }
    String[] parts = proof.split("\\.", -1);
    if (parts.length != 3 || parts[0].contains("=") || parts[1].contains("=")
        || parts[2].contains("=")) {
      return Optional.of(malformed);
    }
    Instant now = clock.instant();
    List<Directory.KeyData> valid = app.keys.stream()
        .filter(k -> k.validAt(now) && !now.isBefore(k.usableFrom())).toList();
    if (valid.isEmpty()) {
      return Optional.of(malformed);
    }
    try {
      SignedJWT jwt = SignedJWT.parse(proof);
      JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
      if (!JWSAlgorithm.RS256.equals(alg) && !JWSAlgorithm.PS256.equals(alg)) {
        return Optional.of(malformed);
      }
      JsonNode payload = Http.JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
      if (!payload.path("nbf").isNumber() || !payload.path("exp").isNumber()) {
        return Optional.of(malformed);
      }
      Instant nbf = Instant.ofEpochSecond(payload.path("nbf").asLong());
      Instant exp = Instant.ofEpochSecond(payload.path("exp").asLong());
      boolean audienceOk = audienceMatches(payload.path("aud"));
      boolean issuerOk = app.objectId.equalsIgnoreCase(payload.path("iss").asText(""));
      boolean lifetimeOk = exp.isAfter(nbf)
          && Duration.between(nbf, exp).compareTo(MAX_PROOF_LIFETIME) <= 0;
      boolean currentOk = !now.plus(CLOCK_SKEW).isBefore(nbf) && now.isBefore(exp);
      if (!audienceOk || !issuerOk || !lifetimeOk || !currentOk) {
        return Optional.of(malformed);
      }
      for (Directory.KeyData key : candidates(valid, jwt.getHeader())) {
        if (jwt.verify(new RSASSAVerifier((RSAPublicKey) key.certificate().getPublicKey()))) {
          return Optional.empty();
        }
      }
      return Optional.of(malformed);
    } catch (ParseException | JOSEException | java.io.IOException
        | IllegalArgumentException | ClassCastException e) {
      return Optional.of(malformed);
    }
  }

  private static boolean audienceMatches(JsonNode aud) {
    if (aud.isTextual()) {
      return AAD_GRAPH_AUDIENCE.equals(aud.asText());
    }
    if (aud.isArray()) {
      for (JsonNode value : aud) {
        if (AAD_GRAPH_AUDIENCE.equals(value.asText())) {
          return true;
        }
      }
    }
    return false;
  }

  /** The certificates named by x5t/x5t#S256, or every valid one when the header names none. */
  private static List<Directory.KeyData> candidates(List<Directory.KeyData> valid,
      JWSHeader header) {
    Optional<byte[]> sha1 = Directory.decodeThumbprint(EntraService.rawHeader(header, "x5t"));
    Optional<byte[]> sha256 =
        Directory.decodeThumbprint(EntraService.rawHeader(header, "x5t#S256"));
    if (sha1.isEmpty() && sha256.isEmpty()) {
      return valid;
    }
    return valid.stream()
        .filter(k -> sha1.map(t -> Arrays.equals(t, k.sha1())).orElse(false)
            || sha256.map(t -> Arrays.equals(t, k.sha256())).orElse(false))
        .toList();
  }

  /** Parses a keyCredential of a request into a new credential, or an error reply. */
  private Object parseKeyCredential(Http.Request request, JsonNode credential,
      Directory.TenantData tenant) {
    String type = credential.path("type").asText("");
    String usage = credential.path("usage").asText("");
    if (!Set.of("Sign", "Verify").contains(usage)) {
      return error(request, 400, "Request_BadRequest", "The value for the property \"usage\""
          + " in one of your credentials is invalid. Acceptable values are Sign, Verify.");
    }
    if (!("AsymmetricX509Cert".equals(type) && "Verify".equals(usage))
        && !("X509CertAndPassword".equals(type) && "Sign".equals(usage))) {
      return error(request, 400, "Request_BadRequest", "The value for the property \"type\""
          + " in one of your credentials is invalid.");
    }
    X509Certificate certificate;
    try {
      byte[] der = Base64.getMimeDecoder().decode(credential.path("key").asText(""));
      certificate = Crypto.parseCertificate(der);
    } catch (IllegalArgumentException | CertificateException e) {
      return error(request, 400, "Request_BadRequest", "Invalid certificate: Key value is"
          + " invalid certificate");
    }
    String displayName = credential.path("displayName").isTextual()
        ? credential.path("displayName").asText()
        : certificate.getSubjectX500Principal().getName();
    if (displayName.length() > 90) {
      displayName = displayName.substring(0, 90);
    }
    UUID keyId = keyId(credential).orElse(UUID.randomUUID());
    return new Directory.KeyData(keyId, displayName, type, usage,
        certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant(),
        certificate, clock.instant().plus(tenant.propagationDelay));
  }

  private Http.Response patch(Http.Request request, Directory.TenantData tenant,
      Directory.AppData app) throws Exception {
    JsonNode body = request.json();
    if (body.has("passwordCredentials")) {
      return error(request, 400, "Request_BadRequest",
          "New password credentials must be generated using service actions.");
    }
    if (body.has("keyCredentials")) {
      List<Directory.KeyData> replacement = new ArrayList<>();
      for (JsonNode credential : body.path("keyCredentials")) {
        Optional<UUID> keyId = keyId(credential);
        boolean keepExisting = credential.path("key").isNull() || !credential.has("key");
        if (keepExisting && keyId.isPresent() && app.key(keyId.get()).isPresent()) {
          replacement.add(app.key(keyId.get()).get());
          continue;
        }
        Object parsed = parseKeyCredential(request, credential, tenant);
        if (parsed instanceof Http.Response refusal) {
          return refusal;
        }
        Directory.KeyData key = (Directory.KeyData) parsed;
        Optional<Directory.KeyData> existing =
            keyId.flatMap(app::key).filter(k -> k.thumbprintHex().equals(key.thumbprintHex()));
        replacement.add(existing.orElse(key));
      }
      app.keys.clear();
      app.keys.addAll(replacement);
    }
    if (body.path("displayName").isTextual()) {
      app.displayName = body.path("displayName").asText();
    }
    return Http.Response.empty(204);
  }

  private static Optional<UUID> keyId(JsonNode node) {
    try {
      return node.path("keyId").isTextual()
          ? Optional.of(UUID.fromString(node.path("keyId").asText())) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static Instant instantOr(JsonNode node, Instant fallback) {
    return node.isTextual() && !node.asText().isBlank()
        ? OffsetDateTime.parse(node.asText()).toInstant() : fallback;
  }

  // ----- errors -----

  private Map<String, Object> innerError(Http.Request request) {
    String requestId = UUID.randomUUID().toString();
    Map<String, Object> inner = new LinkedHashMap<>();
    // Graph's own samples omit the zone; the Java SDK fails to parse that, so add the 'Z'.
    inner.put("date", date(clock.instant()));
    inner.put("request-id", requestId);
    inner.put("client-request-id", request.header("client-request-id").orElse(requestId));
    return inner;
  }

  private Http.Response error(Http.Request request, int status, String code, String message) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code);
    error.put("message", message);
    error.put("innerError", innerError(request));
    return Http.Response.json(status, Map.of("error", error));
  }
}
