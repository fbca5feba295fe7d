package io.entrarenewal.runner.cli.config;

import io.entrarenewal.core.domain.CredentialType;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How to use Ivanti Neurons for ITSM: where it is, how to log in, and the names of the business
 * objects, fields and values of this tenant (they differ between Ivanti tenants).
 *
 * @param connection the server
 * @param pathPrefix put before {@code /api}: empty for cloud tenants, often {@code /HEAT} on
 *     premises
 * @param auth how to authenticate
 * @param entitySets the entity sets
 * @param appIdParameter the service-request parameter holding the client id
 * @param secretTypeParameter the service-request parameter holding the credential type
 * @param pending which tasks wait for this tool
 * @param completedStatus the task status written when a task is closed
 * @param closeOwner the owner written when a task is closed; null leaves the owner as it is
 * @param timeSpentField the task field booking the time spent; null books none
 * @param handOverStatus the task status written when a task is assigned to the team
 * @param noteParentCategory the {@code ParentLink_Category} of a note on a task
 * @param requests how the scanner opens renewal requests; null when it may not
 */
public record IvantiConfig(
    Connection connection,
    String pathPrefix,
    Auth auth,
    EntitySets entitySets,
    String appIdParameter,
    String secretTypeParameter,
    Pending pending,
    String completedStatus,
    String closeOwner,
    String timeSpentField,
    String handOverStatus,
    String noteParentCategory,
    RequestCreation requests) {

  /** How to authenticate to Ivanti. */
  public sealed interface Auth {}

  /**
   * A REST API key, sent as {@code Authorization: rest_api_key=<key>}.
   *
   * @param key the key's reference id
   */
  public record ApiKey(SecretRef key) implements Auth {
    /** Validates the field. */
    public ApiKey {
      Objects.requireNonNull(key, "'key' must not be null");
    }
  }

  /**
   * A session login with a user, a password and a role.
   *
   * @param userName the login name
   * @param password the password
   * @param role the internal role name
   * @param tenant the tenant name the login names, usually the server's host name
   */
  public record Session(String userName, SecretRef password, String role, String tenant)
      implements Auth {
    /** Validates the fields. */
    public Session {
      Objects.requireNonNull(userName, "'userName' must not be null");
      Objects.requireNonNull(password, "'password' must not be null");
      Objects.requireNonNull(role, "'role' must not be null");
      Objects.requireNonNull(tenant, "'tenant' must not be null");
    }
  }

  /**
   * Which tasks wait for this tool: those of one owner team in one of some states, optionally
   * with an exact subject or category.
   *
   * @param ownerTeam the team renewal tasks are assigned to
   * @param statuses the task states that mean "to do"
   * @param subject an exact subject to require; null for any
   * @param category an exact category to require; null for any
   */
  public record Pending(String ownerTeam, List<String> statuses, String subject,
      String category) {
    /** Validates the fields. */
    public Pending {
      Objects.requireNonNull(ownerTeam, "'ownerTeam' must not be null");
      statuses = List.copyOf(statuses);
    }
  }

  /**
   * The entity sets (business object names with Ivanti's trailing "s").
   *
   * @param tasks the assignment tasks, {@code Task__Assignments}
   * @param serviceRequests the service requests, {@code ServiceReqs}
   * @param parameters the service-request answers, {@code ServiceReqParams}
   * @param notes the task notes, {@code Journal__Notess}
   */
  public record EntitySets(String tasks, String serviceRequests, String parameters, String notes) {}

  /**
   * How the scanner submits a renewal service request to the tenant's request offering.
   *
   * @param subscriptionId the request offering's subscription id
   * @param appIdParameterId the RecId of the offering's AppID parameter
   * @param secretTypeParameterId the RecId of the offering's SecretType parameter
   * @param secretTypeValues the SecretType answer per credential type
   * @param secretTypeOptionIds the RecId of each answer's pick-list option, per credential type
   * @param requesterId the RecId of the employee the request is made for
   * @param formName the form to submit with; null for the adapter's default
   * @param subject the request's subject; may use {@code {app}}, {@code {type}}, {@code {days}}
   */
  public record RequestCreation(
      String subscriptionId,
      String appIdParameterId,
      String secretTypeParameterId,
      Map<CredentialType, String> secretTypeValues,
      Map<CredentialType, String> secretTypeOptionIds,
      String requesterId,
      String formName,
      String subject) {
    /** Validates the fields. */
    public RequestCreation {
      Objects.requireNonNull(subscriptionId, "'subscriptionId' must not be null");
      Objects.requireNonNull(appIdParameterId, "'appIdParameterId' must not be null");
      Objects.requireNonNull(secretTypeParameterId, "'secretTypeParameterId' must not be null");
      secretTypeValues = Map.copyOf(secretTypeValues);
      secretTypeOptionIds = Map.copyOf(secretTypeOptionIds);
      Objects.requireNonNull(requesterId, "'requesterId' must not be null");
      Objects.requireNonNull(subject, "'subject' must not be null");
    }
  }

  /** Validates the fields. */
  public IvantiConfig {
    Objects.requireNonNull(connection, "'connection' must not be null");
    Objects.requireNonNull(pathPrefix, "'pathPrefix' must not be null");
    Objects.requireNonNull(auth, "'auth' must not be null");
    Objects.requireNonNull(entitySets, "'entitySets' must not be null");
    Objects.requireNonNull(pending, "'pending' must not be null");
  }

  /** How renewal requests are opened, when the scanner may open them. */
  public Optional<RequestCreation> requestsIfAny() {
    return Optional.ofNullable(requests);
  }
}
