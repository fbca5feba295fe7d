package io.entrarenewal.runner.service.dashboard;

import java.time.Instant;
import java.util.Objects;

/**
 * One finished renewal request as the dashboard lists it. Text fields that are not known (an
 * app that was never found has no tenant) are empty, never null. Never holds secret values.
 *
 * @param when when the request ended
 * @param tenant the tenant the app lives in
 * @param app the app's display name
 * @param clientId the app's client id
 * @param type the credential type, {@code Secret} or {@code Certificate}
 * @param outcome how it ended, such as {@code renewed}, {@code handed over} or {@code failed}
 * @param reason why, in words for a human (the hand-over reason or what failed)
 * @param taskId the ITSM task the request came from
 */
public record RecentOutcome(
    Instant when,
    String tenant,
    String app,
    String clientId,
    String type,
    String outcome,
    String reason,
    String taskId) {

  /** Validates the fields and turns unknown text into empty text. */
  public RecentOutcome {
    Objects.requireNonNull(when, "'when' must not be null");
    Objects.requireNonNull(outcome, "'outcome' must not be null");
    tenant = Objects.toString(tenant, "");
    app = Objects.toString(app, "");
    clientId = Objects.toString(clientId, "");
    type = Objects.toString(type, "");
    reason = Objects.toString(reason, "");
    taskId = Objects.toString(taskId, "");
  }
}
