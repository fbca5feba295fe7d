package io.entrarenewal.runner.cli;

import io.entrarenewal.core.port.out.CertificateAuthority;
import io.entrarenewal.core.port.out.Directory;
import io.entrarenewal.core.port.out.PfxFiles;
import io.entrarenewal.core.port.out.Vault;
import io.entrarenewal.core.port.out.WorkQueue;
import io.entrarenewal.runner.cli.config.GraphConfig;
import io.entrarenewal.runner.cli.config.IvantiConfig;
import io.entrarenewal.runner.cli.config.PasswordstateConfig;
import io.entrarenewal.runner.cli.config.PkiConfig;
import io.entrarenewal.runner.cli.config.RunnerConfig;
import io.entrarenewal.runner.cli.config.SecretResolver;
import io.entrarenewal.runner.cli.config.TenantConfig;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Builds core's ports from the typed configuration: the one place where the runner meets the
 * adapters. Every method is called at most once per command, and only for the ports the command
 * uses, so that a command never opens a system it does not need.
 *
 * <p>A build that includes the adapters registers its implementation in
 * {@code META-INF/services/io.entrarenewal.runner.cli.PortFactory}; tests pass their own.
 */
public interface PortFactory {

  /** The ITSM work queue. */
  WorkQueue workQueue(IvantiConfig ivanti, SecretResolver secrets);

  /**
   * The password vault. Its keys come from the environment or files only: the resolver given
   * here cannot read Passwordstate itself.
   */
  Vault vault(PasswordstateConfig passwordstate, SecretResolver bootstrapSecrets);

  /** Entra ID for every configured tenant. */
  Directory directory(GraphConfig graph, List<TenantConfig> tenants, SecretResolver secrets);

  /** The certificate authority. */
  CertificateAuthority certificateAuthority(PkiConfig pki, SecretResolver secrets);

  /** Reading and writing PFX files. */
  PfxFiles pfxFiles(PkiConfig pki);

  /**
   * Checks of the preflight beyond the ones every runner does through the ports (for example,
   * that the CA answers). None unless an implementation adds some.
   */
  default List<SystemCheck> checks(RunnerConfig config, SecretResolver secrets) {
    return List.of();
  }

  /** The implementation this build registers, if any. */
  static Optional<PortFactory> installed() {
    return ServiceLoader.load(PortFactory.class).findFirst();
  }
}
