package io.entrarenewal.adapter.ivanti;

import com.fasterxml.jackson.databind.JsonNode;
import io.entrarenewal.adapter.ivanti.IvantiSettings.Mechanism;
import io.entrarenewal.core.domain.RenewalTask;
import io.entrarenewal.core.domain.TaskId;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an Ivanti task row into a {@link RenewalTask}: its parameters are the answers of its
 * parent service request, or, for tasks this adapter opened directly, the lines of its details.
 */
final class TaskReader {

  private static final Logger LOG = LoggerFactory.getLogger(TaskReader.class);

  private final IvantiSettings settings;
  private final BusinessObjects objects;

  TaskReader(IvantiSettings settings, BusinessObjects objects) {
    this.settings = settings;
    this.objects = objects;
  }

  RenewalTask read(JsonNode task) {
    TaskId id = new TaskId(IvantiJson.text(task, "RecId"));
    String reference = IvantiJson.text(task, "AssignmentID");

    Map<String, String> answers = answers(id, task);

    return new RenewalTask(id, reference, answers.get(settings.appIdParameter()),
        answers.get(settings.secretTypeParameter()));
  }

  private Map<String, String> answers(TaskId id, JsonNode task) {
    String parent = IvantiJson.text(task, "ParentLink_RecID");
    Map<String, String> answers = parent == null || parent.isBlank()
        ? Map.of() : objects.parameters(parent, "read the answers of task " + id);
    if (answers.isEmpty() && readsDetails()) {
      answers = TaskDetails.parse(IvantiJson.text(task, "Details"));
    }
    if (answers.isEmpty()) {
      LOG.debug("Task {} has no answers", id);
    }
    return answers;
  }

  private boolean readsDetails() {
    // Only tasks opened directly carry their answers in the details; for the default
    // mechanism, free text written by humans must not be mistaken for answers.
    return settings.renewalRequests().mechanism() == Mechanism.TASK_ASSIGNMENT;
  }
}
