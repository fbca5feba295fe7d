package io.entrarenewal.core.service;

import io.entrarenewal.core.domain.CertificateKeyPair;
import io.entrarenewal.core.domain.CertificateOrder;
import io.entrarenewal.core.domain.Credential;
import io.entrarenewal.core.domain.Enrollment;
import io.entrarenewal.core.domain.ExternalSystemException;
import io.entrarenewal.core.domain.HandOverReason;
import io.entrarenewal.core.domain.MetadataKeys;
import io.entrarenewal.core.domain.RenewalOutcome;
import io.entrarenewal.core.domain.RenewalSettings;
import io.entrarenewal.core.domain.SealedPfx;
import io.entrarenewal.core.domain.Secret;
import io.entrarenewal.core.domain.Step;
import io.entrarenewal.core.domain.Tenant;
import io.entrarenewal.core.domain.VaultEntry;
import io.entrarenewal.core.domain.Verification;
import io.entrarenewal.core.port.out.CertificateAuthority;
import io.entrarenewal.core.port.out.Directory;
import io.entrarenewal.core.port.out.PfxFiles;
import io.entrarenewal.core.port.out.Vault;
import java.security.KeyPair;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renews a certificate: obtain a new one from the PKI, keep it in the vault, roll it onto the app
 * with a proof signed by the current certificate, make it the entry's current PFX, prove it works.
 *
 * <p>The new certificate and its key exist in memory only between the PKI's answer and the
 * staging upload; from then on a re-run finds them in the vault (sealed with the entry's current
 * password) and never asks the PKI for a second certificate. A re-run recognises a roll-over that
 * already happened by the staged certificate's thumbprint on the app. See docs/architecture.md.
 */
final class CertificateRenewal {

  private static final Logger LOG = LoggerFactory.getLogger(CertificateRenewal.class);

  private final RenewalSettings settings;
  private final Vault vault;
  private final Directory directory;
  private final CertificateAuthority authority;
  private final PfxFiles pfxFiles;
  private final AppLocator locator;
  private final Clock clock;

  CertificateRenewal(
      RenewalSettings settings,
      Vault vault,
      Directory directory,
      CertificateAuthority authority,
      PfxFiles pfxFiles,
      AppLocator locator,
      Clock clock) {
    this.settings = settings;
    this.vault = vault;
    this.directory = directory;
    this.authority = authority;
    this.pfxFiles = pfxFiles;
    this.locator = locator;
    this.clock = clock;
  }

  /** The way a new certificate reaches the app. */
  enum RollPath { SELF_SERVICE, ADMINISTRATOR }

  /** A new certificate kept in the vault, and the entry as it is after keeping it. */
  record Staged(VaultEntry entry, CertificateKeyPair certificate) {}

  RenewalOutcome renew(Attempt attempt) {
    VaultEntry entry = findEntry(attempt);
    rejectSharedCertificate(attempt);
    Secret password = entryPassword(attempt, entry);
    Optional<CertificateKeyPair> current = readCurrent(attempt, entry, password);

    if (current.isPresent() && upToDate(attempt, entry, current.get())) {
      Credential credential =
          attempt.app().certificateWithThumbprint(current.get().thumbprint()).orElseThrow();
      return verify(attempt, credential, entry, current.get());
    }

    RollPath path = rollPath(attempt, current);
    Staged staged = stagedEarlier(attempt, entry, password)
        .orElseGet(() -> obtain(attempt, entry, password));
    CertificateKeyPair fresh = staged.certificate();
    Credential added = attempt.app().certificateWithThumbprint(fresh.thumbprint())
        .orElseGet(() -> roll(attempt, path, current, fresh));
    VaultEntry stored = makeCurrent(attempt, staged.entry(), fresh, added);
    return verify(attempt, added, stored, fresh);
  }

