package io.entrarenewal.core.domain;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a renewal request ended: renewed and verified, handed over to humans, or failed. A closed
 * set, so that callers handle every case.
 */
public sealed interface RenewalOutcome {

  /** The request this outcome answers. */
  RenewalRequest request();

  /** The app, when it was found before the request ended. */
  Optional<AppRegistration> appIfFound();

  /** The app's display name, when the app was found. */
  default Optional<String> appDisplayName() {
    return appIfFound().map(AppRegistration::displayName);
  }

  /** The tenant the app was found in, when it was found. */
  default Optional<String> tenantName() {
    return appIfFound().map(AppRegistration::tenantName);
  }

  /**
   * The new credential is in Entra ID, stored in the vault and proven to work.
   *
   * @param request the request
   * @param app the app as found before the renewal
   * @param credential the new credential
   * @param entry the vault entry that now holds it
   * @param propagation how long it took before a token could be acquired with it
   */
  record Renewed(
      RenewalRequest request,
      AppRegistration app,
      Credential credential,
      VaultEntry entry,
      Duration propagation)
      implements RenewalOutcome {

    /** Validates the fields. */
    public Renewed {
      Objects.requireNonNull(request, "'request' must not be null");
      Objects.requireNonNull(app, "'app' must not be null");
      Objects.requireNonNull(credential, "'credential' must not be null");
      Objects.requireNonNull(entry, "'entry' must not be null");
      Objects.requireNonNull(propagation, "'propagation' must not be null");
    }

    @Override
    public Optional<AppRegistration> appIfFound() {
      return Optional.of(app);
    }
  }

  /**
   * The request needs a human: a known case this tool does not decide on its own.
   *
   * @param request the request
   * @param app the app, or null when it was not found
   * @param reason the case
   * @param step the step that stopped
   * @param detail what happened, with names and ids, never secrets
   */
  record HandedOver(
      RenewalRequest request,
      AppRegistration app,
      HandOverReason reason,
      Step step,
      String detail)
      implements RenewalOutcome {

    /** Validates the fields. */
    public HandedOver {
      Objects.requireNonNull(request, "'request' must not be null");
      Objects.requireNonNull(reason, "'reason' must not be null");
      Objects.requireNonNull(step, "'step' must not be null");
      Objects.requireNonNull(detail, "'detail' must not be null");
    }

    @Override
    public Optional<AppRegistration> appIfFound() {
      return Optional.ofNullable(app);
    }
  }

  /**
   * A step failed for a reason outside the known cases, such as an outage.
   *
   * @param request the request
   * @param app the app, or null when the failure came before it was found
   * @param step the step that failed
   * @param detail what failed, with names and ids, never secrets
   * @param transientFailure true when retrying later may succeed (an outage, a lost reply)
   */
  record Failed(
      RenewalRequest request,
      AppRegistration app,
      Step step,
      String detail,
      boolean transientFailure)
      implements RenewalOutcome {

    /** Validates the fields. */
    public Failed {
      Objects.requireNonNull(request, "'request' must not be null");
      Objects.requireNonNull(step, "'step' must not be null");
      Objects.requireNonNull(detail, "'detail' must not be null");
    }

    @Override
    public Optional<AppRegistration> appIfFound() {
      return Optional.ofNullable(app);
    }
  }
}
