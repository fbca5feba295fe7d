package io.entrarenewal.core.service;

import io.entrarenewal.core.domain.CredentialType;
import io.entrarenewal.core.domain.RenewalException;
import io.entrarenewal.core.domain.RenewalOutcome;
import io.entrarenewal.core.domain.RenewalRequest;
import io.entrarenewal.core.domain.RenewalSettings;
import io.entrarenewal.core.domain.Step;
import io.entrarenewal.core.port.in.RenewCredentialUseCase;
import io.entrarenewal.core.port.out.AppLocks;
import io.entrarenewal.core.port.out.CertificateAuthority;
import io.entrarenewal.core.port.out.Directory;
import io.entrarenewal.core.port.out.PfxFiles;
import io.entrarenewal.core.port.out.Vault;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renews one credential: finds the app in its tenant, then runs the secret or certificate flow.
 * Thread-safe. Renewals of the same app wait for each other: two tasks for one app, run at once,
 * would each add a credential and the vault would keep only one of them. One after the other,
 * the second finds the first's credential fresh in the vault and keeps it. Within this object a
 * lock per app does this; {@link AppLocks} extends it to other runners.
 */
public final class RenewalService implements RenewCredentialUseCase {

  private static final Logger LOG = LoggerFactory.getLogger(RenewalService.class);

  /** The lock of each app being renewed, with how many renewals hold or wait for it. */
  private final Map<String, AppLock> appLocks = new HashMap<>();
  private final AppLocator locator;
  private final SecretRenewal secrets;
  private final CertificateRenewal certificates;
  private final boolean certificatesPossible;
  private final AppLocks otherRunners;

  /** Wires the flows to the ports; see {@link Renewals} for the usual way to build one. */
  public RenewalService(
      RenewalSettings settings,
      Vault vault,
      Directory directory,
      CertificateAuthority authority,
      PfxFiles pfxFiles,
      AppLocks appLocks,
      Clock clock) {
    Objects.requireNonNull(settings, "'settings' must not be null");
    this.otherRunners = Objects.requireNonNull(appLocks, "'appLocks' must not be null");
    this.locator = new AppLocator(settings, Objects.requireNonNull(directory, "'directory'"));
    this.secrets = new SecretRenewal(settings, vault, directory, locator, clock);
    this.certificates = new CertificateRenewal(
        settings, vault, directory, authority, pfxFiles, locator, clock);
    this.certificatesPossible = !Absent.isAbsent(authority) && !Absent.isAbsent(pfxFiles);
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalStateException for a certificate request when this service was built without
   *     a certificate authority or PFX files; nothing is read or changed then
   */
  @Override
  public RenewalOutcome renew(RenewalRequest request) {
    Objects.requireNonNull(request, "'request' must not be null");
    if (request.type() == CredentialType.CERTIFICATE && !certificatesPossible) {
      throw new IllegalStateException("certificate renewal needs a certificate authority and "
          + "PFX files; build Renewals with .certificateAuthority(...) and .pfxFiles(...)");
    }
    // This process's own lock first, so that only one of its threads waits for other runners.
    AppLock lock = acquire(request.clientId().value());
    try {
      return renewHeldFromOtherRunners(request);
    } finally {
      release(lock);
    }
  }

  private RenewalOutcome renewHeldFromOtherRunners(RenewalRequest request) {
    AppLocks.Hold hold;
    try {
      hold = otherRunners.hold(request.clientId());
    } catch (RenewalException busy) {
      // Nothing was read or changed yet; another runner is renewing the app or the lock is
      // out of reach, and either passes.
      RenewalOutcome outcome = new RenewalOutcome.Failed(request, null, Step.WAIT_FOR_APP,
          busy.getMessage(), true);
      log(outcome);
      return outcome;
    }
    try {
      return renewAlone(request);
    } finally {
      hold.close();
    }
  }

  private static final class AppLock {
    final String clientId;
    final ReentrantLock lock = new ReentrantLock();
    int users;

    AppLock(String clientId) {
      this.clientId = clientId;
    }
  }

  private AppLock acquire(String clientId) {
    AppLock appLock;
    synchronized (appLocks) {
      appLock = appLocks.computeIfAbsent(clientId, AppLock::new);
      appLock.users++;
    }
    appLock.lock.lock();
    return appLock;
  }

  /** Unlocks, and forgets the lock when no renewal of the app is left, so the map stays small. */
  private void release(AppLock appLock) {
    appLock.lock.unlock();
    synchronized (appLocks) {
      if (--appLock.users == 0) {
        appLocks.remove(appLock.clientId);
      }
    }
  }

  private RenewalOutcome renewAlone(RenewalRequest request) {
    Attempt attempt = new Attempt(request);
    RenewalOutcome outcome;
    try {
      locator.locate(attempt);
      outcome = request.type() == CredentialType.SECRET
          ? secrets.renew(attempt)
          : certificates.renew(attempt);
    } catch (FlowStop stop) {
      outcome = stop.outcome();
    } catch (RuntimeException unexpected) {
      // An unexpected exception is a defect; its message may quote anything, so only its type
      // reaches the outcome, and the stack trace goes to the log.
      LOG.error("Renewal {} failed unexpectedly", request.requestId(), unexpected);
      outcome = new RenewalOutcome.Failed(request, attempt.app(), Step.VALIDATE_REQUEST,
          "Unexpected error " + unexpected.getClass().getSimpleName()
              + "; see the log of this run.", false);
    }
    log(outcome);
    return outcome;
  }

  private static void log(RenewalOutcome outcome) {
    RenewalRequest request = outcome.request();
    if (outcome instanceof RenewalOutcome.Renewed renewed) {
      LOG.info("Renewed {} of app {} in tenant {}: key {} valid until {}, verified after {} ms",
          request.type().displayName(), request.clientId(), renewed.app().tenantName(),
          renewed.credential().keyId(), renewed.credential().end(),
          renewed.propagation().toMillis());
    } else if (outcome instanceof RenewalOutcome.HandedOver handedOver) {
      LOG.warn("Handing over {} renewal of app {}: {} at step {}: {}",
          request.type().displayName(), request.clientId(), handedOver.reason(),
          handedOver.step(), handedOver.detail());
    } else {
      RenewalOutcome.Failed failed = (RenewalOutcome.Failed) outcome;
      LOG.warn("{} renewal of app {} failed at step {} ({}): {}",
          request.type().displayName(), request.clientId(), failed.step(),
          failed.transientFailure() ? "transient" : "permanent", failed.detail());
    }
  }
}
