package io.entrarenewal.runner.cli.reliability;

import io.entrarenewal.sandbox.SandboxState;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a bad input must leave unchanged, read from the sandbox: every app's credentials in every
 * tenant, every record of the vault's lists, and the CA's requests. The ITSM queue is left out:
 * handing a task over is the expected change.
 *
 * @param apps the apps of each tenant with their credentials
 * @param vault the records of each list
 * @param certificateRequests how many requests the CA has seen
 */
record WorldSnapshot(
    Map<String, List<SandboxState.AppView>> apps,
    Map<Integer, List<Map<String, Object>>> vault,
    int certificateRequests) {

  static WorldSnapshot of(SandboxRig rig) {
    Map<String, List<SandboxState.AppView>> apps = new TreeMap<>();
    for (SandboxState.TenantView tenant : rig.state().tenants()) {
      apps.put(tenant.name(), rig.state().apps(tenant.name()));
    }
    Map<Integer, List<Map<String, Object>>> vault = new TreeMap<>();
    List<Integer> lists = new java.util.ArrayList<>(List.of(
        rig.world().passwordstate().systemAccountsListId(),
        rig.world().passwordstate().certificateListId()));
    rig.world().tenants().forEach(t -> lists.add(t.secretListId()));
    for (int list : lists) {
      vault.put(list, rig.state().passwordRecords(list));
    }
    return new WorldSnapshot(apps, vault, rig.state().certificateRequests().size());
  }
}
