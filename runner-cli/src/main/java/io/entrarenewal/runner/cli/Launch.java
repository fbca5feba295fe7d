package io.entrarenewal.runner.cli;

import io.entrarenewal.sandbox.Sandbox;
import io.entrarenewal.sandbox.SandboxOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a run of the command gets from its surroundings: the environment, the working directory,
 * the ports and the clock. Tests pass their own; {@link #system()} is the real process.
 *
 * @param environment the environment variables, for {@code {env: NAME}} references
 * @param workingDirectory where a relative {@code --config} path is resolved
 * @param ports builds the ports; null when the build includes no adapters
 * @param clock the clock, for default request ids
 * @param sandboxes starts the built-in sandbox for {@code demo} and {@code sandbox}
 */
public record Launch(
    Map<String, String> environment, Path workingDirectory, PortFactory ports, Clock clock,
    Function<SandboxOptions, Sandbox> sandboxes) {

  /** Validates the fields and copies the environment. */
  public Launch {
    environment = Map.copyOf(environment);
    Objects.requireNonNull(workingDirectory, "'workingDirectory' must not be null");
    Objects.requireNonNull(clock, "'clock' must not be null");
    Objects.requireNonNull(sandboxes, "'sandboxes' must not be null");
  }

  /** Surroundings that start the sandbox in the usual way. */
  public Launch(
      Map<String, String> environment, Path workingDirectory, PortFactory ports, Clock clock) {
    this(environment, workingDirectory, ports, clock, SandboxConfiguration::start);
  }

  /** This process: its environment and directory, the installed ports and the UTC clock. */
  public static Launch system() {
    return new Launch(System.getenv(), Path.of("").toAbsolutePath(),
        PortFactory.installed().orElse(null), Clock.systemUTC());
  }

  /** Names the surroundings without the environment's values, which may hold secrets. */
  @Override
  public String toString() {
    return "Launch[" + environment.size() + " environment variables, " + workingDirectory
        + ", ports " + (ports == null ? "none" : ports.getClass().getSimpleName()) + ", " + clock
        + "]";
  }

  /** The port factory, when the build has one. */
  public Optional<PortFactory> portsIfAny() {
    return Optional.ofNullable(ports);
  }
}
