package io.entrarenewal.adapter.ivanti;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.entrarenewal.core.domain.ClientId;
import io.entrarenewal.core.domain.CredentialType;
import io.entrarenewal.core.domain.ExternalSystem;
import io.entrarenewal.core.domain.ExternalSystemException;
import io.entrarenewal.core.domain.ExternalSystemException.Kind;
import io.entrarenewal.core.domain.InvalidRequestException;
import io.entrarenewal.core.domain.RenewalTask;
import io.entrarenewal.core.domain.RenewalTaskOrder;
import io.entrarenewal.core.domain.TaskId;
import io.entrarenewal.core.domain.Texts;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens renewal requests as assignment tasks created directly in the owner team's queue, with
 * the pending subject, and the answers as {@code Name: value} lines in the task's details.
 * Open ones are found by that subject and a state that is not final.
 */
final class TaskAssignmentMechanism implements RenewalRequestMechanism {

  private static final Logger LOG = LoggerFactory.getLogger(TaskAssignmentMechanism.class);

  private final IvantiSettings settings;
  private final BusinessObjects objects;
  private final TaskReader reader;

  TaskAssignmentMechanism(IvantiSettings settings, BusinessObjects objects, TaskReader reader) {
    this.settings = settings;
    this.objects = objects;
    this.reader = reader;
  }

  @Override
  public TaskId open(RenewalTaskOrder order) {
    String purpose = "open a renewal task for app " + order.clientId();

    // Limitation: whether a tenant accepts an assignment task without a parent record is not
    // confirmed by public material; a refusal arrives as a clear REFUSED with Ivanti's message.
    JsonNode created = objects.create(settings.objects().tasks(), newTask(order), purpose);

    String recId = IvantiJson.text(created, "RecId");
    if (!OData.isRecId(recId)) {
      throw new ExternalSystemException(ExternalSystem.WORK_QUEUE, Kind.AMBIGUOUS,
          "Ivanti accepted the renewal task for app " + order.clientId()
              + " but gave no record id; look for it before opening another");
    }
    requireAnswersStuck(new TaskId(recId), order);
    LOG.info("Opened task {} for app {} ({}, {} days left)",
        IvantiJson.text(created, "AssignmentID"), order.clientId(), order.type().displayName(),
        order.daysLeft());
    return new TaskId(recId);
  }

  @Override
  public Optional<TaskId> findOpen(ClientId clientId, CredentialType type) {
    String purpose = "find open renewal tasks for app " + clientId;

    for (JsonNode row : objects.list(settings.objects().tasks(), openTasksFilter(), purpose)) {
      if (OData.isRecId(IvantiJson.text(row, "RecId")) && isFor(reader.read(row), clientId,
          type)) {
        return Optional.of(new TaskId(IvantiJson.text(row, "RecId")));
      }
    }
    return Optional.empty();
  }

  private ObjectNode newTask(RenewalTaskOrder order) {
    LinkedHashMap<String, String> answers = new LinkedHashMap<>();
    answers.put(settings.appIdParameter(), order.clientId().value());
    answers.put(settings.secretTypeParameter(),
        settings.renewalRequests().secretTypeValues().get(order.type()));
    answers.put("App", order.appDisplayName());
    answers.put("Tenant", order.tenantName());
    answers.put("Expires", order.expiry().toString());
    answers.put("DaysLeft", Long.toString(order.daysLeft()));

    IvantiSettings.PendingFilter pending = settings.pending();
    ObjectNode task = IvantiJson.object();
    task.put("Subject", pending.subject());
    task.put("Details", TaskDetails.render(answers));
    objects.putPickList(task, "OwnerTeam", pending.ownerTeam());
    objects.putPickList(task, "Status", pending.statuses().get(0));
    if (pending.category() != null) {
      task.put("Category", pending.category());
    }
    return task;
  }

  private String openTasksFilter() {
    Set<String> finalStates = new LinkedHashSet<>(settings.renewalRequests().finalStatuses());
    finalStates.add(settings.closedStatus());
    return OData.eq("Subject", settings.pending().subject()) + finalStates.stream()
        .map(state -> " and Status ne " + OData.literal(state))
        .collect(Collectors.joining());
  }

  private void requireAnswersStuck(TaskId id, RenewalTaskOrder order) {
    Optional<JsonNode> task =
        objects.find(settings.objects().tasks(), id.value(), "read back task " + id);
    if (task.isEmpty() || !isFor(reader.read(task.get()), order.clientId(), order.type())) {
      throw new ExternalSystemException(ExternalSystem.WORK_QUEUE, Kind.REFUSED,
          "Ivanti created task " + id + " for app " + order.clientId() + " but its details do "
              + "not hold the " + settings.appIdParameter() + " and "
              + settings.secretTypeParameter() + " lines; a workflow may rewrite them. "
              + "Cancel task " + id + " by hand");
    }
  }

  private static boolean isFor(RenewalTask task, ClientId clientId, CredentialType type) {
    String appId = task.appIdParameter();
    if (appId == null || !appId.strip().equalsIgnoreCase(clientId.value())) {
      return false;
    }
    try {
      return CredentialType.parse(task.secretTypeParameter()) == type;
    } catch (InvalidRequestException unknownSpelling) {
      LOG.debug("Task {} has an unknown {}", task.id(),
          Texts.quoteForHumans(task.secretTypeParameter()));
      return false;
    }
  }
}
