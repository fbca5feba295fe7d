package io.entrarenewal.runner.service;

import io.entrarenewal.runner.cli.SandboxConfiguration;
import io.entrarenewal.sandbox.Sandbox;
import io.entrarenewal.sandbox.SandboxOptions;
import java.nio.file.Path;
import java.util.Map;

/**
 * The sandbox for a try-out of the service: started with its demo world, with the same
 * configuration file {@code renewal sandbox} writes. Its throw-away keys are in owner-only files
 * next to the configuration, which names them as file references.
 *
 * @param sandbox the running sandbox
 * @param configFile the configuration for it
 * @param environment the environment its references are resolved against
 */
record SandboxSetup(Sandbox sandbox, Path configFile, Map<String, String> environment)
    implements AutoCloseable {

  /** Starts the sandbox and writes its configuration, keys and trust store into {@code dir}. */
  static SandboxSetup start(Path directory) {
    Sandbox sandbox = SandboxConfiguration.start(SandboxOptions.defaults());
    try {
      Path config = SandboxConfiguration.write(sandbox, directory);
      return new SandboxSetup(sandbox, config, System.getenv());
    } catch (RuntimeException e) {
      sandbox.close();
      SandboxConfiguration.delete(directory);
      throw e;
    }
  }

  /** Stops the sandbox and deletes its configuration and keys. */
  @Override
  public void close() {
    sandbox.close();
    SandboxConfiguration.delete(configFile.getParent());
  }

  /** Names only: the environment's values stay out of logs. */
  @Override
  public String toString() {
    return "SandboxSetup[" + configFile + ", " + environment.size() + " variables]";
  }
}
