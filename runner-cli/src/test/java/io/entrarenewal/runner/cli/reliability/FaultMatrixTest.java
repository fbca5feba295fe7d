package io.entrarenewal.runner.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.entrarenewal.sandbox.Fault;
import io.entrarenewal.sandbox.Faults;
import io.entrarenewal.sandbox.SandboxState;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One fault on one external call of a flow, for every call of both flows: the product runs the
 * task, once more if the task is still open, and then the sandbox's state must satisfy every
 * invariant.
 *
 * <p>The normal build runs, for every call, the ambiguous case (the reply lost after the change
 * took effect) and one other kind of failure, chosen in turn by the call's position, so that each
 * kind meets calls of every system. With {@code -Dreliability.full=true} every call meets every
 * kind (329 cases); see docs/reliability.md.
 */
class FaultMatrixTest {

  /** The kinds of failure, each a fault the sandbox injects into the matched request. */
  enum Kind {
    REFUSED_4XX(call -> refusal(call, 403)),
    FAILED_5XX(call -> refusal(call, 500)),
    THROTTLED_429(call -> Fault.throttled(429, 1)),
    UNAVAILABLE_503(call -> Fault.throttled(503, 1)),
    HANG(call -> Fault.hang(SandboxRig.HANG)),
    RESET(call -> Fault.reset()),
    REPLY_LOST(call -> Fault.dropReply());

    private final Function<FlowCalls.Call, Fault> fault;

    Kind(Function<FlowCalls.Call, Fault> fault) {
      this.fault = fault;
    }
  }

  private static final Map<String, String> OUTCOMES = new ConcurrentSkipListMap<>();

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
    OUTCOMES.forEach((c, outcome) -> System.out.println(c + " -> " + outcome));
  }

  static Stream<Arguments> secretCases() {
    return cases(FlowCalls.SECRET);
  }

  static Stream<Arguments> certificateCases() {
    return cases(FlowCalls.CERTIFICATE);
  }

  private static Stream<Arguments> cases(java.util.List<String> flow) {
    boolean full = Boolean.getBoolean("reliability.full");
    return FlowCalls.calls(flow).stream()
        .flatMap(call -> Stream.of(Kind.values())
            .filter(kind -> full || kind == Kind.REPLY_LOST
                || kind.ordinal() == call.index() % (Kind.values().length - 1))
            .map(kind -> Arguments.of(call, kind)));
  }

  @ParameterizedTest(name = "secret {0}: {1}")
  @MethodSource("secretCases")
  void secretFlow_withOneFault_convergesWithEveryInvariantKept(FlowCalls.Call call, Kind kind) {
    SandboxRig.SecretCase c = rig.secretCase("s" + call.index() + kind.ordinal());
    SandboxState.SecretView old = invariants.app(c.appId()).secrets().get(0);

    String runs = runWithFault(c.task(), call, kind);

    int added = invariants.assertSecretInvariants(c, old);
    SandboxInvariants.Ending ending = invariants.assertTaskEnded(c.task());
    record("secret", call, kind, runs, ending, added);
  }

  @ParameterizedTest(name = "certificate {0}: {1}")
  @MethodSource("certificateCases")
  void certificateFlow_withOneFault_convergesWithEveryInvariantKept(
      FlowCalls.Call call, Kind kind) {
    SandboxRig.CertificateCase c = rig.certificateCase("c" + call.index() + kind.ordinal());
    SandboxState.CertificateView old = invariants.app(c.appId()).certificates().get(0);

    String runs = runWithFault(c.task(), call, kind);

    int added = invariants.assertCertificateInvariants(c, old);
    SandboxInvariants.Ending ending = invariants.assertTaskEnded(c.task());
    record("certificate", call, kind, runs, ending, added);
  }

  /**
   * Aims the fault at the call's occurrence (the earlier matching requests pass untouched), runs
   * the task, and runs it once more if the first run left it open. Returns how many runs it took.
   */
  private String runWithFault(io.entrarenewal.core.domain.TaskId task, FlowCalls.Call call,
      Kind kind) {
    Faults faults = rig.sandbox().faults();
    faults.clear();
    if (call.occurrence() > 1) {
      faults.inject(call.method(), call.pathRegex(), call.occurrence() - 1,
          Fault.latency(Duration.ZERO));
    }
    faults.inject(call.method(), call.pathRegex(), 1, kind.fault.apply(call));
    try (CapturedLogs logs = CapturedLogs.capture()) {
      rig.run(task);
      assertThat(logs.requests()).as("the fault reached %s", call)
          .anySatisfy(r -> assertThat(r.fault()).isNotNull().isNotEqualTo("Latency"));
    }
    faults.clear();
    if (invariants.ending(task) != SandboxInvariants.Ending.OPEN) {
      return "1 run";
    }
    rig.run(task);
    return "2 runs";
  }

  private static void record(String flow, FlowCalls.Call call, Kind kind, String runs,
      SandboxInvariants.Ending ending, int added) {
    OUTCOMES.put(String.format("%s %02d %-36s %-16s", flow, call.index() + 1,
        call.method() + " " + call.endpoint() + " (" + call.occurrence() + ")", kind),
        ending + ", " + added + " added, " + runs);
  }

  /** A refusal in the shape the service answers errors with. */
  private static Fault refusal(FlowCalls.Call call, int status) {
    String reason = status == 403 ? "Forbidden" : "Internal error";
    return switch (call.service()) {
      case "passwordstate" -> Fault.status(status, "application/json",
          "[{\"errors\":[{\"message\":\"" + reason + "\"},{\"phrase\":\"" + reason + "\"}]}]");
      case "ivanti" -> Fault.status(status, "application/json",
          "{\"code\":\"ISM_" + status + "\",\"message\":[\"" + reason + "\"]}");
      case "entra" -> Fault.status(status == 403 ? 400 : 500, "application/json",
          "{\"error\":\"" + (status == 403 ? "invalid_request" : "server_error")
              + "\",\"error_description\":\"AADSTS90002: " + reason
              + "\",\"error_codes\":[90002]}");
      case "graph" -> Fault.status(status, "application/json",
          "{\"error\":{\"code\":\"" + (status == 403 ? "Authorization_RequestDenied"
              : "generalException") + "\",\"message\":\"" + reason + "\"}}");
      default -> Fault.status(status, "text/html", "<html><body>" + reason + "</body></html>");
    };
  }
}