  VaultEntry findEntry(Attempt attempt) {
    String title = settings.certificateTitle(attempt.app().displayName());
    return findEntryTitled(attempt, title).orElseThrow(() -> attempt.handOver(
        HandOverReason.NO_VAULT_ENTRY,
        Step.FIND_VAULT_ENTRY,
        "The vault has no entry titled '" + title + "' in list " + settings.certificateListId()
            + " for app " + attempt.app().displayName() + " (" + attempt.app().clientId() + ")."));
  }

  /**
   * In a tenant with a shared-certificate suffix, an app named {@code X<suffix>} may use the
   * certificate of app {@code X}: if an entry for {@code X} exists, a human uploads it by hand.
   */
  void rejectSharedCertificate(Attempt attempt) {
    Optional<String> suffix = attempt.tenant().sharedCertificateSuffixIfAny();
    String name = attempt.app().displayName();
    if (suffix.isEmpty() || !name.endsWith(suffix.get())) {
      return;
    }
    String sharedName = name.substring(0, name.length() - suffix.get().length());
    String sharedTitle = settings.certificateTitle(sharedName);
    if (findEntryTitled(attempt, sharedTitle).isPresent()) {
      throw attempt.handOver(
          HandOverReason.SHARED_CERTIFICATE,
          Step.CHECK_SHARED_CERTIFICATE,
          "App " + name + " in tenant " + attempt.tenant().name() + " shares its certificate"
              + " with '" + sharedTitle + "' (list " + settings.certificateListId() + ").");
    }
  }

  Optional<CertificateKeyPair> readCurrent(Attempt attempt, VaultEntry entry, Secret password) {
    Optional<String> documentId = entry.metadata(MetadataKeys.DOCUMENT_ID).or(() ->
        attempt.step(Step.READ_OLD_CERTIFICATE, () -> vault.findLegacyDocumentId(entry)));
    if (documentId.isEmpty()) {
      return Optional.empty();
    }
    byte[] pfx = attempt.step(Step.READ_OLD_CERTIFICATE,
        () -> vault.readDocument(entry, documentId.get()));
    return Optional.of(attempt.step(Step.READ_OLD_CERTIFICATE, () -> pfxFiles.open(pfx, password)));
  }

  /**
   * Whether the vault's certificate is already the renewed one: this request stored it, or it is
   * registered on the app and outlives the renewal window (a second task for the same app).
   */
  boolean upToDate(Attempt attempt, VaultEntry entry, CertificateKeyPair current) {
    Optional<Credential> registered =
        attempt.app().certificateWithThumbprint(current.thumbprint());
    boolean storedByThisRequest = entry.metadata(MetadataKeys.REQUEST)
        .map(attempt.request().requestId()::equals).orElse(false);
    boolean notDue = registered
        .map(c -> c.end().isAfter(clock.instant().plus(settings.renewBefore()))).orElse(false);
    return registered.isPresent() && (storedByThisRequest || notDue);
  }

  /**
   * Self-service needs a valid certificate of the app with its key; without one, only the
   * administrator may add the new certificate, and only where that is configured.
   */
  RollPath rollPath(Attempt attempt, Optional<CertificateKeyPair> current) {
    Optional<String> problem = selfServiceProblem(attempt, current);
    if (problem.isEmpty()) {
      return RollPath.SELF_SERVICE;
    }
    if (settings.administrativeCertificatePath()) {
      LOG.info("App {}: {}; using the administrative path", attempt.app().clientId(),
          problem.get());
      return RollPath.ADMINISTRATOR;
    }
    throw attempt.handOver(HandOverReason.NO_VALID_CERTIFICATE, Step.READ_OLD_CERTIFICATE,
        "App " + attempt.app().displayName() + " (" + attempt.app().clientId() + "): "
            + problem.get() + ".");
  }

  Optional<String> selfServiceProblem(Attempt attempt, Optional<CertificateKeyPair> current) {
    if (current.isEmpty()) {
      return Optional.of("the vault entry holds no current certificate");
    }
    String thumbprint = current.get().thumbprint();
    Optional<Credential> registered = attempt.app().certificateWithThumbprint(thumbprint);
    if (registered.isEmpty()) {
      return Optional.of("the vault's certificate " + thumbprint + " is not registered on the app");
    }
    if (!registered.get().isValidAt(clock.instant())) {
      return Optional.of("the vault's certificate " + thumbprint + " is not valid now (it ends "
          + registered.get().end() + ")");
    }
    return Optional.empty();
  }

