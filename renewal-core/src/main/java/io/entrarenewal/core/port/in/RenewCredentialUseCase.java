package io.entrarenewal.core.port.in;

import io.entrarenewal.core.domain.RenewalOutcome;
import io.entrarenewal.core.domain.RenewalRequest;

/** Renews one credential of one app: secret or certificate, directly or for a task. */
public interface RenewCredentialUseCase {

  /**
   * Renews, stores and verifies the credential. Never throws for failures of the external
   * systems: every failure ends in an outcome. Safe to repeat with the same request: a re-run
   * converges on one new credential.
   */
  RenewalOutcome renew(RenewalRequest request);
}
