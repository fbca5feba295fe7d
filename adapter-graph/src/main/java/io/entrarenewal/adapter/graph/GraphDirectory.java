package io.entrarenewal.adapter.graph;

import com.azure.core.credential.AccessToken;
import com.microsoft.graph.applications.item.addkey.AddKeyPostRequestBody;
import com.microsoft.graph.applications.item.addpassword.AddPasswordPostRequestBody;
import com.microsoft.graph.applications.item.removekey.RemoveKeyPostRequestBody;
import com.microsoft.graph.applications.item.removepassword.RemovePasswordPostRequestBody;
import com.microsoft.graph.models.Application;
import com.microsoft.graph.models.ApplicationCollectionResponse;
import com.microsoft.graph.models.KeyCredential;
import com.microsoft.graph.models.PasswordCredential;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.ApiException;
import io.entrarenewal.core.domain.AddedSecret;
import io.entrarenewal.core.domain.AppRegistration;
import io.entrarenewal.core.domain.CertificateKeyPair;
import io.entrarenewal.core.domain.ClientId;
import io.entrarenewal.core.domain.Credential;
import io.entrarenewal.core.domain.ExternalSystem;
import io.entrarenewal.core.domain.ExternalSystemException;
import io.entrarenewal.core.domain.ExternalSystemException.Kind;
import io.entrarenewal.core.domain.RefusalReason;
import io.entrarenewal.core.domain.RefusedException;
import io.entrarenewal.core.domain.Secret;
import io.entrarenewal.core.domain.Tenant;
import io.entrarenewal.core.domain.Verification;
import io.entrarenewal.core.port.out.Directory;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Directory} on Microsoft Graph v1.0 and the Entra ID token endpoint.
 *
 * <pre>{@code
 * Directory directory = GraphDirectory.create(GraphSettings.builder()
 *     .account("production", new GraphAccount(clientId, Secret.of(clientSecret)))
 *     .build());
 * }</pre>
 *
 * <p>Reads and token requests are retried with the configured backoff; changes (addPassword,
 * addKey, PATCH, removePassword, removeKey) are sent exactly once, and a lost reply is reported
 * as {@link Kind#AMBIGUOUS} so that the caller looks before it acts again. Safe for use by
 * several threads.
 */
public final class GraphDirectory implements Directory {

  private static final Logger LOG = LoggerFactory.getLogger(GraphDirectory.class);

  /**
   * AADSTS codes that a credential gives while Entra has not yet spread it to every replica:
   * invalid secret, unknown signing key, and application not found.
   */
  // Limitation: a fixed set; any other code ends verification at once, even if Entra one day
  // reports slow propagation differently.
  private static final Set<Integer> NOT_YET_PROPAGATED = Set.of(7000215, 700027, 700016);

  private static final String LIFETIME_POLICY_CODE = "CredentialInvalidLifetimeAsPerAppPolicy";
  private static final Pattern POLICY_ID = Pattern.compile("policy '([^']*)'");
  private static final String CERTIFICATE_TYPE = "AsymmetricX509Cert";
  private static final String VERIFY_USAGE = "Verify";
  private static final int PAGE_SIZE = 999;

  private final GraphSettings settings;
  private final Pacer pacer;
  private final EntraTokens tokens;
  private final GraphCalls calls;

  GraphDirectory(GraphSettings settings, Pacer pacer) {
    this.settings = Objects.requireNonNull(settings, "'settings' must not be null");
    this.pacer = Objects.requireNonNull(pacer, "'pacer' must not be null");
    HttpStack http = HttpStack.create(settings);
    this.tokens = new EntraTokens(settings, http, pacer);
    this.calls = new GraphCalls(settings, http, pacer);
  }

  /** A directory on Graph and Entra as {@code settings} describe them. */
  public static GraphDirectory create(GraphSettings settings) {
    return new GraphDirectory(settings, Pacer.system());
  }

  /**
   * The app roles in the account's token: Entra writes the application permissions granted to
   * the account, with admin consent, into the {@code roles} claim of a client-credentials token.
   */
  @Override
  public Optional<Set<String>> accountPermissions(Tenant tenant) {
    return Optional.of(tokens.accountRoles(tenant));
  }

  @Override
  public Optional<AppRegistration> findApp(Tenant tenant, ClientId clientId) {
    GraphServiceClient graph = asAccount(tenant);

    Optional<Application> app = calls.read(
        "looking up app " + clientId + " in tenant " + tenant.name(),
        () -> emptyWhenMissing(() -> graph.applicationsWithAppId(clientId.value())
            .get(request -> request.queryParameters.select = Applications.SELECT)));

    return app.map(found -> Applications.toRegistration(tenant.name(), found));
  }

  @Override
  public void listApps(Tenant tenant, Consumer<AppRegistration> consumer) {
    GraphServiceClient graph = asAccount(tenant);
    String what = "listing the apps of tenant " + tenant.name();

    ApplicationCollectionResponse page = calls.read(what, () -> graph.applications().get(
        request -> {
          request.queryParameters.select = Applications.SELECT;
          request.queryParameters.top = PAGE_SIZE;
        }));
    for (int number = 2; ; number++) {
      deliver(tenant, page, consumer);
      String next = page == null ? null : page.getOdataNextLink();
      if (next == null || next.isBlank()) {
        LOG.debug("Listed {} page(s) of apps in tenant {}", number - 1, tenant.name());
        return;
      }
      requireGraphHost(next, what);
      page = calls.read(what + " (page " + number + ")",
          () -> graph.applications().withUrl(next).get());
    }
  }

  @Override
  public AddedSecret addSecret(
      Tenant tenant, AppRegistration app, String displayName, Instant end) {
    GraphServiceClient graph = asAccount(tenant);
    String what = "adding secret '" + displayName + "' to app " + app.clientId();
    AddPasswordPostRequestBody body = new AddPasswordPostRequestBody();
    body.setPasswordCredential(passwordCredential(displayName, end));

    PasswordCredential added;
    try {
      added = calls.write(what,
          () -> graph.applications().byApplicationId(app.objectId()).addPassword().post(body));
    } catch (ExternalSystemException e) {
      throw lifetimePolicyRefusal(e, what).orElse(e);
    }

    return addedSecret(added, displayName, what);
  }

  @Override
  public Credential addCertificate(
      Tenant tenant,
      AppRegistration app,
      CertificateKeyPair current,
      X509Certificate newCertificate,
      String displayName) {
    String thumbprint = CertificateKeyPair.thumbprintOf(newCertificate);
    String what = "adding certificate " + thumbprint + " to app " + app.clientId()
        + " with proof from certificate " + current.thumbprint();
    String proof = proofOfPossession(current, app, what);
    GraphServiceClient graph = asApp(tenant, app, current, what);
    AddKeyPostRequestBody body = new AddKeyPostRequestBody();
    body.setKeyCredential(newKeyCredential(newCertificate, displayName));
    body.setPasswordCredential(null);
    body.setProof(proof);

    KeyCredential added;
    try {
      added = calls.write(what,
          () -> graph.applications().byApplicationId(app.objectId()).addKey().post(body));
    } catch (ExternalSystemException e) {
      throw selfServiceRefusal(e, what).orElse(e);
    }

    LOG.info("Added certificate {} to app {} (self-service)", thumbprint, app.clientId());
    return addedCertificate(tenant, app, added, newCertificate, what);
  }

  @Override
  public Credential addCertificateAsAdministrator(
      Tenant tenant, AppRegistration app, X509Certificate newCertificate, String displayName) {
    GraphServiceClient graph = asAccount(tenant);
    String thumbprint = CertificateKeyPair.thumbprintOf(newCertificate);
    String what = "adding certificate " + thumbprint + " to app " + app.clientId()
        + " as administrator";

    Application current = calls.read("reading the certificates of app " + app.clientId(),
        () -> graph.applications().byApplicationId(app.objectId()).get(
            request -> request.queryParameters.select = new String[] {"id", "keyCredentials"}));
    List<KeyCredential> existing =
        current.getKeyCredentials() == null ? List.of() : current.getKeyCredentials();
    Optional<KeyCredential> already = existing.stream()
        .filter(key -> thumbprint.equals(Applications.thumbprint(key)))
        .findFirst();
    if (already.isPresent()) {
      LOG.info("App {} already has certificate {}", app.clientId(), thumbprint);
      return Applications.toCredential(already.get());
    }

    KeyCredential added = newKeyCredential(newCertificate, displayName);
    added.setKeyId(UUID.randomUUID());
    added.setStartDateTime(utc(newCertificate.getNotBefore().toInstant()));
    added.setEndDateTime(utc(newCertificate.getNotAfter().toInstant()));
    List<KeyCredential> all = new ArrayList<>();
    for (KeyCredential key : existing) {
      all.add(resent(key, app));
    }
    all.add(added);
    Application patch = new Application();
    patch.setKeyCredentials(all);
    // Limitation: Graph offers no precondition on this PATCH, so a key credential added by
    // someone else between the read above and this write would be replaced away.
    calls.write(what,
        () -> {
          graph.applications().byApplicationId(app.objectId()).patch(patch);
        });

    LOG.info("Added certificate {} to app {} as administrator", thumbprint, app.clientId());
    return Credential.certificate(added.getKeyId(), displayName,
        newCertificate.getNotBefore().toInstant(), newCertificate.getNotAfter().toInstant(),
        thumbprint);
  }

  @Override
  public void removeSecret(Tenant tenant, AppRegistration app, UUID keyId) {
    GraphServiceClient graph = asAccount(tenant);
    String what = "removing secret " + keyId + " from app " + app.clientId();
    if (isGone(graph, app, keyId)) {
      LOG.info("Secret {} of app {} is already gone", keyId, app.clientId());
      return;
    }
    RemovePasswordPostRequestBody body = new RemovePasswordPostRequestBody();
    body.setKeyId(keyId);

    try {
      calls.write(what, () -> {
        graph.applications().byApplicationId(app.objectId()).removePassword().post(body);
      });
    } catch (ExternalSystemException e) {
      if (!isNotFound(e)) {
        throw e;
      }
    }

    LOG.info("Removed secret {} from app {}", keyId, app.clientId());
  }

  @Override
  public void removeCertificate(
      Tenant tenant, AppRegistration app, UUID keyId, CertificateKeyPair proofKey) {
    String what = "removing certificate " + keyId + " from app " + app.clientId()
        + " with proof from certificate " + proofKey.thumbprint();
    if (settings.account(tenant.name()).isPresent() && isGone(asAccount(tenant), app, keyId)) {
      LOG.info("Certificate {} of app {} is already gone", keyId, app.clientId());
      return;
    }
    String proof = proofOfPossession(proofKey, app, what);
    GraphServiceClient graph = asApp(tenant, app, proofKey, what);
    RemoveKeyPostRequestBody body = new RemoveKeyPostRequestBody();
    body.setKeyId(keyId);
    body.setProof(proof);

    try {
      calls.write(what, () -> {
        graph.applications().byApplicationId(app.objectId()).removeKey().post(body);
      });
    } catch (ExternalSystemException e) {
      if (!isNotFound(e)) {
        throw selfServiceRefusal(e, what).orElse(e);
      }
    }

    LOG.info("Removed certificate {} from app {}", keyId, app.clientId());
  }

  @Override
  public Verification verifySecret(Tenant tenant, ClientId clientId, Secret secret) {
    return verify("a secret of app " + clientId,
        () -> tokens.forApp(tenant, clientId.value(), secret));
  }

  @Override
  public Verification verifyCertificate(
      Tenant tenant, ClientId clientId, CertificateKeyPair certificate) {
    return verify("certificate " + certificate.thumbprint() + " of app " + clientId,
        () -> tokens.forApp(tenant, clientId.value(), certificate));
  }

  private GraphServiceClient asAccount(Tenant tenant) {
    return calls.client(() -> tokens.forAccount(tenant));
  }

  /** A Graph client with a token the app gets for itself with {@code certificate}. */
  private GraphServiceClient asApp(
      Tenant tenant, AppRegistration app, CertificateKeyPair certificate, String what) {
    AccessToken token;
    try {
      token = tokens.forApp(tenant, app.clientId().value(), certificate);
    } catch (TokenRefusedException e) {
      throw new RefusedException(ExternalSystem.DIRECTORY, RefusalReason.SELF_SERVICE_REJECTED,
          what + " was refused: " + e.getMessage(), e);
    }
    return calls.client(token::getToken);
  }

  private String proofOfPossession(CertificateKeyPair signer, AppRegistration app, String what) {
    try {
      return SignedJwts.proofOfPossession(
          signer, app.objectId(), pacer.now(), settings.proofHeader());
    } catch (IllegalArgumentException e) {
      throw new RefusedException(ExternalSystem.DIRECTORY, RefusalReason.SELF_SERVICE_REJECTED,
          what + " is impossible: " + e.getMessage(), e);
    }
  }

  private Verification verify(String what, Supplier<AccessToken> attempt) {
    Instant start = pacer.now();
    Instant deadline = start.plus(settings.propagationWindow());
    ExternalSystemException last;
    for (int number = 1; ; number++) {
      try {
        attempt.get();
        Duration waited = Duration.between(start, pacer.now());
        LOG.info("Verified {} after {} s", what, waited.toSeconds());
        return new Verification.Verified(waited);
      } catch (TokenRefusedException e) {
        if (e.aadstsCode().stream().noneMatch(NOT_YET_PROPAGATED::contains)) {
          return new Verification.NotVerified(e.getMessage());
        }
        last = e;
      } catch (ExternalSystemException e) {
        if (!e.isTransient()) {
          throw e;
        }
        last = e;
      }
      Duration left = Duration.between(pacer.now(), deadline);
      boolean mayRetry = settings.propagationBackoff().allowsAnotherAfter(number);
      if (left.isNegative() || left.isZero() || !mayRetry) {
        break;
      }
      Duration pause = settings.propagationBackoff().delayAfter(number, Optional.empty());
      LOG.debug("{} does not work yet (attempt {}); trying again", what, number);
      pacer.sleep(pause.compareTo(left) < 0 ? pause : left);
    }
    if (last instanceof TokenRefusedException) {
      return new Verification.NotVerified(last.getMessage() + " (still after "
          + Duration.between(start, pacer.now()).toSeconds() + " s)");
    }
    throw last;
  }

  private void deliver(
      Tenant tenant, ApplicationCollectionResponse page, Consumer<AppRegistration> consumer) {
    if (page == null || page.getValue() == null) {
      return;
    }
    for (Application app : page.getValue()) {
      AppRegistration registration;
      try {
        registration = Applications.toRegistration(tenant.name(), app);
      } catch (ExternalSystemException e) {
        LOG.warn("Skipping an entry of tenant {}: {}", tenant.name(), e.getMessage());
        continue;
      }
      consumer.accept(registration);
    }
  }

  /** Follows a next link only to the configured Graph host, the one the token is meant for. */
  private void requireGraphHost(String next, String what) {
    if (!next.startsWith(settings.graphOrigin() + "/")) {
      throw new ExternalSystemException(ExternalSystem.DIRECTORY, Kind.REFUSED,
          what + " failed: Graph pointed the next page to another host");
    }
  }

  private boolean isGone(GraphServiceClient graph, AppRegistration app, UUID keyId) {
    Optional<Application> current = calls.read(
        "reading the credentials of app " + app.clientId(),
        () -> emptyWhenMissing(() -> graph.applications().byApplicationId(app.objectId())
            .get(request -> request.queryParameters.select = Applications.SELECT)));
    return current.isEmpty()
        || Applications.toRegistration(app.tenantName(), current.get()).credential(keyId).isEmpty();
  }

  private static <T> Optional<T> emptyWhenMissing(Supplier<T> call) {
    try {
      return Optional.ofNullable(call.get());
    } catch (ApiException e) {
      if (e.getResponseStatusCode() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  // Limitation: only a 404 counts as "already gone"; should Graph answer an unknown key id with
  // a 400, the removal is reported as refused (the read before the removal usually prevents it).
  private static boolean isNotFound(ExternalSystemException e) {
    return e.getCause() instanceof RuntimeException cause
        && GraphCalls.status(cause).filter(status -> status == 404).isPresent();
  }

  private static Optional<ExternalSystemException> lifetimePolicyRefusal(
      ExternalSystemException e, String what) {
    if (!GraphCalls.errorCode(e).filter(LIFETIME_POLICY_CODE::equals).isPresent()) {
      return Optional.empty();
    }
    Matcher policy = POLICY_ID.matcher(GraphCalls.errorMessage(e).orElse(""));
    String named = policy.find() ? " '" + policy.group(1) + "'" : "";
    return Optional.of(new RefusedException(ExternalSystem.DIRECTORY,
        RefusalReason.LIFETIME_POLICY,
        what + " was refused: the lifetime exceeds the maximum of app management policy" + named,
        e.getCause()));
  }

  private static Optional<ExternalSystemException> selfServiceRefusal(
      ExternalSystemException e, String what) {
    Optional<Integer> status = e.getCause() instanceof RuntimeException cause
        ? GraphCalls.status(cause) : Optional.empty();
    if (status.filter(code -> code == 401 || code == 403).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new RefusedException(ExternalSystem.DIRECTORY,
        RefusalReason.SELF_SERVICE_REJECTED,
        what + " was refused: " + e.getMessage(), e.getCause()));
  }

  private static PasswordCredential passwordCredential(String displayName, Instant end) {
    PasswordCredential credential = new PasswordCredential();
    credential.setDisplayName(displayName);
    // Always explicit: Graph's default is two years, which app management policies refuse.
    credential.setEndDateTime(utc(end));
    return credential;
  }

  private static AddedSecret addedSecret(
      PasswordCredential added, String displayName, String what) {
    if (added == null || added.getKeyId() == null || added.getSecretText() == null
        || added.getSecretText().isEmpty()
        || added.getStartDateTime() == null || added.getEndDateTime() == null) {
      throw new ExternalSystemException(ExternalSystem.DIRECTORY, Kind.AMBIGUOUS,
          what + ": Graph's reply lacked the key id, dates or value; the secret may exist");
    }
    String name = added.getDisplayName() == null ? displayName : added.getDisplayName();
    Credential credential = Credential.secret(added.getKeyId(), name,
        added.getStartDateTime().toInstant(), added.getEndDateTime().toInstant());
    return new AddedSecret(credential, Secret.of(added.getSecretText()));
  }

  /** The credential addKey created; looked up when Graph's reply does not describe it. */
  private Credential addedCertificate(Tenant tenant, AppRegistration app, KeyCredential added,
      X509Certificate certificate, String what) {
    String thumbprint = CertificateKeyPair.thumbprintOf(certificate);
    if (added != null && added.getKeyId() != null && added.getStartDateTime() != null
        && added.getEndDateTime() != null) {
      return Credential.certificate(added.getKeyId(), added.getDisplayName(),
          added.getStartDateTime().toInstant(), added.getEndDateTime().toInstant(), thumbprint);
    }
    // Limitation: this re-read needs the tenant account; without one the result is ambiguous.
    try {
      Optional<Credential> found = findApp(tenant, app.clientId())
          .flatMap(reread -> reread.certificateWithThumbprint(thumbprint));
      if (found.isPresent()) {
        return found.get();
      }
    } catch (ExternalSystemException e) {
      LOG.warn("Could not re-read app {} after addKey: {}", app.clientId(), e.getMessage());
    }
    throw new ExternalSystemException(ExternalSystem.DIRECTORY, Kind.AMBIGUOUS,
        what + ": Graph's reply did not describe the new certificate");
  }

  private static KeyCredential newKeyCredential(X509Certificate certificate, String displayName) {
    KeyCredential key = new KeyCredential();
    key.setType(CERTIFICATE_TYPE);
    key.setUsage(VERIFY_USAGE);
    key.setKey(encoded(certificate));
    key.setDisplayName(displayName);
    return key;
  }

  /**
   * A fresh copy of an existing key credential with every field set, a missing usage filled in.
   * Users of SDK 6.x reported Graph rejecting such a PATCH for an invalid "usage" when parsed
   * credentials were sent back; the SDK's backing store tracks which fields changed, so the
   * copy does not depend on how it serialises objects it parsed.
   */
  private static KeyCredential resent(KeyCredential existing, AppRegistration app) {
    if (existing.getKey() == null || existing.getKey().length == 0) {
      throw new ExternalSystemException(ExternalSystem.DIRECTORY, Kind.REFUSED,
          "cannot keep certificate " + existing.getKeyId() + " of app " + app.clientId()
              + ": Graph did not return its public key, and a PATCH without it would delete it");
    }
    KeyCredential copy = new KeyCredential();
    copy.setKeyId(existing.getKeyId());
    copy.setType(existing.getType() == null ? CERTIFICATE_TYPE : existing.getType());
    copy.setUsage(existing.getUsage() == null ? VERIFY_USAGE : existing.getUsage());
    copy.setKey(existing.getKey());
    copy.setDisplayName(existing.getDisplayName());
    copy.setStartDateTime(existing.getStartDateTime());
    copy.setEndDateTime(existing.getEndDateTime());
    copy.setCustomKeyIdentifier(existing.getCustomKeyIdentifier());
    return copy;
  }

  private static byte[] encoded(X509Certificate certificate) {
    try {
      return certificate.getEncoded();
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException("the new certificate cannot be encoded", e);
    }
  }

  private static OffsetDateTime utc(Instant instant) {
    return OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC);
  }
}
