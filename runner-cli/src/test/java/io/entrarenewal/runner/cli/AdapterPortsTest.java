package io.entrarenewal.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.entrarenewal.adapter.graph.GraphDirectory;
import io.entrarenewal.core.domain.ClientId;
import io.entrarenewal.core.domain.RenewalException;
import io.entrarenewal.core.domain.Secret;
import io.entrarenewal.core.domain.Tenant;
import io.entrarenewal.core.fakes.Faults;
import io.entrarenewal.core.fakes.InMemoryDirectory;
import io.entrarenewal.core.port.out.Directory;
import io.entrarenewal.runner.cli.config.GraphConfig;
import io.entrarenewal.runner.cli.config.SecretRef;
import io.entrarenewal.runner.cli.config.TenantConfig;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the composition maps tenants in one or several clouds onto Graph directories. */
class AdapterPortsTest {

  private static final URI GLOBAL_LOGIN = URI.create("https://login.microsoftonline.com");
  private static final URI GLOBAL_GRAPH = URI.create("https://graph.microsoft.com");
  private static final GraphConfig GRAPH = new GraphConfig(GLOBAL_LOGIN, GLOBAL_GRAPH,
      Duration.ofMinutes(2), GraphConfig.ProofThumbprint.BOTH, Duration.ofSeconds(10),
      Duration.ofSeconds(60), null);
  private static final Tenant PRODUCTION =
      new Tenant("production", "11111111-1111-1111-1111-111111111111", "7651", null);
  private static final Tenant GOVERNMENT =
      new Tenant("government", "22222222-2222-2222-2222-222222222222", "8633", null);

  @Test
  void givenTenantsOfOneCloud_directory_isOneGraphDirectory() {
    Directory directory = new AdapterPorts().directory(GRAPH, List.of(
        tenant(PRODUCTION, GLOBAL_LOGIN, GLOBAL_GRAPH),
        tenant(GOVERNMENT, GLOBAL_LOGIN, GLOBAL_GRAPH)), reference -> Secret.of("secret"));

    assertThat(directory).isInstanceOf(GraphDirectory.class);
  }

  @Test
  void givenTenantInAnotherCloud_directory_routesEachTenantToItsOwn() {
    Directory directory = new AdapterPorts().directory(GRAPH, List.of(
        tenant(PRODUCTION, GLOBAL_LOGIN, GLOBAL_GRAPH),
        tenant(GOVERNMENT, URI.create("https://login.microsoftonline.us"),
            URI.create("https://graph.microsoft.us"))), reference -> Secret.of("secret"));

    assertThat(directory).isInstanceOf(TenantDirectories.class);
  }

  @Test
  void tenantDirectories_sendEachCallToTheTenantsDirectoryAndRefuseOthers() {
    ClientId app = new ClientId("aaaaaaaa-0000-4000-8000-000000000001");
    InMemoryDirectory production = new InMemoryDirectory(new Faults(), Clock.systemUTC());
    InMemoryDirectory government = new InMemoryDirectory(new Faults(), Clock.systemUTC());
    government.addApp("government", app, "Tax-Portal");
    TenantDirectories directories = new TenantDirectories(
        Map.of("production", production, "government", government));

    assertThat(directories.findApp(GOVERNMENT, app)).isPresent();
    assertThat(directories.findApp(PRODUCTION, app)).isEmpty();
    assertThatExceptionOfType(RenewalException.class).isThrownBy(() -> directories.findApp(
        new Tenant("other", "33333333-3333-3333-3333-333333333333", "1", null), app))
        .withMessageContaining("tenant other is not configured");
  }

  private static TenantConfig tenant(Tenant tenant, URI login, URI graph) {
    return new TenantConfig(tenant, new SecretRef.Env("GRAPH_SECRET"),
        "cccccccc-0000-4000-8000-000000000001", login, graph);
  }
}