  private Optional<VaultEntry> findEntryTitled(Attempt attempt, String title) {
    return attempt.step(Step.FIND_VAULT_ENTRY,
        () -> vault.findEntry(settings.certificateListId(), title));
  }

  /** The entry's password seals staged files; an entry without one gets one first. */
  private Secret entryPassword(Attempt attempt, VaultEntry entry) {
    Optional<Secret> password =
        attempt.step(Step.READ_OLD_CERTIFICATE, () -> vault.readPassword(entry));
    if (password.isPresent()) {
      return password.get();
    }
    Secret fresh = pfxFiles.newPassword();
    attempt.step(Step.STAGE_CERTIFICATE,
        () -> vault.update(entry, Optional.of(fresh), Map.of()));
    return fresh;
  }

  /** A certificate an earlier run obtained and kept, still valid for long enough to use. */
  private Optional<Staged> stagedEarlier(Attempt attempt, VaultEntry entry, Secret password) {
    Optional<String> documentId = entry.metadata(MetadataKeys.STAGED_DOCUMENT_ID);
    if (documentId.isEmpty()) {
      return Optional.empty();
    }
    byte[] pfx = attempt.step(Step.STAGE_CERTIFICATE,
        () -> vault.readDocument(entry, documentId.get()));
    CertificateKeyPair staged =
        attempt.step(Step.STAGE_CERTIFICATE, () -> pfxFiles.open(pfx, password));
    boolean fresh = staged.notAfter().isAfter(clock.instant().plus(settings.renewBefore()));
    if (!fresh) {
      LOG.info("Ignoring staged certificate {} of {}: it expires too soon", staged.thumbprint(),
          entry.describe());
      return Optional.empty();
    }
    return Optional.of(new Staged(entry, staged));
  }

  /** Asks the PKI: collects a pending request if the entry records one, else enrolls anew. */
  private Staged obtain(Attempt attempt, VaultEntry entry, Secret password) {
    Optional<String> pendingId = entry.metadata(MetadataKeys.PENDING_REQUEST_ID);
    Enrollment enrollment = pendingId.isPresent()
        ? collectPending(attempt, entry, password, pendingId.get())
        : attempt.step(Step.ISSUE_CERTIFICATE, () -> authority.enroll(order(attempt, entry)));

    if (enrollment instanceof Enrollment.Issued issued) {
      return stage(attempt, entry, issued.certificate(), password);
    }
    if (enrollment instanceof Enrollment.Pending pending) {
      VaultEntry recorded = pendingId.isPresent() ? entry
          : recordPending(attempt, entry, pending, password);
      throw attempt.handOver(HandOverReason.CERTIFICATE_PENDING, Step.ISSUE_CERTIFICATE,
          "The PKI holds certificate request " + pending.requestId() + " for "
              + recorded.describe() + " as pending approval.");
    }
    Enrollment.Denied denied = (Enrollment.Denied) enrollment;
    if (pendingId.isPresent()) {
      attempt.step(Step.ISSUE_CERTIFICATE,
          () -> vault.update(entry, Optional.empty(), clearedPending()));
    }
    throw attempt.handOver(HandOverReason.CERTIFICATE_DENIED, Step.ISSUE_CERTIFICATE,
        "The PKI denied certificate request " + Optional.ofNullable(denied.requestId())
            .orElse("(no id)") + " with template " + template(entry) + ": " + denied.message());
  }

