package io.entrarenewal.runner.service.observe;

import io.entrarenewal.core.domain.RenewalOutcome;
import io.entrarenewal.core.domain.RenewalTask;
import io.entrarenewal.core.domain.TaskResult;
import java.time.Instant;
import java.util.Locale;

/**
 * One processed task in flat form, as the audit trail, the metrics and the dashboard show it.
 * Built from core's result only; it holds names, ids and dates, never a secret.
 *
 * @param when when processing ended
 * @param task the task's id
 * @param disposition what became of the task: closed, handed_over, left_pending, ...
 * @param outcome renewed, handed_over, failed, or none when the task held no valid request
 * @param reason the hand-over reason or the failed step; empty when renewed
 * @param tenant the tenant the app was found in; empty when not found
 * @param app the app's display name; empty when not found
 * @param clientId the app's client id as the task gave it
 * @param type secret or certificate, as the task gave it
 * @param keyId the new credential's key id; empty unless renewed
 * @param newExpiry the new credential's expiry; null unless renewed
 * @param detail the one-line summary core wrote for humans
 */
public record TaskActivity(
    Instant when,
    String task,
    String disposition,
    String outcome,
    String reason,
    String tenant,
    String app,
    String clientId,
    String type,
    String keyId,
    Instant newExpiry,
    String detail) {

  /** Flattens a task's result. */
  public static TaskActivity of(RenewalTask task, TaskResult result, Instant when) {
    RenewalOutcome outcome = result.outcome();
    String clientId = text(task.appIdParameter());
    String type = text(task.secretTypeParameter());
    String disposition = result.disposition().name().toLowerCase(Locale.ROOT);
    if (outcome == null) {
      return new TaskActivity(when, task.id().value(), disposition, "none", "invalid_task", "",
          "", clientId, type, "", null, result.detail());
    }
    String tenant = outcome.tenantName().orElse("");
    String app = outcome.appDisplayName().orElse("");
    String requestType = outcome.request().type().name().toLowerCase(Locale.ROOT);
    String id = outcome.request().clientId().value();
    if (outcome instanceof RenewalOutcome.Renewed renewed) {
      return new TaskActivity(when, task.id().value(), disposition, "renewed", "", tenant, app,
          id, requestType, renewed.credential().keyId().toString(), renewed.credential().end(),
          result.detail());
    }
    if (outcome instanceof RenewalOutcome.HandedOver handedOver) {
      return new TaskActivity(when, task.id().value(), disposition, "handed_over",
          handedOver.reason().name().toLowerCase(Locale.ROOT), tenant, app, id, requestType, "",
          null, result.detail());
    }
    RenewalOutcome.Failed failed = (RenewalOutcome.Failed) outcome;
    return new TaskActivity(when, task.id().value(), disposition, "failed",
        failed.step().name().toLowerCase(Locale.ROOT), tenant, app, id, requestType, "", null,
        result.detail());
  }

  private static String text(String value) {
    return value == null ? "" : value.strip();
  }
}
