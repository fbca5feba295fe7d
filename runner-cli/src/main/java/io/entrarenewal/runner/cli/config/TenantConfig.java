package io.entrarenewal.runner.cli.config;

import io.entrarenewal.core.domain.Tenant;
import java.net.URI;
import java.util.Objects;

/**
 * A tenant as the adapters need it: core's tenant plus how to reach and log in to it.
 *
 * @param tenant the tenant as the use cases know it
 * @param graphAccount the app credentials this tool uses in that tenant (user name = client id)
 * @param graphClientId the account's client id when the reference is not a Passwordstate entry
 *     (whose user name is the client id); null otherwise
 * @param authorityHost the login host of the tenant's cloud
 * @param graphUrl the Graph base URL of the tenant's cloud (without the version path)
 */
public record TenantConfig(Tenant tenant, SecretRef graphAccount, String graphClientId,
    URI authorityHost, URI graphUrl) {

  /** Validates the fields. */
  public TenantConfig {
    Objects.requireNonNull(tenant, "'tenant' must not be null");
    Objects.requireNonNull(graphAccount, "'graphAccount' must not be null");
    Objects.requireNonNull(authorityHost, "'authorityHost' must not be null");
    Objects.requireNonNull(graphUrl, "'graphUrl' must not be null");
  }

  /** The tenant's configured name. */
  public String name() {
    return tenant.name();
  }
}
