package io.entrarenewal.runner.cli.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every external call of one run of each flow, in order, as the sandbox's request log shows it
 * for a task that renews cleanly. The first six read the Graph and PKI accounts from the vault,
 * as a runner does before it processes anything. {@link FlowCallsTest} proves the lists are
 * current; the fault matrix aims one fault at each entry.
 */
final class FlowCalls {

  static final List<String> SECRET = List.of(
      "GET passwordstate.searchPasswords", "GET passwordstate.getPassword",
      "GET passwordstate.searchPasswords", "GET passwordstate.getPassword",
      "GET passwordstate.searchPasswords", "GET passwordstate.getPassword",
      "GET ivanti.get.Task__Assignments", "GET ivanti.query.ServiceReqParams",
      "POST entra.token", "GET graph.getApplication",
      "GET passwordstate.searchPasswords",
      "POST graph.addPassword",
      "GET passwordstate.getPassword", "PUT passwordstate.updatePassword",
      "POST entra.token",
      "GET ivanti.get.Task__Assignments", "PATCH ivanti.update.Task__Assignments",
      "GET ivanti.get.Task__Assignments");

  static final List<String> CERTIFICATE = List.of(
      "GET passwordstate.searchPasswords", "GET passwordstate.getPassword",
      "GET passwordstate.searchPasswords", "GET passwordstate.getPassword",
      "GET passwordstate.searchPasswords", "GET passwordstate.getPassword",
      "GET ivanti.get.Task__Assignments", "GET ivanti.query.ServiceReqParams",
      "POST entra.token", "GET graph.getApplication",
      "GET passwordstate.searchPasswords", "GET passwordstate.getPassword",
      "GET passwordstate.downloadDocument",
      "POST adcs.submit", "GET adcs.certificate", "GET adcs.caInfo", "GET adcs.chain",
      "POST passwordstate.uploadDocument", "GET passwordstate.getPassword",
      "PUT passwordstate.updatePassword",
      "POST entra.token", "POST graph.addKey",
      "POST passwordstate.uploadDocument", "GET passwordstate.getPassword",
      "PUT passwordstate.updatePassword",
      "POST entra.token",
      "GET ivanti.get.Task__Assignments", "PATCH ivanti.update.Task__Assignments",
      "GET ivanti.get.Task__Assignments");

  /** The path of each endpoint as a regular expression, for the sandbox's fault rules. */
  private static final Map<String, String> PATHS = Map.ofEntries(
      Map.entry("passwordstate.searchPasswords", "/api/searchpasswords/\\d+"),
      Map.entry("passwordstate.getPassword", "/api/passwords/\\d+"),
      Map.entry("passwordstate.updatePassword", "/api/passwords"),
      Map.entry("passwordstate.uploadDocument", "/api/document/password/\\d+"),
      Map.entry("passwordstate.downloadDocument", "/api/document/password/\\d+"),
      Map.entry("ivanti.get.Task__Assignments",
          "/api/odata/businessobject/Task__Assignments\\('[^']+'\\)"),
      Map.entry("ivanti.update.Task__Assignments",
          "/api/odata/businessobject/Task__Assignments\\('[^']+'\\)"),
      Map.entry("ivanti.query.ServiceReqParams", "/api/odata/businessobject/ServiceReqParams"),
      Map.entry("entra.token", "/[^/]+/oauth2/v2\\.0/token"),
      Map.entry("graph.getApplication", "/v1\\.0/applications\\(appId='[^']+'\\)"),
      Map.entry("graph.addPassword", "/v1\\.0/applications/[^/]+/addPassword"),
      Map.entry("graph.addKey", "/v1\\.0/applications/[^/]+/addKey"),
      Map.entry("adcs.submit", "/certsrv/certfnsh\\.asp"),
      Map.entry("adcs.certificate", "/certsrv/certnew\\.cer"),
      Map.entry("adcs.caInfo", "/certsrv/certcarc\\.asp"),
      Map.entry("adcs.chain", "/certsrv/certnew\\.p7b"));

  private FlowCalls() {}

  /**
   * One call of a flow: the {@code occurrence}-th request (from 1) that matches its method and
   * path pattern.
   */
  record Call(int index, String method, String endpoint, String pathRegex, int occurrence) {

    String service() {
      return endpoint.substring(0, endpoint.indexOf('.'));
    }

    @Override
    public String toString() {
      return "#" + (index + 1) + " " + method + " " + endpoint
          + (occurrence > 1 ? " (" + occurrence + ")" : "");
    }
  }

  static List<Call> calls(List<String> flow) {
    List<Call> calls = new ArrayList<>();
    for (int i = 0; i < flow.size(); i++) {
      String[] parts = flow.get(i).split(" ");
      String regex = PATHS.get(parts[1]);
      int occurrence = 1;
      for (Call earlier : calls) {
        if (earlier.method().equals(parts[0]) && earlier.pathRegex().equals(regex)) {
          occurrence++;
        }
      }
      calls.add(new Call(i, parts[0], parts[1], regex, occurrence));
    }
    return List.copyOf(calls);
  }
}
