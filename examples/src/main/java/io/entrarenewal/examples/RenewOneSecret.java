package io.entrarenewal.examples;

import io.entrarenewal.adapter.graph.GraphAccount;
import io.entrarenewal.adapter.graph.GraphDirectory;
import io.entrarenewal.adapter.graph.GraphSettings;
import io.entrarenewal.adapter.passwordstate.PasswordstateSettings;
import io.entrarenewal.adapter.passwordstate.PasswordstateVault;
import io.entrarenewal.core.domain.ClientId;
import io.entrarenewal.core.domain.CredentialType;
import io.entrarenewal.core.domain.RenewalOutcome;
import io.entrarenewal.core.domain.RenewalRequest;
import io.entrarenewal.core.domain.RenewalSettings;
import io.entrarenewal.core.domain.Secret;
import io.entrarenewal.core.domain.SystemAccount;
import io.entrarenewal.core.domain.Tenant;
import io.entrarenewal.core.port.out.Directory;
import io.entrarenewal.core.port.out.Vault;
import io.entrarenewal.core.service.Renewals;
import java.util.List;

/** Renews one app's client secret from your own code, with Passwordstate as the vault. */
public final class RenewOneSecret {

  private RenewOneSecret() {}

  /**
   * Renews the secret of {@code app} in {@code tenant}.
   *
   * @param requestId your id for this renewal: calling again with the same id after a crash or
   *     a lost reply converges on the same new secret instead of adding a second one
   */
  public static RenewalOutcome renew(Site site, Secret passwordstateKey, Tenant tenant,
      String accountList, String accountTitle, ClientId app, String requestId) {
    Renewals renewals = renewals(site, passwordstateKey, tenant, accountList, accountTitle);
    return renewals.renewal().renew(
        RenewalRequest.direct(app, CredentialType.SECRET, tenant.name(), requestId));
  }

  /**
   * The use cases on Passwordstate and Graph, for secrets only: no work queue, no certificate
   * authority. The Graph account that may add secrets is itself read from Passwordstate, so the
   * only key this code holds is the vault's.
   */
  public static Renewals renewals(Site site, Secret passwordstateKey, Tenant tenant,
      String accountList, String accountTitle) {
    Vault vault = PasswordstateVault.create(
        PasswordstateSettings.builder(site.passwordstate())
            .systemApiKey(passwordstateKey)
            .trustStore(site.trustStore())
            .build());

    SystemAccount account = vault.readAccount(accountList, accountTitle);
    Directory directory = GraphDirectory.create(
        GraphSettings.builder()
            .authorityHost(site.login())
            .graphBaseUrl(site.graph())
            .trustStore(site.trustStore())
            .account(tenant.name(), new GraphAccount(account.userName(), account.password()))
            .build());

    return Renewals.builder()
        .settings(RenewalSettings.builder(List.of(tenant), "6691", "Systeemsoftware").build())
        .vault(vault)
        .directory(directory)
        .build();
  }
}
