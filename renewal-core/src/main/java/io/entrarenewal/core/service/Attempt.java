package io.entrarenewal.core.service;

import io.entrarenewal.core.domain.AppRegistration;
import io.entrarenewal.core.domain.ExternalSystemException;
import io.entrarenewal.core.domain.HandOverReason;
import io.entrarenewal.core.domain.RefusalReason;
import io.entrarenewal.core.domain.RefusedException;
import io.entrarenewal.core.domain.RenewalOutcome;
import io.entrarenewal.core.domain.RenewalRequest;
import io.entrarenewal.core.domain.Step;
import io.entrarenewal.core.domain.Tenant;
import java.util.function.Supplier;

/**
 * One run of a renewal request: what has been found so far, and the step wrapper that turns a
 * failed call into the run's outcome.
 */
final class Attempt {

  private final RenewalRequest request;
  private Tenant tenant;
  private AppRegistration app;

  Attempt(RenewalRequest request) {
    this.request = request;
  }

  RenewalRequest request() {
    return request;
  }

  Tenant tenant() {
    return tenant;
  }

  AppRegistration app() {
    return app;
  }

  void found(Tenant tenant, AppRegistration app) {
    this.tenant = tenant;
    this.app = app;
  }

  void refreshed(AppRegistration app) {
    this.app = app;
  }

  /**
   * Runs one step. A refusal with a known meaning becomes a hand-over with that reason; any other
   * failure of an external system becomes a failed outcome naming the step.
   */
  <T> T step(Step step, Supplier<T> action) {
    try {
      return action.get();
    } catch (ExternalSystemException e) {
      throw stop(step, e);
    }
  }

  /** The outcome a failed call of this step leads to. */
  FlowStop stop(Step step, ExternalSystemException e) {
    if (e instanceof RefusedException refused) {
      return handOver(reasonFor(refused.reason()), step, e.getMessage());
    }
    return failed(step, describe(e), e.isTransient());
  }

  /** Runs one step that returns nothing. */
  void run(Step step, Runnable action) {
    step(step, () -> {
      action.run();
      return null;
    });
  }

  FlowStop handOver(HandOverReason reason, Step step, String detail) {
    return new FlowStop(new RenewalOutcome.HandedOver(request, app, reason, step, detail));
  }

  FlowStop failed(Step step, String detail, boolean transientFailure) {
    return new FlowStop(new RenewalOutcome.Failed(request, app, step, detail, transientFailure));
  }

  static String describe(ExternalSystemException e) {
    String what = switch (e.kind()) {
      case REFUSED -> "refused";
      case UNAVAILABLE -> "unavailable";
      case AMBIGUOUS -> "gave no clear answer (the change may or may not have been made)";
    };
    return e.system().displayName() + " " + what + ": " + e.getMessage();
  }

  private static HandOverReason reasonFor(RefusalReason reason) {
    return switch (reason) {
      case AMBIGUOUS_VAULT_ENTRY -> HandOverReason.AMBIGUOUS_VAULT_ENTRY;
      case LIFETIME_POLICY -> HandOverReason.LIFETIME_POLICY;
      case SELF_SERVICE_REJECTED -> HandOverReason.SELF_SERVICE_REJECTED;
      case UNREADABLE_CERTIFICATE -> HandOverReason.UNREADABLE_CERTIFICATE;
      case CERTIFICATE_REJECTED -> HandOverReason.CERTIFICATE_REJECTED;
      case PERMISSION_MISSING -> HandOverReason.PERMISSION_MISSING;
    };
  }
}
