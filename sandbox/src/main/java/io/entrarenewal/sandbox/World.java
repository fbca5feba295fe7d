package io.entrarenewal.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A machine-readable description of the seeded world: tenants, the accounts and lists the
 * product is configured with, every seeded app, and what a correct run should do with each.
 * The values here (API keys, passwords) are the sandbox's own throw-away test values.
 */
public record World(List<Tenant> tenants, Passwordstate passwordstate, Ivanti ivanti,
    Adcs adcs, List<App> apps) {

  public World {
    tenants = List.copyOf(tenants);
    apps = List.copyOf(apps);
    Objects.requireNonNull(passwordstate, "'passwordstate' must not be null");
    Objects.requireNonNull(ivanti, "'ivanti' must not be null");
    Objects.requireNonNull(adcs, "'adcs' must not be null");
  }

  /**
   * A tenant and its automation account, stored in Passwordstate under {@code accountTitle}.
   *
   * @param secretListId the Passwordstate list holding this tenant's app secrets
   */
  public record Tenant(String name, String tenantId, String domain, String adminClientId,
      String adminObjectId, String accountTitle, int secretListId) {}

  /**
   * Passwordstate: the system-wide key, the per-list keys and the well-known lists.
   *
   * @param systemAccountsListId the list of system accounts (Graph and PKI accounts)
   * @param certificateListId the list of certificate entries, titled {@code Certificaat <app>}
   * @param pkiAccountTitle the title of the AD CS enrollment account in the accounts list
   */
  public record Passwordstate(String systemApiKey, Map<Integer, String> listApiKeys,
      int systemAccountsListId, int certificateListId, String pkiAccountTitle) {
    public Passwordstate {
      listApiKeys = Map.copyOf(listApiKeys);
    }
  }

  /**
   * Ivanti: the REST API key, the team that owns renewal tasks, the team that takes failures,
   * and the renewal offering's ids for submitting service requests.
   *
   * @param parameterIds parameter RecIds by name ({@code AppID}, {@code SecretType}); answers
   *     are sent as {@code par-<id>}
   * @param secretTypeOptionIds option RecIds of the SecretType pick list, sent as
   *     {@code par-<id>-recId}
   */
  public record Ivanti(String apiKey, String automationTeam, String handOverTeam,
      String subscriptionId, Map<String, String> parameterIds,
      Map<String, String> secretTypeOptionIds) {
    public Ivanti {
      parameterIds = Map.copyOf(parameterIds);
      secretTypeOptionIds = Map.copyOf(secretTypeOptionIds);
    }
  }

  /** AD CS: the CA's name, its templates and the default one. */
  public record Adcs(String caName, List<String> templates, String defaultTemplate) {
    public Adcs {
      templates = List.copyOf(templates);
    }
  }

  /**
   * One seeded app and what a correct run does with it.
   *
   * @param credentialType {@code Secret} or {@code Certificate}: what the app authenticates with
   * @param daysLeft days until its newest credential expires (negative when already expired)
   * @param vaultTitle the title of its Passwordstate entry, or null when it has none
   * @param taskAssignmentId the open renewal task's AssignmentID, or null when none is open
   * @param taskSecretType the task's SecretType answer as written in the task, or null
   * @param expectedOutcome {@code RENEWED}, {@code HANDED_OVER} or {@code NO_TASK}
   * @param expectedReason the hand-over reason (core's HandOverReason name), or null
   */
  public record App(String tenant, String displayName, String appId, String objectId,
      String credentialType, int daysLeft, String vaultTitle, Integer taskAssignmentId,
      String taskSecretType, String expectedOutcome, String expectedReason) {}

  /** The seeded app with this client id. */
  public Optional<App> app(String appId) {
    return apps.stream().filter(a -> a.appId().equalsIgnoreCase(appId)).findFirst();
  }

  /** The seeded app with this display name. */
  public Optional<App> appNamed(String displayName) {
    return apps.stream().filter(a -> a.displayName().equals(displayName)).findFirst();
  }

  /** The tenant with this name ({@code production}, {@code education}). */
  public Tenant tenant(String name) {
    return tenants.stream().filter(t -> t.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no tenant named " + name));
  }

  /** This description as indented JSON. */
  public String toJson() {
    try {
      return Http.prettyMapper().writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the world description", e);
    }
  }

  /** Writes {@link #toJson()} to {@code file}. */
  public Path writeJson(Path file) throws IOException {
    Files.writeString(file, toJson());
    return file;
  }
}
