package io.entrarenewal.runner.cli;

import io.entrarenewal.core.domain.ClientId;
import io.entrarenewal.core.domain.ExternalSystemException;
import io.entrarenewal.core.domain.RenewalException;
import io.entrarenewal.runner.cli.config.IvantiConfig;
import io.entrarenewal.runner.cli.config.RunnerConfig;
import io.entrarenewal.runner.cli.config.SecretRef;
import io.entrarenewal.runner.cli.config.TenantConfig;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checks of {@code renewal check}, made through the ports so that they test what a renewal
 * uses: the work queue answers, every vault account can be read, every tenant can be searched
 * with its account. The port factory may add checks of its own (such as the CA).
 */
final class Preflight {

  private static final Logger LOG = LoggerFactory.getLogger(Preflight.class);
  private static final String READ_ALL = "Application.Read.All";
  private static final String WRITE_OWNED = "Application.ReadWrite.OwnedBy";
  private static final String WRITE_ALL = "Application.ReadWrite.All";
  /** No app has this client id; looking it up proves the login and the read permission. */
  private static final ClientId PROBE = new ClientId("00000000-0000-0000-0000-000000000000");
  /** A title no entry has; searching for it proves that the list's API key opens the list. */
  private static final String PROBE_TITLE = "renewal preflight probe";

  private final Session session;

  Preflight(Session session) {
    this.session = session;
  }

  /** Runs every check; none stops the others. */
  List<SystemCheck.Result> run() {
    RunnerConfig config = session.config();
    List<SystemCheck.Result> results = new ArrayList<>();
    results.add(SystemCheck.Result.pass("configuration",
        config.file().getFileName() + ": " + config.tenants().size() + " tenants"));
    if (session.portsIfAny().isEmpty()) {
      results.add(SystemCheck.Result.fail("adapters",
          "this build of renewal includes no adapters, so no system can be checked",
          "use a build of renewal that includes the adapters"));
      return results;
    }
    results.add(check("ITSM work queue", "check ivanti.url, ivanti.auth and the trust store",
        () -> "reachable; " + session.workQueue().pendingTasks().size() + " pending tasks"));
    for (String list : dataLists(config)) {
      results.add(check("vault list " + list,
          "check passwordstate.url, the trust store and that the API key opens list " + list,
          () -> {
            session.vault().findEntry(list, PROBE_TITLE);
            return "the API key opens it";
          }));
    }
    for (SecretRef.Passwordstate account : vaultAccounts(config)) {
      results.add(check("vault account " + account.title(),
          "check that the entry exists with this exact title and that the API key opens list "
              + account.listId(),
          () -> {
            session.secrets().resolve(account);
            return "readable in list " + account.listId();
          }));
    }
    for (TenantConfig tenant : config.tenants()) {
      results.add(check("Entra ID tenant " + tenant.name(),
          "check the tenant id, the Graph account's credentials and its Application.Read"
              + " permission",
          () -> {
            session.directory().findApp(tenant.tenant(), PROBE);
            return "reachable; the account can read app registrations";
          }));
      results.add(permissions(tenant));
    }
    results.addAll(extraChecks(config));
    return results;
  }

  /**
   * Whether the tenant's account holds what the scan and secret renewals need. Certificates
   * need nothing: an app rolls its own certificate over with proof of possession.
   */
  private SystemCheck.Result permissions(TenantConfig tenant) {
    String name = "Entra ID permissions " + tenant.name();
    String remedy = "grant the account's app registration the application permissions "
        + READ_ALL + " and " + WRITE_OWNED + " (and make it an owner of each app) or "
        + WRITE_ALL + ", with admin consent; see docs/permissions.md";
    try {
      Optional<Set<String>> held = session.directory().accountPermissions(tenant.tenant());
      if (held.isEmpty()) {
        return new SystemCheck.Result(name, SystemCheck.Status.SKIPPED,
            "the directory does not report its account's permissions", "");
      }
      Set<String> roles = held.get();
      boolean reads = roles.contains(READ_ALL) || roles.contains(WRITE_ALL);
      boolean writesSecrets = roles.contains(WRITE_OWNED) || roles.contains(WRITE_ALL);
      String seen = roles.isEmpty() ? "none" : String.join(", ", new TreeSet<>(roles));
      if (reads && writesSecrets) {
        return SystemCheck.Result.pass(name, "the account holds " + seen);
      }
      String missing = !reads && !writesSecrets ? "reading all apps and renewing secrets"
          : !reads ? "reading all apps (the scan)" : "renewing secrets";
      return SystemCheck.Result.fail(name,
          "the account holds " + seen + ", which is not enough for " + missing, remedy);
    } catch (RuntimeException e) {
      return failure(name, remedy, e);
    }
  }

  private List<SystemCheck.Result> extraChecks(RunnerConfig config) {
    return session.ports().checks(config, session.secrets()).stream()
        .map(Preflight::runOwn)
        .toList();
  }

  private static SystemCheck.Result runOwn(SystemCheck own) {
    try {
      return own.run();
    } catch (RuntimeException e) {
      return failure(own.name(), "", e);
    }
  }

  private static SystemCheck.Result check(String name, String remedy, Supplier<String> probe) {
    try {
      return SystemCheck.Result.pass(name, probe.get());
    } catch (RuntimeException e) {
      return failure(name, remedy, e);
    }
  }

  private static SystemCheck.Result failure(String name, String remedy, RuntimeException e) {
    LOG.debug("Check '{}' failed", name, e);
    if (e instanceof ExternalSystemException failed) {
      String kind = failed.isTransient() ? " cannot be reached: " : " refused: ";
      return SystemCheck.Result.fail(name, failed.system().displayName() + kind
          + failed.getMessage(), remedy);
    }
    if (e instanceof RenewalException) {
      return SystemCheck.Result.fail(name, e.getMessage(), remedy);
    }
    return SystemCheck.Result.fail(name, "unexpected " + e.getClass().getSimpleName()
        + " (--verbose shows it)", remedy);
  }

  private static Set<String> dataLists(RunnerConfig config) {
    Set<String> lists = new LinkedHashSet<>();
    config.tenants().forEach(t -> lists.add(t.tenant().secretListId()));
    lists.add(config.settings().certificateListId());
    return lists;
  }

  private static Set<SecretRef.Passwordstate> vaultAccounts(RunnerConfig config) {
    Set<SecretRef> refs = new LinkedHashSet<>();
    config.tenants().forEach(t -> refs.add(t.graphAccount()));
    config.pki().accountIfAny().ifPresent(refs::add);
    if (config.ivanti().auth() instanceof IvantiConfig.ApiKey key) {
      refs.add(key.key());
    } else if (config.ivanti().auth() instanceof IvantiConfig.Session login) {
      refs.add(login.password());
    }
    Set<SecretRef.Passwordstate> accounts = new LinkedHashSet<>();
    refs.stream().filter(SecretRef.Passwordstate.class::isInstance)
        .map(SecretRef.Passwordstate.class::cast).forEach(accounts::add);
    return accounts;
  }
}
