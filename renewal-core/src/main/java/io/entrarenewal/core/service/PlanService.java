package io.entrarenewal.core.service;

import io.entrarenewal.core.domain.CertificateKeyPair;
import io.entrarenewal.core.domain.Credential;
import io.entrarenewal.core.domain.CredentialType;
import io.entrarenewal.core.domain.InvalidRequestException;
import io.entrarenewal.core.domain.MetadataKeys;
import io.entrarenewal.core.domain.RenewalOutcome;
import io.entrarenewal.core.domain.RenewalPlan;
import io.entrarenewal.core.domain.RenewalRequest;
import io.entrarenewal.core.domain.RenewalSettings;
import io.entrarenewal.core.domain.RenewalTask;
import io.entrarenewal.core.domain.Secret;
import io.entrarenewal.core.domain.Step;
import io.entrarenewal.core.domain.TaskId;
import io.entrarenewal.core.domain.VaultEntry;
import io.entrarenewal.core.port.in.PlanUseCase;
import io.entrarenewal.core.port.out.CertificateAuthority;
import io.entrarenewal.core.port.out.Directory;
import io.entrarenewal.core.port.out.PfxFiles;
import io.entrarenewal.core.port.out.Vault;
import io.entrarenewal.core.port.out.WorkQueue;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Works out what a renewal would do, with the same checks the flows make, calling only the ports'
 * reading methods. Thread-safe.
 */
public final class PlanService implements PlanUseCase {

  private final RenewalSettings settings;
  private final WorkQueue queue;
  private final Vault vault;
  private final Clock clock;
  private final AppLocator locator;
  private final SecretRenewal secrets;
  private final CertificateRenewal certificates;

  /** Wires the service; see {@link Renewals} for the usual way to build one. */
  public PlanService(
      RenewalSettings settings,
      WorkQueue queue,
      Vault vault,
      Directory directory,
      CertificateAuthority authority,
      PfxFiles pfxFiles,
      Clock clock) {
    this.settings = Objects.requireNonNull(settings, "'settings' must not be null");
    this.queue = Objects.requireNonNull(queue, "'queue' must not be null");
    this.vault = Objects.requireNonNull(vault, "'vault' must not be null");
    this.clock = Objects.requireNonNull(clock, "'clock' must not be null");
    this.locator = new AppLocator(settings, directory);
    this.secrets = new SecretRenewal(settings, vault, directory, locator, clock);
    this.certificates = new CertificateRenewal(
        settings, vault, directory, authority, pfxFiles, locator, clock);
  }

  @Override
  public RenewalPlan planTask(TaskId id) {
    RenewalTask task = queue.findTask(id).orElseThrow(() -> new InvalidRequestException(
        "The work queue has no task " + id));
    return plan(TaskRequests.from(task));
  }

  @Override
  public RenewalPlan plan(RenewalRequest request) {
    Attempt attempt = new Attempt(request);
    try {
      locator.locate(attempt);
      List<String> steps = request.type() == CredentialType.SECRET
          ? planSecret(attempt)
          : planCertificate(attempt);
      return new RenewalPlan(request, attempt.app(), steps, null,
          "Would renew the " + request.type().displayName().toLowerCase(java.util.Locale.ROOT)
              + " of " + attempt.app().displayName() + " in tenant " + attempt.tenant().name());
    } catch (FlowStop stop) {
      return stopped(request, stop.outcome());
    }
  }

  private List<String> planSecret(Attempt attempt) {
    VaultEntry entry = secrets.findEntry(attempt);
    String name = secrets.credentialName(attempt);
    Optional<Credential> stored = SecretRenewal.storedBy(attempt.app(), entry, name)
        .or(() -> SecretRenewal.notDue(attempt.app(), entry,
            clock.instant().plus(settings.renewBefore())));
    List<String> steps = new ArrayList<>();
    if (stored.isPresent()) {
      steps.add("keep secret " + stored.get().keyId() + " that " + entry.describe()
          + " already holds (valid until " + stored.get().end() + ")");
    } else {
      for (Credential orphan : SecretRenewal.unstored(attempt.app(), entry, name)) {
        steps.add("remove secret " + orphan.keyId() + " that an interrupted run could not store");
      }
      steps.add("add a client secret named '" + name + "' valid until "
          + clock.instant().plus(settings.secretValidity()));
      steps.add("store its value and metadata in " + entry.describe());
    }
    steps.add("prove it by acquiring a token with it");
    return steps;
  }

  private List<String> planCertificate(Attempt attempt) {
    VaultEntry entry = certificates.findEntry(attempt);
    certificates.rejectSharedCertificate(attempt);
    List<String> steps = new ArrayList<>();
    Optional<Secret> password = attempt.step(Step.READ_OLD_CERTIFICATE,
        () -> vault.readPassword(entry));
    Optional<CertificateKeyPair> current = password.isPresent()
        ? certificates.readCurrent(attempt, entry, password.get())
        : Optional.empty();
    if (password.isEmpty()) {
      steps.add("give " + entry.describe() + " a PFX password (it has none)");
    }
    if (current.isPresent() && certificates.upToDate(attempt, entry, current.get())) {
      steps.add("keep certificate " + current.get().thumbprint() + " that " + entry.describe()
          + " already holds");
      steps.add("prove it by acquiring a token with it");
      return steps;
    }
    CertificateRenewal.RollPath path = certificates.rollPath(attempt, current);
    Optional<String> staged = entry.metadata(MetadataKeys.STAGED_THUMBPRINT);
    Optional<String> pending = entry.metadata(MetadataKeys.PENDING_REQUEST_ID);
    if (staged.isPresent()) {
      steps.add("use certificate " + staged.get() + " an earlier run obtained and kept");
    } else if (pending.isPresent()) {
      steps.add("collect pending certificate request " + pending.get() + " from the PKI");
    } else {
      steps.add("request a certificate with template " + certificates.template(entry)
          + " for a new key");
    }
    steps.add(path == CertificateRenewal.RollPath.SELF_SERVICE
        ? "add it to the app self-service, proving possession of certificate "
            + current.orElseThrow().thumbprint()
        : "add it to the app with the administrator account, keeping every existing certificate");
    steps.add("store the new PFX with a new password in " + entry.describe());
    steps.add("prove it by acquiring a token with it");
    return steps;
  }

  private static RenewalPlan stopped(RenewalRequest request, RenewalOutcome outcome) {
    if (outcome instanceof RenewalOutcome.HandedOver handedOver) {
      return new RenewalPlan(request, handedOver.app(), List.of(), handedOver.reason(),
          "Would hand over: " + handedOver.detail());
    }
    RenewalOutcome.Failed failed = (RenewalOutcome.Failed) outcome;
    return new RenewalPlan(request, failed.app(), List.of(), null,
        "Cannot plan: step '" + failed.step().description() + "' failed: " + failed.detail());
  }
}
