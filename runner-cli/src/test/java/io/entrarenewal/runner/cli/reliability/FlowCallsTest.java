package io.entrarenewal.runner.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.entrarenewal.core.domain.TaskDisposition;
import io.entrarenewal.core.domain.TaskResult;
import io.entrarenewal.sandbox.SandboxState;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Both flows, end to end without faults, through the real adapters: the baseline of the fault
 * matrix and the record of every external call each flow makes.
 */
class FlowCallsTest {

  private static SandboxRig rig;
  private static SandboxInvariants invariants;

  @BeforeAll
  static void startSandbox() {
    rig = SandboxRig.start();
    invariants = new SandboxInvariants(rig);
  }

  @AfterAll
  static void stopSandbox() {
    rig.close();
  }

  @Test
  void secretTask_isRenewedStoredVerifiedAndClosed() {
    SandboxRig.SecretCase c = rig.secretCase("baseline-secret");
    SandboxState.SecretView old = invariants.app(c.appId()).secrets().get(0);

    List<CapturedLogs.Request> calls;
    TaskResult result;
    try (CapturedLogs logs = CapturedLogs.capture()) {
      result = rig.run(c.task()).result();
      calls = logs.requests();
    }

    assertThat(result.disposition()).as(result.detail()).isEqualTo(TaskDisposition.CLOSED);
    assertThat(invariants.assertSecretInvariants(c, old)).isEqualTo(1);
    assertThat(invariants.assertTaskEnded(c.task()))
        .isEqualTo(SandboxInvariants.Ending.CLOSED);
    assertThat(calls).extracting(CapturedLogs.Request::call)
        .as("the calls of the secret flow").containsExactlyElementsOf(FlowCalls.SECRET);
  }

  @Test
  void certificateTask_isRenewedStoredVerifiedAndClosed() {
    SandboxRig.CertificateCase c = rig.certificateCase("baseline-certificate");
    SandboxState.CertificateView old = invariants.app(c.appId()).certificates().get(0);

    List<CapturedLogs.Request> calls;
    TaskResult result;
    try (CapturedLogs logs = CapturedLogs.capture()) {
      result = rig.run(c.task()).result();
      calls = logs.requests();
    }

    assertThat(result.disposition()).as(result.detail()).isEqualTo(TaskDisposition.CLOSED);
    assertThat(invariants.assertCertificateInvariants(c, old)).isEqualTo(1);
    assertThat(invariants.assertTaskEnded(c.task()))
        .isEqualTo(SandboxInvariants.Ending.CLOSED);
    assertThat(calls).extracting(CapturedLogs.Request::call)
        .as("the calls of the certificate flow").containsExactlyElementsOf(FlowCalls.CERTIFICATE);
  }
}
