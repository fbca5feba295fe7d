package io.entrarenewal.benchmarks;

import io.entrarenewal.core.port.out.CertificateAuthority;
import io.entrarenewal.core.port.out.Directory;
import io.entrarenewal.core.port.out.PfxFiles;
import io.entrarenewal.core.port.out.Vault;
import io.entrarenewal.core.port.out.WorkQueue;
import io.entrarenewal.core.service.Renewals;
import io.entrarenewal.runner.cli.AdapterPorts;
import io.entrarenewal.runner.cli.SandboxConfiguration;
import io.entrarenewal.runner.cli.config.ConfigLoader;
import io.entrarenewal.runner.cli.config.ReferenceSecrets;
import io.entrarenewal.runner.cli.config.RunnerConfig;
import io.entrarenewal.runner.cli.config.SecretResolver;
import io.entrarenewal.sandbox.Sandbox;
import io.entrarenewal.sandbox.SandboxOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A sandbox with the configuration {@code renewal sandbox} writes for it, and the real adapters
 * built from that configuration as the runners build them: what every benchmark measures.
 */
final class Rig implements AutoCloseable {

  private final Sandbox sandbox;
  private final Path directory;
  private final Path configFile;
  private final RunnerConfig config;
  private final Vault vault;
  private final WorkQueue queue;
  private final Directory entra;
  private final CertificateAuthority authority;
  private final PfxFiles pfxFiles;

  private Rig(Sandbox sandbox, Path directory, Path configFile, RunnerConfig config) {
    this.sandbox = sandbox;
    this.directory = directory;
    this.configFile = configFile;
    this.config = config;
    AdapterPorts ports = new AdapterPorts();
    Map<String, String> environment = Map.of();
    this.vault = ports.vault(config.passwordstate(), ReferenceSecrets.bootstrap(environment));
    SecretResolver secrets = ReferenceSecrets.withVault(environment, () -> vault);
    this.queue = ports.workQueue(config.ivanti(), secrets);
    this.entra = ports.directory(config.graph(), config.tenants(), secrets);
    this.authority = ports.certificateAuthority(config.pki(), secrets);
    this.pfxFiles = ports.pfxFiles(config.pki());
  }

  /**
   * Starts a sandbox and wires the adapters to it.
   *
   * @param options the sandbox's world
   * @param keySize the RSA key size of new certificates
   */
  static Rig start(SandboxOptions options, int keySize) {
    Sandbox sandbox = SandboxConfiguration.start(options);
    try {
      Path directory = Files.createTempDirectory("renewal-benchmark");
      Path file = SandboxConfiguration.write(sandbox, directory);
      // The sandbox's configuration asks for 2048-bit keys; the benchmark chooses.
      String yaml = Files.readString(file, StandardCharsets.UTF_8);
      Files.writeString(file, yaml.replace("key-size: 2048", "key-size: " + keySize),
          StandardCharsets.UTF_8);
      RunnerConfig config = new ConfigLoader(Map.of()).load(file);
      return new Rig(sandbox, directory, file, config);
    } catch (IOException e) {
      sandbox.close();
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      sandbox.close();
      throw e;
    }
  }

  /** The use cases wired to the adapters. */
  Renewals renewals() {
    return Renewals.builder()
        .settings(config.settings())
        .workQueue(queue).vault(vault).directory(entra)
        .certificateAuthority(authority).pfxFiles(pfxFiles)
        .build();
  }

  /** The use cases wired to the adapters, each call timed by {@code timer}. */
  Renewals renewals(PortTimer timer) {
    return Renewals.builder()
        .settings(config.settings())
        .workQueue(timer.timed(WorkQueue.class, queue, "queue"))
        .vault(timer.timed(Vault.class, vault, "vault"))
        .directory(timer.timed(Directory.class, entra, "directory"))
        .certificateAuthority(timer.timed(CertificateAuthority.class, authority, "pki"))
        .pfxFiles(timer.timed(PfxFiles.class, pfxFiles, "pfx"))
        .build();
  }

  Sandbox sandbox() {
    return sandbox;
  }

  RunnerConfig config() {
    return config;
  }

  Path configFile() {
    return configFile;
  }

  Vault vault() {
    return vault;
  }

  WorkQueue queue() {
    return queue;
  }

  Directory directory() {
    return entra;
  }

  CertificateAuthority authority() {
    return authority;
  }

  PfxFiles pfxFiles() {
    return pfxFiles;
  }

  @Override
  public void close() {
    sandbox.close();
    deleteTree(directory);
  }

  static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // A temporary directory left behind holds only the sandbox's throw-away keys.
    }
  }
}
