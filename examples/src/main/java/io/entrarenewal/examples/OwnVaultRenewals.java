package io.entrarenewal.examples;

import io.entrarenewal.adapter.graph.GraphAccount;
import io.entrarenewal.adapter.graph.GraphDirectory;
import io.entrarenewal.adapter.graph.GraphSettings;
import io.entrarenewal.core.domain.RenewalSettings;
import io.entrarenewal.core.domain.Tenant;
import io.entrarenewal.core.port.out.Vault;
import io.entrarenewal.core.service.Renewals;
import java.util.List;

/** Plugs your own vault, such as {@link KeyValueVault}, in where Passwordstate would be. */
public final class OwnVaultRenewals {

  private OwnVaultRenewals() {}

  /** The use cases on {@code vault} and Graph, with the Graph account given directly. */
  public static Renewals renewals(Site site, Vault vault, Tenant tenant, GraphAccount account) {
    return Renewals.builder()
        .settings(RenewalSettings.builder(List.of(tenant), "6691", "Systeemsoftware").build())
        .vault(vault)
        .directory(GraphDirectory.create(
            GraphSettings.builder()
                .authorityHost(site.login())
                .graphBaseUrl(site.graph())
                .trustStore(site.trustStore())
                .account(tenant.name(), account)
                .build()))
        .build();
  }
}
