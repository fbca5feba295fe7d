package io.entrarenewal.adapter.ivanti;

import io.entrarenewal.core.domain.CredentialType;
import io.entrarenewal.core.domain.RetryPolicy;
import io.entrarenewal.core.domain.Secret;
import java.net.URI;
import java.security.KeyStore;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How to reach an Ivanti Neurons for ITSM tenant and which of its names and values mean what.
 * Start from {@link #builder(URI, Authentication)}: every setting but the tenant's address, the
 * credential and the owner team of renewal tasks has a documented default.
 *
 * <p>Several names are tenant-specific or unconfirmed in Ivanti's public material (the
 * time-spent field, the spelling of task states, the note's parent category); they are settings
 * so that a deployment can match its tenant without a code change.
 *
 * @param baseUri the tenant's address, such as {@code https://example.saasit.com}
 * @param pathPrefix put before {@code /api/...}: empty in the cloud, often {@code /HEAT} on
 *     premises
 * @param authentication the REST API key or the session login
 * @param objects the entity sets of tasks, service requests, their parameters and notes
 * @param appIdParameter the service-request parameter that holds the app's client id
 * @param secretTypeParameter the service-request parameter that holds the credential type
 * @param pending which tasks count as pending renewal work
 * @param closedStatus the task state that means done
 * @param closeOwner the owner written when closing, or null to leave the owner as it is
 * @param timeSpentField the task field for the time spent (in minutes), or null to not book it
 * @param writeMethod PATCH or PUT for updates; Ivanti accepts both with the same body
 * @param handOverStatus the task state written when handing a task to a team
 * @param noteParentCategory the {@code ParentLink_Category} of a note on a task
 * @param sendValidCompanions whether to send {@code Field_Valid} record ids for pick-list values
 * @param validRecIds pick-list record ids by field, then by value
 * @param renewalRequests how renewal requests are opened
 * @param trustStore trust anchors for the tenant's TLS certificate, or null for the JDK's
 * @param connectTimeout how long to wait for a connection
 * @param requestTimeout how long to wait for a reply to one request
 * @param retryPolicy how reads (never ambiguous writes) are repeated after passing failures
 * @param pageSize rows per page when listing, 1 to 100 (Ivanti refuses {@code $top} above 100)
 */
public record IvantiSettings(
    URI baseUri,
    String pathPrefix,
    Authentication authentication,
    ObjectNames objects,
    String appIdParameter,
    String secretTypeParameter,
    PendingFilter pending,
    String closedStatus,
    String closeOwner,
    String timeSpentField,
    WriteMethod writeMethod,
    String handOverStatus,
    String noteParentCategory,
    boolean sendValidCompanions,
    Map<String, Map<String, String>> validRecIds,
    RenewalRequests renewalRequests,
    KeyStore trustStore,
    Duration connectTimeout,
    Duration requestTimeout,
    RetryPolicy retryPolicy,
    int pageSize) {

  /** Ivanti answers {@code $top} above this with HTTP 400. */
  static final int MAX_PAGE_SIZE = 100;

  /** Validates the settings. */
  public IvantiSettings {
    Objects.requireNonNull(baseUri, "'baseUri' must not be null");
    if (baseUri.getScheme() == null || baseUri.getHost() == null) {
      throw new IllegalArgumentException("'baseUri' must be absolute, such as https://host");
    }
    if (baseUri.getRawPath() != null && !baseUri.getRawPath().matches("/?")) {
      // Addresses are resolved against the host, so a path here would be silently dropped.
      throw new IllegalArgumentException("'baseUri' must be the tenant's address without a "
          + "path, such as https://host; put a prefix such as /HEAT into 'pathPrefix'");
    }
    pathPrefix = normalisePrefix(pathPrefix);
    Objects.requireNonNull(authentication, "'authentication' must not be null");
    Objects.requireNonNull(objects, "'objects' must not be null");
    requireText(appIdParameter, "appIdParameter");
    requireText(secretTypeParameter, "secretTypeParameter");
    Objects.requireNonNull(pending, "'pending' must not be null");
    requireText(closedStatus, "closedStatus");
    closeOwner = blankToNull(closeOwner);
    timeSpentField = blankToNull(timeSpentField);
    Objects.requireNonNull(writeMethod, "'writeMethod' must not be null");
    requireText(handOverStatus, "handOverStatus");
    requireText(noteParentCategory, "noteParentCategory");
    validRecIds = copyNested(Objects.requireNonNull(validRecIds, "'validRecIds' must not be null"));
    Objects.requireNonNull(renewalRequests, "'renewalRequests' must not be null");
    if (renewalRequests.mechanism() == Mechanism.TASK_ASSIGNMENT && pending.subject() == null) {
      throw new IllegalArgumentException("renewal requests opened as tasks need a pending "
          + "subject: it makes them pending work and is how open ones are found");
    }
    requirePositive(connectTimeout, "connectTimeout");
    requirePositive(requestTimeout, "requestTimeout");
    Objects.requireNonNull(retryPolicy, "'retryPolicy' must not be null");
    if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
      throw new IllegalArgumentException("'pageSize' must be between 1 and " + MAX_PAGE_SIZE);
    }
  }

  /** A builder with the defaults documented on its setters. */
  public static Builder builder(URI baseUri, Authentication authentication) {
    return new Builder(baseUri, authentication);
  }

  /** How this tool proves who it is to Ivanti. */
  public sealed interface Authentication permits ApiKey, SessionLogin {}

  /**
   * A REST API key (the key's Reference ID), sent as {@code Authorization: rest_api_key=<key>}.
   *
   * @param key the key
   */
  public record ApiKey(Secret key) implements Authentication {

    /** Validates the key. */
    public ApiKey {
      Objects.requireNonNull(key, "'key' must not be null");
    }
  }

  /**
   * A session login with a user name and password; the session id Ivanti returns is sent as it
   * is as the {@code Authorization} header, and renewed when Ivanti answers 401.
   *
   * @param tenant the tenant name Ivanti expects in the login body (usually its host name)
   * @param username the login id
   * @param password the password
   * @param role the internal role name, such as {@code Admin}
   */
  public record SessionLogin(String tenant, String username, Secret password, String role)
      implements Authentication {

    /** Validates the fields. */
    public SessionLogin {
      requireText(tenant, "tenant");
      requireText(username, "username");
      Objects.requireNonNull(password, "'password' must not be null");
      requireText(role, "role");
    }
  }

  /**
   * The entity sets (business object names with Ivanti's plural "s") this adapter reads and
   * writes.
   *
   * @param tasks assignment tasks, default {@code Task__Assignments}
   * @param serviceRequests service requests, default {@code ServiceReqs}
   * @param serviceRequestParameters service-request answers, default {@code ServiceReqParams}
   * @param notes journal notes, default {@code Journal__Notess} (double s)
   */
  public record ObjectNames(
      String tasks, String serviceRequests, String serviceRequestParameters, String notes) {

    /** Validates the names: each must be a plain OData identifier. */
    public ObjectNames {
      requireIdentifier(tasks, "tasks");
      requireIdentifier(serviceRequests, "serviceRequests");
      requireIdentifier(serviceRequestParameters, "serviceRequestParameters");
      requireIdentifier(notes, "notes");
    }

    /** The names of a standard tenant. */
    public static ObjectNames standard() {
      return new ObjectNames("Task__Assignments", "ServiceReqs", "ServiceReqParams",
          "Journal__Notess");
    }
  }

  /**
   * Which tasks wait for this tool: owned by a team, in one of some states, optionally with a
   * given subject or category.
   *
   * @param ownerTeam the team renewal tasks are assigned to
   * @param statuses the task states that mean "to do", such as {@code Logged} and
   *     {@code Accepted}
   * @param subject an exact subject to require, or null
   * @param category an exact category to require, or null
   */
  public record PendingFilter(
      String ownerTeam, List<String> statuses, String subject, String category) {

    /** Validates the fields. */
    public PendingFilter {
      requireText(ownerTeam, "ownerTeam");
      statuses = List.copyOf(Objects.requireNonNull(statuses, "'statuses' must not be null"));
      if (statuses.isEmpty() || statuses.stream().anyMatch(String::isBlank)) {
        throw new IllegalArgumentException("'statuses' must name at least one state");
      }
      subject = blankToNull(subject);
      category = blankToNull(category);
    }
  }

  /** How updates are sent. */
  public enum WriteMethod {
    /** {@code PATCH}, as most clients do. */
    PATCH,
    /** {@code PUT}, as Ivanti's own examples and some scripts do. */
    PUT
  }

  /** The ways a renewal request can be opened. */
  public enum Mechanism {
    /**
     * A service request submitted through {@code POST /api/rest/ServiceRequest/new}, so that
     * the tenant's request offering and its workflow create the task, exactly as for a human.
     */
    SERVICE_REQUEST,
    /**
     * An assignment task created directly in the owner team's queue, its answers written as
     * {@code Name: value} lines in its details. Needs no request offering, but skips its
     * approvals and workflow; it requires a pending subject, by which open ones are found.
     */
    TASK_ASSIGNMENT
  }

  /**
   * How the scanner's renewal requests are opened and recognised. The ids come from the
   * tenant's request offering; see the adapter's documentation for how to find them.
   *
   * @param mechanism how requests are created
   * @param subscriptionId the request offering's subscription id, or null if not configured
   * @param appIdParameterId the record id of the offering's {@code AppID} parameter
   * @param secretTypeParameterId the record id of the offering's {@code SecretType} parameter
   * @param secretTypeValues the pick-list value to submit per credential type
   * @param secretTypeOptionIds the pick-list option record id per credential type; a combo
   *     answer without it is refused by Ivanti
   * @param daysLeftParameterId the record id of a "days left" parameter, or null
   * @param requesterId the record id of the employee the request is made for ({@code strUserId})
   * @param customerLocation the requester's location ({@code strCustomerLocation}), may be empty
   * @param localOffsetMinutes the {@code localOffset} Ivanti expects (minutes)
   * @param formName the form layout name Ivanti expects
   * @param subjectTemplate the request's subject; may use {@code {app}}, {@code {type}},
   *     {@code {days}}, {@code {tenant}}, {@code {appId}}, {@code {expiry}}
   * @param finalStatuses service-request states that mean the request is finished
   */
  public record RenewalRequests(
      Mechanism mechanism,
      String subscriptionId,
      String appIdParameterId,
      String secretTypeParameterId,
      Map<CredentialType, String> secretTypeValues,
      Map<CredentialType, String> secretTypeOptionIds,
      String daysLeftParameterId,
      String requesterId,
      String customerLocation,
      int localOffsetMinutes,
      String formName,
      String subjectTemplate,
      List<String> finalStatuses) {

    /** Validates the fields; the ids may be absent until renewal requests are used. */
    public RenewalRequests {
      Objects.requireNonNull(mechanism, "'mechanism' must not be null");
      subscriptionId = blankToNull(subscriptionId);
      appIdParameterId = blankToNull(appIdParameterId);
      secretTypeParameterId = blankToNull(secretTypeParameterId);
      secretTypeValues = copyByType(secretTypeValues, "secretTypeValues");
      for (CredentialType type : CredentialType.values()) {
        requireText(secretTypeValues.get(type), "secretTypeValues[" + type + "]");
      }
      secretTypeOptionIds = copyByType(secretTypeOptionIds, "secretTypeOptionIds");
      daysLeftParameterId = blankToNull(daysLeftParameterId);
      requesterId = blankToNull(requesterId);
      customerLocation = customerLocation == null ? "" : customerLocation;
      requireText(formName, "formName");
      requireText(subjectTemplate, "subjectTemplate");
      finalStatuses = List.copyOf(
          Objects.requireNonNull(finalStatuses, "'finalStatuses' must not be null"));
    }

    /** The defaults: nothing can be opened until the offering's ids are set. */
    public static RenewalRequests notConfigured() {
      return new RenewalRequests(
          Mechanism.SERVICE_REQUEST, null, null, null,
          Map.of(CredentialType.SECRET, "Secret", CredentialType.CERTIFICATE, "Certificaat"),
          Map.of(), null, null, "", 0,
          "ServiceReq.ResponsiveAnalyst.DefaultLayout",
          "{type} of {app} expires in {days} days",
          List.of("Fulfilled", "Closed", "Cancelled", "Canceled", "Approval Rejected",
              "Rejected"));
    }

    /**
     * The same settings with the offering's ids.
     *
     * @param subscriptionId the offering's subscription id
     * @param appIdParameterId the record id of its {@code AppID} parameter
     * @param secretTypeParameterId the record id of its {@code SecretType} parameter
     * @param requesterId the record id of the requesting employee
     */
    public RenewalRequests withOffering(
        String subscriptionId, String appIdParameterId, String secretTypeParameterId,
        String requesterId) {
      return new RenewalRequests(mechanism, subscriptionId, appIdParameterId,
          secretTypeParameterId, secretTypeValues, secretTypeOptionIds, daysLeftParameterId,
          requesterId, customerLocation, localOffsetMinutes, formName, subjectTemplate,
          finalStatuses);
    }

    /** The same settings with the pick-list option record id of each credential type. */
    public RenewalRequests withSecretTypeOptionIds(Map<CredentialType, String> optionIds) {
      return new RenewalRequests(mechanism, subscriptionId, appIdParameterId,
          secretTypeParameterId, secretTypeValues, optionIds, daysLeftParameterId, requesterId,
          customerLocation, localOffsetMinutes, formName, subjectTemplate, finalStatuses);
    }

    /** The same settings with the record id of a "days left" parameter. */
    public RenewalRequests withDaysLeftParameterId(String parameterId) {
      return new RenewalRequests(mechanism, subscriptionId, appIdParameterId,
          secretTypeParameterId, secretTypeValues, secretTypeOptionIds, parameterId,
          requesterId, customerLocation, localOffsetMinutes, formName, subjectTemplate,
          finalStatuses);
    }

    /** The same settings with another mechanism. */
    public RenewalRequests withMechanism(Mechanism other) {
      return new RenewalRequests(other, subscriptionId, appIdParameterId,
          secretTypeParameterId, secretTypeValues, secretTypeOptionIds, daysLeftParameterId,
          requesterId, customerLocation, localOffsetMinutes, formName, subjectTemplate,
          finalStatuses);
    }

    /** Whether every id needed to open a service request is set. */
    public boolean canOpen() {
      return subscriptionId != null && appIdParameterId != null
          && secretTypeParameterId != null && requesterId != null;
    }
  }

  /** Builds {@link IvantiSettings}; each setter documents its default. */
  public static final class Builder {

    private final URI baseUri;
    private final Authentication authentication;
    private String pathPrefix = "";
    private ObjectNames objects = ObjectNames.standard();
    private String appIdParameter = "AppID";
    private String secretTypeParameter = "SecretType";
    private String ownerTeam;
    private List<String> pendingStatuses = List.of("Logged", "Accepted");
    private String pendingSubject;
    private String pendingCategory;
    private String closedStatus = "Completed";
    private String closeOwner;
    private String timeSpentField;
    private WriteMethod writeMethod = WriteMethod.PATCH;
    private String handOverStatus = "Logged";
    private String noteParentCategory = "Task";
    private boolean sendValidCompanions;
    private final Map<String, Map<String, String>> validRecIds = new LinkedHashMap<>();
    private RenewalRequests renewalRequests = RenewalRequests.notConfigured();
    private KeyStore trustStore;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration requestTimeout = Duration.ofSeconds(95);
    private RetryPolicy retryPolicy = RetryPolicy.standard();
    private int pageSize = MAX_PAGE_SIZE;

    private Builder(URI baseUri, Authentication authentication) {
      this.baseUri = baseUri;
      this.authentication = authentication;
    }

    /** Put before {@code /api/...}; default empty (cloud). */
    public Builder pathPrefix(String prefix) {
      this.pathPrefix = prefix;
      return this;
    }

    /** Shorthand for the on-premises prefix {@code /HEAT}. */
    public Builder onPremises() {
      return pathPrefix("/HEAT");
    }

    /** Entity-set names; default {@link ObjectNames#standard()}. */
    public Builder objects(ObjectNames names) {
      this.objects = names;
      return this;
    }

    /** Parameter names; default {@code AppID} and {@code SecretType}. */
    public Builder parameterNames(String appId, String secretType) {
      this.appIdParameter = appId;
      this.secretTypeParameter = secretType;
      return this;
    }

    /** The owner team of renewal tasks; required. */
    public Builder ownerTeam(String team) {
      this.ownerTeam = team;
      return this;
    }

    /** States of pending tasks; default {@code Logged} and {@code Accepted}. */
    public Builder pendingStatuses(List<String> statuses) {
      this.pendingStatuses = statuses;
      return this;
    }

    /** An exact subject pending tasks must have; default none. */
    public Builder pendingSubject(String subject) {
      this.pendingSubject = subject;
      return this;
    }

    /** An exact category pending tasks must have; default none. */
    public Builder pendingCategory(String category) {
      this.pendingCategory = category;
      return this;
    }

    /** The state of a done task; default {@code Completed}. */
    public Builder closedStatus(String status) {
      this.closedStatus = status;
      return this;
    }

    /** The owner written on close; default none (the owner stays). */
    public Builder closeOwner(String owner) {
      this.closeOwner = owner;
      return this;
    }

    /** The task field for time spent in minutes; default none (not booked). */
    public Builder timeSpentField(String field) {
      this.timeSpentField = field;
      return this;
    }

    /** PATCH or PUT; default PATCH. */
    public Builder writeMethod(WriteMethod method) {
      this.writeMethod = method;
      return this;
    }

    /** The state written on hand-over; default {@code Logged}. */
    public Builder handOverStatus(String status) {
      this.handOverStatus = status;
      return this;
    }

    /** The note's {@code ParentLink_Category}; default {@code Task}. */
    public Builder noteParentCategory(String category) {
      this.noteParentCategory = category;
      return this;
    }

    /** Whether to send {@code _Valid} companions; default false. */
    public Builder sendValidCompanions(boolean send) {
      this.sendValidCompanions = send;
      return this;
    }

    /** The record id of a pick-list value, sent as {@code field_Valid} with that value. */
    public Builder validRecId(String field, String value, String recId) {
      validRecIds.computeIfAbsent(field, f -> new LinkedHashMap<>()).put(value, recId);
      return this;
    }

    /** How renewal requests are opened; default {@link RenewalRequests#notConfigured()}. */
    public Builder renewalRequests(RenewalRequests requests) {
      this.renewalRequests = requests;
      return this;
    }

    /** Trust anchors for the tenant's TLS certificate; default the JDK's. */
    public Builder trustStore(KeyStore store) {
      this.trustStore = store;
      return this;
    }

    /** Connect and per-request timeouts; default 10 s and 95 s (Ivanti stops at 90 s). */
    public Builder timeouts(Duration connect, Duration request) {
      this.connectTimeout = connect;
      this.requestTimeout = request;
      return this;
    }

    /** Retries of reads; default {@link RetryPolicy#standard()}. */
    public Builder retryPolicy(RetryPolicy policy) {
      this.retryPolicy = policy;
      return this;
    }

    /** Rows per page, at most 100; default 100. */
    public Builder pageSize(int size) {
      this.pageSize = size;
      return this;
    }

    /** The validated settings. */
    public IvantiSettings build() {
      return new IvantiSettings(baseUri, pathPrefix, authentication, objects, appIdParameter,
          secretTypeParameter,
          new PendingFilter(ownerTeam, pendingStatuses, pendingSubject, pendingCategory),
          closedStatus, closeOwner, timeSpentField, writeMethod, handOverStatus,
          noteParentCategory, sendValidCompanions, validRecIds, renewalRequests, trustStore,
          connectTimeout, requestTimeout, retryPolicy, pageSize);
    }
  }

  private static String normalisePrefix(String prefix) {
    if (prefix == null || prefix.isBlank() || prefix.equals("/")) {
      return "";
    }
    String trimmed = prefix.strip();
    trimmed = trimmed.startsWith("/") ? trimmed : "/" + trimmed;
    trimmed = trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    if (!trimmed.matches("(/[A-Za-z0-9._~-]+)+")) {
      throw new IllegalArgumentException("'pathPrefix' must be a plain path such as /HEAT");
    }
    return trimmed;
  }

  private static void requireText(String value, String name) {
    Objects.requireNonNull(value, "'" + name + "' must not be null");
    if (value.isBlank()) {
      throw new IllegalArgumentException("'" + name + "' must not be blank");
    }
  }

  private static void requireIdentifier(String value, String name) {
    requireText(value, name);
    if (!value.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException(
          "'" + name + "' must be an entity-set name of letters, digits and '_'");
    }
  }

  private static void requirePositive(Duration value, String name) {
    Objects.requireNonNull(value, "'" + name + "' must not be null");
    if (value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException("'" + name + "' must be positive");
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  private static Map<String, Map<String, String>> copyNested(
      Map<String, Map<String, String>> source) {
    Map<String, Map<String, String>> copy = new LinkedHashMap<>();
    source.forEach((field, ids) -> copy.put(field, Map.copyOf(ids)));
    return Map.copyOf(copy);
  }

  private static Map<CredentialType, String> copyByType(
      Map<CredentialType, String> source, String name) {
    Objects.requireNonNull(source, "'" + name + "' must not be null");
    return source.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(source));
  }
}
