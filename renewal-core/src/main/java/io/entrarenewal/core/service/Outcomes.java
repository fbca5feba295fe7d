package io.entrarenewal.core.service;

import io.entrarenewal.core.domain.Credential;
import io.entrarenewal.core.domain.HandOverReason;
import io.entrarenewal.core.domain.RenewalOutcome;
import io.entrarenewal.core.domain.Step;
import io.entrarenewal.core.domain.VaultEntry;
import io.entrarenewal.core.domain.Verification;

/** The end of both flows: a verified credential is renewed, an unproven one is handed over. */
final class Outcomes {

  private Outcomes() {}

  static RenewalOutcome verified(
      Attempt attempt, Credential credential, VaultEntry entry, Verification verification) {
    if (verification instanceof Verification.Verified verified) {
      return new RenewalOutcome.Renewed(
          attempt.request(), attempt.app(), credential, entry, verified.waited());
    }
    String reason = ((Verification.NotVerified) verification).reason();
    throw attempt.handOver(
        HandOverReason.NOT_VERIFIED,
        Step.VERIFY,
        "The new " + credential.type().displayName().toLowerCase(java.util.Locale.ROOT)
            + " (key id " + credential.keyId() + ", valid until " + credential.end()
            + ") is stored in " + entry.describe() + ", but no token could be acquired with"
            + " it: " + reason);
  }
}
