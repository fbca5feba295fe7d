package io.entrarenewal.core.service;

import io.entrarenewal.core.domain.ClientId;
import io.entrarenewal.core.domain.CredentialType;
import io.entrarenewal.core.domain.RenewalRequest;
import io.entrarenewal.core.domain.RenewalTask;

/** Turns a task's raw parameters into a renewal request, or says precisely what is wrong. */
final class TaskRequests {

  private TaskRequests() {}

  /**
   * The request the task asks for.
   *
   * @throws io.entrarenewal.core.domain.InvalidRequestException naming the bad parameter
   */
  static RenewalRequest from(RenewalTask task) {
    ClientId clientId = ClientId.parse(task.appIdParameter());
    CredentialType type = CredentialType.parse(task.secretTypeParameter());
    return RenewalRequest.fromTask(task.id(), clientId, type);
  }
}
