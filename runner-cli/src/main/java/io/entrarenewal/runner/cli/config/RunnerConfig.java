package io.entrarenewal.runner.cli.config;

import io.entrarenewal.core.domain.RenewalSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The whole validated configuration: core's settings and one typed section per system.
 *
 * @param file the file it was read from
 * @param settings how renewals are done
 * @param tenants the tenants, the default one first, with what the adapters need of them
 * @param passwordstate the vault
 * @param ivanti the work queue
 * @param graph Entra ID
 * @param pki the certificate authority
 * @param locks how renewals of one app are kept apart from other runners'
 */
public record RunnerConfig(
    Path file,
    RenewalSettings settings,
    List<TenantConfig> tenants,
    PasswordstateConfig passwordstate,
    IvantiConfig ivanti,
    GraphConfig graph,
    PkiConfig pki,
    Locks locks) {

  /** Validates the fields. */
  public RunnerConfig {
    Objects.requireNonNull(file, "'file' must not be null");
    Objects.requireNonNull(settings, "'settings' must not be null");
    tenants = List.copyOf(tenants);
    Objects.requireNonNull(passwordstate, "'passwordstate' must not be null");
    Objects.requireNonNull(ivanti, "'ivanti' must not be null");
    Objects.requireNonNull(graph, "'graph' must not be null");
    Objects.requireNonNull(pki, "'pki' must not be null");
    Objects.requireNonNull(locks, "'locks' must not be null");
  }

  /**
   * Where the lock files that keep renewals of one app apart are, and how long a renewal waits
   * for another runner.
   *
   * @param directory the lock files' directory, shared by every runner of the same apps
   * @param patience how long a renewal waits for another runner to finish the same app
   */
  public record Locks(Path directory, Duration patience) {

    /** Validates the fields. */
    public Locks {
      Objects.requireNonNull(directory, "'directory' must not be null");
      Objects.requireNonNull(patience, "'patience' must not be null");
    }
  }
}