  private Enrollment collectPending(
      Attempt attempt, VaultEntry entry, Secret password, String requestId) {
    String keyDocument = entry.metadata(MetadataKeys.PENDING_KEY_DOCUMENT_ID)
        .orElseThrow(() -> attempt.failed(Step.ISSUE_CERTIFICATE, entry.describe()
            + " records pending request " + requestId + " but not its key.", false));
    byte[] sealed = attempt.step(Step.ISSUE_CERTIFICATE,
        () -> vault.readDocument(entry, keyDocument));
    KeyPair keyPair =
        attempt.step(Step.ISSUE_CERTIFICATE, () -> pfxFiles.openKey(sealed, password));
    return attempt.step(Step.ISSUE_CERTIFICATE, () -> authority.collect(requestId, keyPair));
  }

  private VaultEntry recordPending(
      Attempt attempt, VaultEntry entry, Enrollment.Pending pending, Secret password) {
    byte[] sealedKey = pfxFiles.sealKey(pending.keyPair(), password);
    String documentId = attempt.step(Step.ISSUE_CERTIFICATE, () -> vault.storeDocument(
        entry, fileName(entry, "pending-" + pending.requestId(), "key"), sealedKey));
    return attempt.step(Step.ISSUE_CERTIFICATE, () -> vault.update(entry, Optional.empty(), Map.of(
        MetadataKeys.PENDING_REQUEST_ID, pending.requestId(),
        MetadataKeys.PENDING_KEY_DOCUMENT_ID, documentId,
        MetadataKeys.PENDING_REQUEST, attempt.request().requestId())));
  }

  // Limitation: between the PKI's answer and the staging upload below, the new certificate and
  // its key exist only in memory. A crash in that window, or a PKI answer lost on its way back,
  // makes the next run ask the PKI for a second certificate; the first is never used.

  /**
   * Keeps the new certificate in the vault, sealed with the entry's password. Until this lands the
   * certificate exists only in memory, so one failed attempt is repeated at once: a second upload
   * at worst leaves an unused document, while giving up means asking the PKI again.
   */
  private Staged stage(
      Attempt attempt, VaultEntry entry, CertificateKeyPair fresh, Secret password) {
    SealedPfx sealed = pfxFiles.seal(fresh, attempt.app().displayName(), password);
    Staged staged;
    try {
      staged = keep(attempt, entry, fresh, sealed);
    } catch (FlowStop firstFailure) {
      LOG.warn("Keeping new certificate {} in {} failed; trying once more", fresh.thumbprint(),
          entry.describe());
      staged = keep(attempt, entry, fresh, sealed);
    }
    LOG.info("Staged new certificate {} for app {} in {}", fresh.thumbprint(),
        attempt.app().clientId(), entry.describe());
    return staged;
  }

  private Staged keep(
      Attempt attempt, VaultEntry entry, CertificateKeyPair fresh, SealedPfx sealed) {
    String documentId = attempt.step(Step.STAGE_CERTIFICATE, () -> vault.storeDocument(
        entry, fileName(entry, fresh.thumbprint(), "staged.pfx"), sealed.content()));
    Map<String, String> metadata = new HashMap<>(clearedPending());
    metadata.put(MetadataKeys.STAGED_DOCUMENT_ID, documentId);
    metadata.put(MetadataKeys.STAGED_THUMBPRINT, fresh.thumbprint());
    metadata.put(MetadataKeys.STAGED_REQUEST, attempt.request().requestId());
    VaultEntry updated = attempt.step(Step.STAGE_CERTIFICATE,
        () -> vault.update(entry, Optional.empty(), metadata));
    return new Staged(updated, fresh);
  }

  /**
   * Adds the certificate to the app. After a failure whose effect is unknown, the app is read
   * again: the certificate's thumbprint on it means the roll-over did happen.
   */
  private Credential roll(
      Attempt attempt, RollPath path, Optional<CertificateKeyPair> current,
      CertificateKeyPair fresh) {
    Tenant tenant = attempt.tenant();
    String name = settings.credentialName(attempt.request().requestId());
    try {
      return path == RollPath.SELF_SERVICE
          ? directory.addCertificate(tenant, attempt.app(), current.orElseThrow(),
              fresh.certificate(), name)
          : directory.addCertificateAsAdministrator(tenant, attempt.app(), fresh.certificate(),
              name);
    } catch (ExternalSystemException e) {
      if (!e.isTransient()) {
        throw attempt.stop(Step.ADD_CERTIFICATE, e);
      }
      Optional<Credential> landed = locator.reload(attempt, Step.ADD_CERTIFICATE)
          .certificateWithThumbprint(fresh.thumbprint());
      return landed.orElseThrow(() -> attempt.stop(Step.ADD_CERTIFICATE, e));
    }
  }

