package io.entrarenewal.core.service;

import io.entrarenewal.core.domain.RenewalOutcome;

/**
 * Unwinds a renewal flow from the step that decided its outcome. Private to the flows: it never
 * escapes a use case.
 */
final class FlowStop extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient RenewalOutcome outcome;

  FlowStop(RenewalOutcome outcome) {
    super(null, null, false, false);
    this.outcome = outcome;
  }

  RenewalOutcome outcome() {
    return outcome;
  }
}
