package io.entrarenewal.adapter.ivanti;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.entrarenewal.adapter.ivanti.IvantiSettings.RenewalRequests;
import io.entrarenewal.core.domain.ClientId;
import io.entrarenewal.core.domain.CredentialType;
import io.entrarenewal.core.domain.ExternalSystem;
import io.entrarenewal.core.domain.ExternalSystemException;
import io.entrarenewal.core.domain.ExternalSystemException.Kind;
import io.entrarenewal.core.domain.InvalidRequestException;
import io.entrarenewal.core.domain.RenewalTaskOrder;
import io.entrarenewal.core.domain.TaskId;
import io.entrarenewal.core.domain.Texts;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens renewal requests as service requests through Ivanti's documented
 * {@code POST /api/rest/ServiceRequest/new}, so that the tenant's request offering, approvals
 * and workflow create the task exactly as when a human asks. The id of a renewal request is the
 * service request's record id.
 */
final class ServiceRequestMechanism implements RenewalRequestMechanism {

  private static final Logger LOG = LoggerFactory.getLogger(ServiceRequestMechanism.class);

  private final IvantiSettings settings;
  private final RenewalRequests requests;
  private final BusinessObjects objects;

  ServiceRequestMechanism(IvantiSettings settings, BusinessObjects objects) {
    this.settings = settings;
    this.requests = settings.renewalRequests();
    this.objects = objects;
  }

  @Override
  public TaskId open(RenewalTaskOrder order) {
    String purpose = "open a service request for app " + order.clientId();
    requireConfigured(order);

    IvantiHttp.Reply reply = objects.http().send(IvantiHttp.Call.write("POST",
        objects.odata().rest("ServiceRequest/new"), submission(order), purpose));
    objects.requireSuccess(reply, purpose);
    JsonNode result = IvantiJson.parse(reply.body(), purpose, Kind.AMBIGUOUS);

    String recId = createdRequestId(result, order);
    String number = IvantiJson.text(result.path("ServiceRequests").path(0), "strRequestNum");
    requireAnswersStuck(recId, number, order);
    LOG.info("Opened service request {} for app {} ({}, {} days left)", number,
        order.clientId(), order.type().displayName(), order.daysLeft());
    // Limitation: the id is the service request's, not its assignment task's (which the
    // offering's workflow creates later), so findTask does not find it.
    return new TaskId(recId);
  }

  @Override
  public Optional<TaskId> findOpen(ClientId clientId, CredentialType type) {
    String purpose = "find open renewal requests for app " + clientId;
    // Limitation: $filter compares whole values, so an answer stored with surrounding white
    // space is not found here.
    String filter = OData.eq("ParameterName", settings.appIdParameter()) + " and "
        + OData.eq("ParameterValue", clientId.value());

    Set<String> requestIds = new LinkedHashSet<>();
    for (JsonNode row : objects.list(
        settings.objects().serviceRequestParameters(), filter, purpose)) {
      String parent = IvantiJson.text(row, "ParentLink_RecID");
      if (OData.isRecId(parent)) {
        requestIds.add(parent);
      }
    }

    for (String requestId : requestIds) {
      if (isOpenRequestFor(requestId, clientId, type, purpose)) {
        return Optional.of(new TaskId(requestId));
      }
    }
    return Optional.empty();
  }

  private boolean isOpenRequestFor(
      String requestId, ClientId clientId, CredentialType type, String purpose) {
    Optional<JsonNode> request =
        objects.find(settings.objects().serviceRequests(), requestId, purpose);
    if (request.isEmpty() || isFinal(IvantiJson.text(request.get(), "Status"))) {
      return false;
    }
    Map<String, String> answers = objects.parameters(requestId, purpose);
    String appId = answers.get(settings.appIdParameter());
    // Ivanti compares case-insensitively in $filter; confirm here so a loose match never counts.
    return appId != null && appId.strip().equalsIgnoreCase(clientId.value())
        && isType(answers.get(settings.secretTypeParameter()), type);
  }

  private boolean isFinal(String status) {
    return status == null
        || requests.finalStatuses().stream().anyMatch(s -> s.equalsIgnoreCase(status.strip()));
  }

