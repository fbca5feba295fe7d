package io.entrarenewal.core.service;

import io.entrarenewal.core.domain.RenewalSettings;
import io.entrarenewal.core.port.in.PlanUseCase;
import io.entrarenewal.core.port.in.ProcessTasksUseCase;
import io.entrarenewal.core.port.in.RenewCredentialUseCase;
import io.entrarenewal.core.port.in.ScanCredentialsUseCase;
import io.entrarenewal.core.port.out.AppLocks;
import io.entrarenewal.core.port.out.CertificateAuthority;
import io.entrarenewal.core.port.out.Directory;
import io.entrarenewal.core.port.out.PfxFiles;
import io.entrarenewal.core.port.out.Vault;
import io.entrarenewal.core.port.out.WorkQueue;
import java.time.Clock;
import java.util.Objects;

/**
 * The use cases wired to one set of ports: what a runner or an embedding tool builds once.
 *
 * <pre>{@code
 * Renewals renewals = Renewals.builder()
 *     .settings(settings)
 *     .workQueue(queue).vault(vault).directory(directory)
 *     .certificateAuthority(authority).pfxFiles(pfxFiles)
 *     .build();
 * RenewalOutcome outcome = renewals.renewal().renew(request);
 * }</pre>
 *
 * @param renewal renews one credential
 * @param tasks processes ITSM tasks
 * @param scan finds expiring credentials and opens tasks
 * @param plan the dry runs
 */
public record Renewals(
    RenewCredentialUseCase renewal,
    ProcessTasksUseCase tasks,
    ScanCredentialsUseCase scan,
    PlanUseCase plan) {

  /** Validates the fields. */
  public Renewals {
    Objects.requireNonNull(renewal, "'renewal' must not be null");
    Objects.requireNonNull(tasks, "'tasks' must not be null");
    Objects.requireNonNull(scan, "'scan' must not be null");
    Objects.requireNonNull(plan, "'plan' must not be null");
  }

  /** Starts wiring. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Wires the use cases to the ports. The settings, the vault and the directory are required. A
   * tool that only renews secrets may leave out the certificate authority and the PFX files,
   * and one that works without ITSM may leave out the work queue: a use that needs a missing
   * port then throws {@link IllegalStateException} naming it, before anything is changed.
   */
  public static final class Builder {
    private RenewalSettings settings;
    private WorkQueue workQueue;
    private Vault vault;
    private Directory directory;
    private CertificateAuthority certificateAuthority;
    private PfxFiles pfxFiles;
    private AppLocks appLocks = AppLocks.withinProcess();
    private Clock clock = Clock.systemUTC();
    private TaskProcessingService.TransientFailures transientFailures =
        TaskProcessingService.TransientFailures.HAND_OVER;

    private Builder() {}

    /** How renewals are done. */
    public Builder settings(RenewalSettings settings) {
      this.settings = settings;
      return this;
    }

    /** The ITSM work queue. */
    public Builder workQueue(WorkQueue workQueue) {
      this.workQueue = workQueue;
      return this;
    }

    /** The password vault. */
    public Builder vault(Vault vault) {
      this.vault = vault;
      return this;
    }

    /** Entra ID. */
    public Builder directory(Directory directory) {
      this.directory = directory;
      return this;
    }

    /** The PKI. */
    public Builder certificateAuthority(CertificateAuthority certificateAuthority) {
      this.certificateAuthority = certificateAuthority;
      return this;
    }

    /** PFX files. */
    public Builder pfxFiles(PfxFiles pfxFiles) {
      this.pfxFiles = pfxFiles;
      return this;
    }

    /**
     * How renewals of one app are kept apart from other runners'; by default only renewals
     * through these use cases are (right when one runner works the queue).
     */
    public Builder appLocks(AppLocks appLocks) {
      this.appLocks = appLocks;
      return this;
    }

    /** The clock; the system's UTC clock unless a test sets another. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** Whether tasks that failed for a passing reason are handed over (default) or left. */
    public Builder transientFailures(TaskProcessingService.TransientFailures transientFailures) {
      this.transientFailures = transientFailures;
      return this;
    }

    /**
     * Builds the use cases.
     *
     * @throws NullPointerException naming the first missing required part
     */
    public Renewals build() {
      Objects.requireNonNull(settings, "'settings' must be set");
      Objects.requireNonNull(vault, "'vault' must be set");
      Objects.requireNonNull(directory, "'directory' must be set");
      Objects.requireNonNull(clock, "'clock' must be set");
      Objects.requireNonNull(appLocks, "'appLocks' must be set");
      WorkQueue workQueue = givenOrAbsent(this.workQueue, WorkQueue.class, "workQueue");
      CertificateAuthority certificateAuthority = givenOrAbsent(this.certificateAuthority,
          CertificateAuthority.class, "certificateAuthority");
      PfxFiles pfxFiles = givenOrAbsent(this.pfxFiles, PfxFiles.class, "pfxFiles");
      RenewalService renewal = new RenewalService(
          settings, vault, directory, certificateAuthority, pfxFiles, appLocks, clock);
      return new Renewals(
          renewal,
          new TaskProcessingService(settings, workQueue, renewal, transientFailures),
          new ScanService(settings, directory, workQueue, clock),
          new PlanService(settings, workQueue, vault, directory, certificateAuthority, pfxFiles,
              clock));
    }

    private static <T> T givenOrAbsent(T given, Class<T> port, String builderMethod) {
      return given != null ? given : Absent.port(port, builderMethod);
    }
  }
}
