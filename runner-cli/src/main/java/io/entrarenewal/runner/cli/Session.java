package io.entrarenewal.runner.cli;

import io.entrarenewal.core.domain.RenewalException;
import io.entrarenewal.core.port.out.Directory;
import io.entrarenewal.core.port.out.PfxFiles;
import io.entrarenewal.core.port.out.Vault;
import io.entrarenewal.core.port.out.WorkQueue;
import io.entrarenewal.core.service.Renewals;
import io.entrarenewal.runner.cli.config.ConfigLoader;
import io.entrarenewal.runner.cli.config.ReferenceSecrets;
import io.entrarenewal.runner.cli.config.RunnerConfig;
import io.entrarenewal.runner.cli.config.SecretResolver;
import java.nio.file.Path;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One command's view of the world: the loaded configuration and the ports built from it, each
 * built on first use and kept for the rest of the command.
 */
final class Session {

  private static final Logger LOG = LoggerFactory.getLogger(Session.class);

  private final Launch launch;
  private final RunnerConfig config;
  private final SecretResolver secrets;
  private Vault vault;
  private WorkQueue workQueue;
  private Directory directory;
  private Renewals renewals;

  private Session(Launch launch, RunnerConfig config) {
    this.launch = launch;
    this.config = config;
    this.secrets = ReferenceSecrets.withVault(launch.environment(), this::vault);
  }

  /**
   * Loads the configuration named by the options.
   *
   * @throws io.entrarenewal.runner.cli.config.ConfigurationException when it is not valid
   */
  static Session open(Launch launch, GlobalOptions options) {
    return open(launch, launch.workingDirectory().resolve(options.config()));
  }

  /**
   * Loads a configuration file.
   *
   * @throws io.entrarenewal.runner.cli.config.ConfigurationException when it is not valid
   */
  static Session open(Launch launch, Path file) {
    RunnerConfig config = new ConfigLoader(launch.environment()).load(file);
    LOG.debug("Configuration {} loaded: {} tenants", file, config.tenants().size());
    return new Session(launch, config);
  }

  RunnerConfig config() {
    return config;
  }

  Clock clock() {
    return launch.clock();
  }

  SecretResolver secrets() {
    return secrets;
  }

  synchronized Vault vault() {
    if (vault == null) {
      vault = ports().vault(config.passwordstate(),
          ReferenceSecrets.bootstrap(launch.environment()));
    }
    return vault;
  }

  synchronized WorkQueue workQueue() {
    if (workQueue == null) {
      workQueue = ports().workQueue(config.ivanti(), secrets);
    }
    return workQueue;
  }

  synchronized Directory directory() {
    if (directory == null) {
      directory = ports().directory(config.graph(), config.tenants(), secrets);
    }
    return directory;
  }

  /** The use cases, wired to every port. */
  synchronized Renewals renewals() {
    if (renewals == null) {
      renewals = Renewals.builder()
          .settings(config.settings())
          .workQueue(workQueue())
          .vault(vault())
          .directory(directory())
          .certificateAuthority(ports().certificateAuthority(config.pki(), secrets))
          .pfxFiles(ports().pfxFiles(config.pki()))
          .appLocks(new FileAppLocks(config.locks().directory(), config.locks().patience()))
          .clock(launch.clock())
          .build();
    }
    return renewals;
  }

  /** Reading and writing PFX files as the configuration says. */
  PfxFiles pfxFiles() {
    return ports().pfxFiles(config.pki());
  }

  /** The port factory, when this build has one. */
  java.util.Optional<PortFactory> portsIfAny() {
    return launch.portsIfAny();
  }

  PortFactory ports() {
    // A build without a registered PortFactory can load and check configuration only.
    return launch.portsIfAny().orElseThrow(() -> new RenewalException(
        "this build of renewal includes no adapters, so it cannot reach the external systems"));
  }
}