  private static boolean isType(String answer, CredentialType type) {
    try {
      return CredentialType.parse(answer) == type;
    } catch (InvalidRequestException unknownSpelling) {
      return false;
    }
  }

  private void requireConfigured(RenewalTaskOrder order) {
    if (!requests.canOpen()) {
      throw new ExternalSystemException(ExternalSystem.WORK_QUEUE, Kind.REFUSED,
          "Cannot open a renewal request for app " + order.clientId() + ": the request "
              + "offering's subscription id, AppID and SecretType parameter ids and requester "
              + "id are not all configured");
    }
  }

  private ObjectNode submission(RenewalTaskOrder order) {
    Map<String, String> words = Map.of(
        "app", order.appDisplayName(),
        "appId", order.clientId().value(),
        "type", order.type().displayName(),
        "days", Long.toString(order.daysLeft()),
        "tenant", order.tenantName(),
        "expiry", order.expiry().toString());
    String subject = Texts.fill(requests.subjectTemplate(), words);

    ObjectNode parameters = IvantiJson.object();
    parameters.put("par-" + requests.appIdParameterId(), order.clientId().value());
    parameters.put("par-" + requests.secretTypeParameterId(),
        requests.secretTypeValues().get(order.type()));
    String optionId = requests.secretTypeOptionIds().get(order.type());
    if (optionId != null) {
      // A pick-list answer without its option's record id is refused ("submitted without it's
      // identifier"), as one client measured on a live tenant.
      parameters.put("par-" + requests.secretTypeParameterId() + "-recId", optionId);
    }
    if (requests.daysLeftParameterId() != null) {
      parameters.put("par-" + requests.daysLeftParameterId(), Long.toString(order.daysLeft()));
    }

    ObjectNode body = IvantiJson.object();
    body.putArray("attachmentsToDelete");
    body.putArray("attachmentsToUpload");
    body.set("parameters", parameters);
    body.put("delayedFulfill", false);
    body.put("formName", requests.formName());
    body.put("saveReqState", false);
    body.putObject("serviceReqData").put("Subject", subject).put("Symptom", subject);
    body.put("strCustomerLocation", requests.customerLocation());
    body.put("strUserId", requests.requesterId());
    body.put("subscriptionId", requests.subscriptionId());
    body.put("localOffset", requests.localOffsetMinutes());
    return body;
  }

  private String createdRequestId(JsonNode result, RenewalTaskOrder order) {
    if (!result.path("IsSuccess").asBoolean(false)) {
      // Ivanti reports a refused submission with HTTP 200 and IsSuccess false; nothing exists.
      throw new ExternalSystemException(ExternalSystem.WORK_QUEUE, Kind.REFUSED,
          "Ivanti refused the service request for app " + order.clientId() + ": "
              + Texts.quoteForHumans(IvantiJson.text(result, "ErrorText")));
    }
    String recId = IvantiJson.text(result.path("ServiceRequests").path(0), "strRequestRecId");
    if (!OData.isRecId(recId)) {
      throw new ExternalSystemException(ExternalSystem.WORK_QUEUE, Kind.AMBIGUOUS,
          "Ivanti reported the service request for app " + order.clientId()
              + " as created but gave no record id; look for it before opening another");
    }
    return recId;
  }

  private void requireAnswersStuck(String recId, String number, RenewalTaskOrder order) {
    Map<String, String> answers =
        objects.parameters(recId, "read back service request " + number);
    String appId = answers.get(settings.appIdParameter());
    boolean stuck = appId != null && appId.strip().equalsIgnoreCase(order.clientId().value())
        && isType(answers.get(settings.secretTypeParameter()), order.type());
    if (!stuck) {
      // Ids of another offering create a request without answers and still report success.
      throw new ExternalSystemException(ExternalSystem.WORK_QUEUE, Kind.REFUSED,
          "Ivanti created service request " + number + " for app " + order.clientId()
              + " but its " + settings.appIdParameter() + "/" + settings.secretTypeParameter()
              + " answers are missing or different; the configured subscription and parameter "
              + "ids do not belong to one offering. Cancel request " + number + " by hand");
    }
  }
}
