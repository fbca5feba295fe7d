package io.entrarenewal.runner.cli;

import io.entrarenewal.core.fakes.World;
import io.entrarenewal.core.port.out.CertificateAuthority;
import io.entrarenewal.core.port.out.Directory;
import io.entrarenewal.core.port.out.PfxFiles;
import io.entrarenewal.core.port.out.Vault;
import io.entrarenewal.core.port.out.WorkQueue;
import io.entrarenewal.runner.cli.config.GraphConfig;
import io.entrarenewal.runner.cli.config.IvantiConfig;
import io.entrarenewal.runner.cli.config.PasswordstateConfig;
import io.entrarenewal.runner.cli.config.PkiConfig;
import io.entrarenewal.runner.cli.config.SecretResolver;
import io.entrarenewal.runner.cli.config.TenantConfig;
import java.util.List;

/** The ports of core's fake world, handed out as the adapters would be. */
class WorldPorts implements PortFactory {

  private final World world;

  WorldPorts(World world) {
    this.world = world;
  }

  @Override
  public WorkQueue workQueue(IvantiConfig ivanti, SecretResolver secrets) {
    return world.queue;
  }

  @Override
  public Vault vault(PasswordstateConfig passwordstate, SecretResolver bootstrapSecrets) {
    return world.vault;
  }

  @Override
  public Directory directory(GraphConfig graph, List<TenantConfig> tenants,
      SecretResolver secrets) {
    return world.directory;
  }

  @Override
  public CertificateAuthority certificateAuthority(PkiConfig pki, SecretResolver secrets) {
    return world.authority;
  }

  @Override
  public PfxFiles pfxFiles(PkiConfig pki) {
    return world.pfxFiles;
  }
}
