package io.entrarenewal.adapter.ivanti;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.entrarenewal.core.domain.ClientId;
import io.entrarenewal.core.domain.CredentialType;
import io.entrarenewal.core.domain.ExternalSystem;
import io.entrarenewal.core.domain.ExternalSystemException;
import io.entrarenewal.core.domain.ExternalSystemException.Kind;
import io.entrarenewal.core.domain.HandOverNote;
import io.entrarenewal.core.domain.InvalidRequestException;
import io.entrarenewal.core.domain.RenewalTask;
import io.entrarenewal.core.domain.RenewalTaskOrder;
import io.entrarenewal.core.domain.Resolution;
import io.entrarenewal.core.domain.TaskId;
import io.entrarenewal.core.domain.Texts;
import io.entrarenewal.core.port.out.WorkQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The work queue on Ivanti Neurons for ITSM: renewal tasks are assignment tasks of a service
 * request whose answers carry {@code AppID} and {@code SecretType}.
 *
 * <p>Thread-safe. Reads are repeated after passing failures; writes are not repeated when
 * their outcome is unknown, and fail as {@link Kind#AMBIGUOUS} instead.
 *
 * <pre>{@code
 * IvantiSettings settings = IvantiSettings
 *     .builder(URI.create("https://example.saasit.com"),
 *         new IvantiSettings.ApiKey(Secret.of(apiKey)))
 *     .ownerTeam("Systeemsoftware automation")
 *     .build();
 * WorkQueue queue = IvantiWorkQueue.create(settings);
 * }</pre>
 */
public final class IvantiWorkQueue implements WorkQueue {

  private static final Logger LOG = LoggerFactory.getLogger(IvantiWorkQueue.class);

  private final IvantiSettings settings;
  private final BusinessObjects objects;
  private final TaskReader reader;
  private final RenewalRequestMechanism renewalRequests;

  private IvantiWorkQueue(IvantiSettings settings) {
    this.settings = settings;
    this.objects = new BusinessObjects(settings, new IvantiHttp(settings));
    this.reader = new TaskReader(settings, objects);
    this.renewalRequests = RenewalRequestMechanism.of(settings, objects, reader);
  }

  /** A work queue on the tenant the settings describe. Sends nothing until first used. */
  public static IvantiWorkQueue create(IvantiSettings settings) {
    return new IvantiWorkQueue(Objects.requireNonNull(settings, "'settings' must not be null"));
  }

  @Override
  public Optional<RenewalTask> findTask(TaskId id) {
    Objects.requireNonNull(id, "'id' must not be null");

    return lookUp(id).map(reader::read);
  }

  @Override
  public List<RenewalTask> pendingTasks() {
    String filter = pendingFilter();

    List<JsonNode> rows = objects.list(settings.objects().tasks(), filter, "list pending tasks");

    List<RenewalTask> tasks = new ArrayList<>();
    for (JsonNode row : rows) {
      if (!OData.isRecId(IvantiJson.text(row, "RecId"))) {
        LOG.warn("Skipping a pending task without a valid RecId (AssignmentID {})",
            Texts.quoteForHumans(IvantiJson.text(row, "AssignmentID")));
        continue;
      }
      tasks.add(reader.read(row));
    }
    LOG.debug("{} pending task(s) for team {}", tasks.size(), settings.pending().ownerTeam());
    return List.copyOf(tasks);
  }

  @Override
  public boolean claim(TaskId id, String claimant) {
    Objects.requireNonNull(claimant, "'claimant' must not be null");
    JsonNode task = requireTask(id, "claim");
    String recId = IvantiJson.text(task, "RecId");
    String owner = ownerOf(task);
    if (!isPending(task) || (!owner.isEmpty() && !owner.equalsIgnoreCase(claimant))) {
      LOG.debug("Task {} is not free to claim (owner {})", id, Texts.quoteForHumans(owner));
      return false;
    }
    if (owner.equalsIgnoreCase(claimant)) {
      return true;
    }

    ObjectNode fields = IvantiJson.object();
    objects.putPickList(fields, "Owner", claimant);
    objects.update(settings.objects().tasks(), recId, fields, "claim task " + id);

    // Limitation: Ivanti's documented REST API has no conditional update, so two claimants
    // writing the owner in the same instant can each read their own value back. A claim only
    // spares work: runners that share their lock files renew an app one after the other, and
    // the second then finds the credential fresh (see docs/operations.md, "How many instances").
    boolean held = claimant.equalsIgnoreCase(ownerOf(readBack(id, recId, "claim")));
    LOG.debug("Claim of task {} by {}: {}", id, claimant, held ? "held" : "lost");
    return held;
  }

  @Override
  public void close(TaskId id, Resolution resolution) {
    Objects.requireNonNull(resolution, "'resolution' must not be null");
    JsonNode task = requireTask(id, "close");
    String recId = IvantiJson.text(task, "RecId");
    if (settings.closedStatus().equalsIgnoreCase(IvantiJson.text(task, "Status"))) {
      LOG.debug("Task {} is already {}; nothing to close", id, settings.closedStatus());
      return;
    }

    ObjectNode fields = IvantiJson.object();
    objects.putPickList(fields, "Status", settings.closedStatus());
    fields.put("Resolution", resolution.text());
    if (settings.closeOwner() != null) {
      objects.putPickList(fields, "Owner", settings.closeOwner());
    }
    putTimeSpent(fields, resolution.timeSpent());
    objects.update(settings.objects().tasks(), recId, fields, "close task " + id);

    JsonNode after = readBack(id, recId, "close");
    requireStuck(id, after, "Status", settings.closedStatus(), "close");
    LOG.info("Closed task {}", id);
  }

  @Override
  public void handOver(TaskId id, HandOverNote note) {
    Objects.requireNonNull(note, "'note' must not be null");
    JsonNode task = requireTask(id, "hand over");
    String recId = IvantiJson.text(task, "RecId");

    // The note first: if it cannot be written, the task stays pending for the next run instead
    // of sitting with the team without a word about what happened.
    addNote(id, recId, note);
    ObjectNode fields = IvantiJson.object();
    objects.putPickList(fields, "OwnerTeam", note.team());
    objects.putPickList(fields, "Status", settings.handOverStatus());
    putTimeSpent(fields, note.timeSpent());
    objects.update(settings.objects().tasks(), recId, fields, "hand over task " + id);

    JsonNode after = readBack(id, recId, "hand over");
    requireStuck(id, after, "OwnerTeam", note.team(), "hand over");
    requireStuck(id, after, "Status", settings.handOverStatus(), "hand over");
    LOG.info("Handed task {} over to team {}", id, note.team());
  }

  @Override
  public TaskId openRenewalTask(RenewalTaskOrder order) {
    Objects.requireNonNull(order, "'order' must not be null");

    Optional<TaskId> existing = renewalRequests.findOpen(order.clientId(), order.type());
    if (existing.isPresent()) {
      LOG.info("A renewal request for app {} ({}) is already open: {}", order.clientId(),
          order.type().displayName(), existing.get());
      return existing.get();
    }

    return renewalRequests.open(order);
  }

  @Override
  public Optional<TaskId> findOpenRenewalTask(ClientId clientId, CredentialType type) {
    Objects.requireNonNull(clientId, "'clientId' must not be null");
    Objects.requireNonNull(type, "'type' must not be null");

    return renewalRequests.findOpen(clientId, type);
  }

  private Optional<JsonNode> lookUp(TaskId id) {
    String value = id.value();
    String tasks = settings.objects().tasks();
    if (OData.isRecId(value)) {
      return objects.find(tasks, value, "read task " + id);
    }
    if (OData.isNumber(value)) {
      // A number is not quoted in OData; isNumber guarantees it holds digits only.
      // Limitation: should several tasks share a number, the first row the server gives wins.
      List<JsonNode> rows = objects.list(tasks, "AssignmentID eq " + value, "read task " + id);
      return rows.stream().filter(row -> OData.isRecId(IvantiJson.text(row, "RecId")))
          .findFirst();
    }
    throw new InvalidRequestException("'taskId' must be a 32-character Ivanti record id or an "
        + "assignment number, got " + Texts.quoteForHumans(value));
  }

  private JsonNode requireTask(TaskId id, String action) {
    Objects.requireNonNull(id, "'id' must not be null");
    return lookUp(id).orElseThrow(() -> new ExternalSystemException(ExternalSystem.WORK_QUEUE,
        Kind.REFUSED, "Cannot " + action + " task " + id + ": Ivanti has no such task in "
            + settings.objects().tasks()));
  }

  private boolean isPending(JsonNode task) {
    String status = IvantiJson.text(task, "Status");
    return status != null && settings.pending().statuses().stream()
        .anyMatch(pending -> pending.equalsIgnoreCase(status.strip()));
  }

  private static String ownerOf(JsonNode task) {
    String owner = IvantiJson.text(task, "Owner");
    return owner == null ? "" : owner.strip();
  }

  private String pendingFilter() {
    IvantiSettings.PendingFilter pending = settings.pending();
    StringBuilder filter = new StringBuilder(OData.eq("OwnerTeam", pending.ownerTeam()))
        .append(" and ").append(OData.anyOf("Status", pending.statuses()));
    if (pending.subject() != null) {
      filter.append(" and ").append(OData.eq("Subject", pending.subject()));
    }
    if (pending.category() != null) {
      filter.append(" and ").append(OData.eq("Category", pending.category()));
    }
    return filter.toString();
  }

  private void addNote(TaskId id, String recId, HandOverNote note) {
    // Limitation: a hand-over repeated after an ambiguous failure may add a second note, since
    // a note is a new record and Ivanti offers no idempotency key for its creation.
    ObjectNode body = IvantiJson.object()
        .put("ParentLink_RecID", recId)
        .put("ParentLink_Category", settings.noteParentCategory())
        .put("Subject", note.subject())
        .put("NotesBody", note.body())
        .put("Category", note.category())
        .put("PublishToWeb", false);
    objects.create(settings.objects().notes(), body, "add a note to task " + id);
  }

  private JsonNode readBack(TaskId id, String recId, String action) {
    return objects.find(settings.objects().tasks(), recId, "read task " + id + " back")
        .orElseThrow(() -> new ExternalSystemException(ExternalSystem.WORK_QUEUE, Kind.AMBIGUOUS,
            "Task " + id + " could not be read back after the " + action));
  }

  private void requireStuck(TaskId id, JsonNode task, String field, String wanted, String act) {
    String actual = IvantiJson.text(task, field);
    if (!wanted.equalsIgnoreCase(actual == null ? "" : actual.strip())) {
      // Ivanti accepts some writes and silently keeps the old value (a pick-list value it does
      // not know, or a workflow that resets it); a caller must not believe the task is done.
      throw new ExternalSystemException(ExternalSystem.WORK_QUEUE, Kind.REFUSED,
          "Ivanti accepted the " + act + " of task " + id + " but " + field + " is "
              + Texts.quoteForHumans(actual) + " instead of " + Texts.quoteForHumans(wanted)
              + "; check the task's state transitions and the configured values");
    }
  }

  private void putTimeSpent(ObjectNode fields, Duration timeSpent) {
    // Limitation: no public source names the time-spent field, so nothing is booked until a
    // deployment names it; an unknown field could make Ivanti refuse the whole update.
    if (settings.timeSpentField() != null) {
      fields.put(settings.timeSpentField(), timeSpent.toMinutes());
    }
  }
}
