package io.entrarenewal.adapter.ivanti;

import io.entrarenewal.core.domain.ClientId;
import io.entrarenewal.core.domain.CredentialType;
import io.entrarenewal.core.domain.RenewalTaskOrder;
import io.entrarenewal.core.domain.TaskId;
import java.util.Optional;

/**
 * How renewal requests are opened in Ivanti and recognised again. Ivanti offers several ways
 * (a service request, a task, an incident); the settings choose one.
 */
interface RenewalRequestMechanism {

  /** Opens a renewal request; the caller has checked that none is open. */
  TaskId open(RenewalTaskOrder order);

  /** An open renewal request for this app and credential type, if one exists. */
  Optional<TaskId> findOpen(ClientId clientId, CredentialType type);

  /** The mechanism the settings choose. */
  static RenewalRequestMechanism of(
      IvantiSettings settings, BusinessObjects objects, TaskReader reader) {
    return switch (settings.renewalRequests().mechanism()) {
      case SERVICE_REQUEST -> new ServiceRequestMechanism(settings, objects);
      case TASK_ASSIGNMENT -> new TaskAssignmentMechanism(settings, objects, reader);
    };
  }
}
