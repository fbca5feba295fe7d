package io.entrarenewal.core.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * A request to renew one credential of one app: from an ITSM task, or made directly.
 *
 * @param clientId the app's client id
 * @param type secret or certificate
 * @param tenantName the tenant to look in; null to search every configured tenant
 * @param requestId identifies the request across retries: the credential this request adds is
 *     marked with it, so a re-run recognises its own work
 * @param task the task the request comes from; null for a direct request
 */
public record RenewalRequest(
    ClientId clientId, CredentialType type, String tenantName, String requestId, TaskId task) {

  /** Validates the fields. */
  public RenewalRequest {
    Objects.requireNonNull(clientId, "'clientId' must not be null");
    Objects.requireNonNull(type, "'type' must not be null");
    Objects.requireNonNull(requestId, "'requestId' must not be null");
    if (requestId.isBlank() || requestId.length() > 64) {
      throw new InvalidRequestException("'requestId' must be 1 to 64 characters");
    }
    if (tenantName != null && tenantName.isBlank()) {
      tenantName = null;
    }
  }

  /** A request made from an ITSM task; the task id identifies it across retries. */
  public static RenewalRequest fromTask(TaskId task, ClientId clientId, CredentialType type) {
    return new RenewalRequest(clientId, type, null, "task-" + task.value(), task);
  }

  /**
   * A direct request. Its id is the caller's; using the same id again makes a re-run converge on
   * the same credential instead of adding another.
   */
  public static RenewalRequest direct(
      ClientId clientId, CredentialType type, String tenantName, String requestId) {
    return new RenewalRequest(clientId, type, tenantName, requestId, null);
  }

  /** The tenant the request names, if any. */
  public Optional<String> tenantNameIfAny() {
    return Optional.ofNullable(tenantName);
  }

  /** The task the request comes from, if any. */
  public Optional<TaskId> taskIfAny() {
    return Optional.ofNullable(task);
  }
}