  /**
   * Makes the new certificate the entry's current one: a PFX sealed with a fresh password, and
   * password and metadata switched in one update. Until then the staged copy keeps it safe.
   */
  private VaultEntry makeCurrent(
      Attempt attempt, VaultEntry entry, CertificateKeyPair fresh, Credential added) {
    Secret newPassword = pfxFiles.newPassword();
    SealedPfx sealed = pfxFiles.seal(fresh, attempt.app().displayName(), newPassword);
    String documentId = attempt.step(Step.STORE_CERTIFICATE, () -> vault.storeDocument(
        entry, fileName(entry, fresh.thumbprint(), "pfx"), sealed.content()));
    Map<String, String> metadata = new HashMap<>();
    metadata.put(MetadataKeys.DOCUMENT_ID, documentId);
    metadata.put(MetadataKeys.KEY_ID, added.keyId().toString());
    metadata.put(MetadataKeys.THUMBPRINT, fresh.thumbprint());
    metadata.put(MetadataKeys.START, added.start().toString());
    metadata.put(MetadataKeys.END, added.end().toString());
    metadata.put(MetadataKeys.USED_TEMPLATE, template(entry));
    metadata.put(MetadataKeys.REQUEST, attempt.request().requestId());
    metadata.put(MetadataKeys.STAGED_DOCUMENT_ID, "");
    metadata.put(MetadataKeys.STAGED_THUMBPRINT, "");
    metadata.put(MetadataKeys.STAGED_REQUEST, "");
    try {
      return vault.update(entry, Optional.of(newPassword), metadata);
    } catch (ExternalSystemException e) {
      return readBack(e, entry, documentId).orElseThrow(() -> attempt.stop(
          Step.STORE_CERTIFICATE, e));
    }
  }

  private Optional<VaultEntry> readBack(
      ExternalSystemException failure, VaultEntry entry, String documentId) {
    if (failure.kind() != ExternalSystemException.Kind.AMBIGUOUS) {
      return Optional.empty();
    }
    try {
      return vault.findEntry(entry.listId(), entry.title()).filter(e ->
          e.metadata(MetadataKeys.DOCUMENT_ID).map(documentId::equals).orElse(false));
    } catch (ExternalSystemException readBack) {
      return Optional.empty();
    }
  }

  private RenewalOutcome verify(
      Attempt attempt, Credential credential, VaultEntry entry, CertificateKeyPair certificate) {
    Verification verification = attempt.step(Step.VERIFY, () -> directory.verifyCertificate(
        attempt.tenant(), attempt.app().clientId(), certificate));
    return Outcomes.verified(attempt, credential, entry, verification);
  }

  private CertificateOrder order(Attempt attempt, VaultEntry entry) {
    return new CertificateOrder(
        attempt.app().displayName(), template(entry), attempt.request().requestId());
  }

  String template(VaultEntry entry) {
    return entry.metadata(MetadataKeys.USED_TEMPLATE).orElse(settings.defaultTemplate());
  }

  private static Map<String, String> clearedPending() {
    return Map.of(
        MetadataKeys.PENDING_REQUEST_ID, "",
        MetadataKeys.PENDING_KEY_DOCUMENT_ID, "",
        MetadataKeys.PENDING_REQUEST, "");
  }

  private static String fileName(VaultEntry entry, String distinct, String extension) {
    String base = entry.title().replaceAll("[^A-Za-z0-9._-]+", "_");
    return base + "-" + distinct + "." + extension;
  }
}
