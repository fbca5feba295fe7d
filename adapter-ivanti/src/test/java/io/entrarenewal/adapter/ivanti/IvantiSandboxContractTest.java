package io.entrarenewal.adapter.ivanti;

import static io.entrarenewal.adapter.ivanti.SandboxIvanti.NOTES;
import static io.entrarenewal.adapter.ivanti.SandboxIvanti.TASKS;
import static org.assertj.core.api.Assertions.assertThat;

import io.entrarenewal.core.domain.ClientId;
import io.entrarenewal.core.domain.CredentialType;
import io.entrarenewal.core.domain.HandOverNote;
import io.entrarenewal.core.domain.RenewalTaskOrder;
import io.entrarenewal.core.domain.Resolution;
import io.entrarenewal.core.domain.TaskId;
import io.entrarenewal.core.port.out.WorkQueue;
import io.entrarenewal.sandbox.Sandbox;
import io.entrarenewal.sandbox.SandboxOptions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The port's contract against the sandbox's Ivanti over HTTPS. Every test works on an app of
 * its own, and every effect is judged from the sandbox's records, not from the adapter's reply.
 */
class IvantiSandboxContractTest extends WorkQueueContractTest {

  private static Sandbox sandbox;
  private static SandboxIvanti ivanti;
  private static WorkQueue queue;

  private final ClientId app = new ClientId(SandboxIvanti.newAppId());

  @BeforeAll
  static void startSandbox() {
    sandbox = Sandbox.start(SandboxOptions.defaults());
    ivanti = new SandboxIvanti(sandbox);
    queue = IvantiWorkQueue.create(ivanti.settings().build());
  }

  @AfterAll
  static void stopSandbox() {
    sandbox.close();
  }

  @Override
  protected ClientId app() {
    return app;
  }

  @Override
  protected WorkQueue workQueue() {
    return queue;
  }

  @Override
  protected TaskId givenPendingTask(String appId, String secretType) {
    return new TaskId(ivanti.pendingTask(appId, secretType));
  }

  @Override
  protected TaskId givenNoSuchTask() {
    return new TaskId(SandboxIvanti.unknownRecId());
  }

  @Override
  protected TaskId givenClosedTask() {
    String recId = ivanti.pendingTask(app.value(), "Secret");
    ivanti.change(TASKS, recId, "{\"Status\":\"Completed\",\"Resolution\":\"by hand\"}");
    return new TaskId(recId);
  }

  @Override
  protected void thenTaskIsClosed(TaskId id, Resolution resolution) {
    Map<String, Object> task = ivanti.record(TASKS, id.value());
    assertThat(task).containsEntry("Status", "Completed")
        .containsEntry("Resolution", resolution.text());
  }

  @Override
  protected void thenTaskIsWithTeam(TaskId id, HandOverNote note) {
    assertThat(ivanti.record(TASKS, id.value())).containsEntry("OwnerTeam", note.team())
        .containsEntry("Status", "Logged");
    List<Map<String, Object>> notes = ivanti.records(NOTES, "ParentLink_RecID", id.value());
    assertThat(notes).singleElement().satisfies(n -> assertThat(n)
        .containsEntry("ParentLink_Category", "Task")
        .containsEntry("Subject", note.subject())
        .containsEntry("NotesBody", note.body())
        .containsEntry("Category", note.category())
        .containsEntry("PublishToWeb", false));
  }

  @Override
  protected void givenNoOpenRenewalRequest(RenewalTaskOrder order) {
    assertThat(ivanti.requestsFor(order.clientId().value())).isEmpty();
  }

  @Override
  protected TaskId givenOpenRenewalRequest(ClientId clientId, CredentialType type) {
    String task = ivanti.pendingTask(clientId.value(),
        type == CredentialType.SECRET ? "Secret" : "Cert");
    return new TaskId(String.valueOf(ivanti.record(TASKS, task).get("ParentLink_RecID")));
  }

  @Override
  protected void thenNoRenewalRequestWasOpened() {
    assertThat(ivanti.requestsFor(app.value())).hasSize(1);
  }
}
