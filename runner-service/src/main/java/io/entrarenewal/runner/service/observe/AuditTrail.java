package io.entrarenewal.runner.service.observe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.entrarenewal.core.domain.RenewalTask;
import io.entrarenewal.core.domain.ScanFinding;
import io.entrarenewal.core.domain.ScanReport;
import io.entrarenewal.core.domain.TaskResult;
import io.entrarenewal.runner.service.engine.EngineListener;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The audit trail: one JSON object per line for every action the service takes (a task
 * processed, a claim lost, a task opened by a scan, a scan, a start and a stop), written to a
 * file and to the log. Every value comes from core's results, which carry names, ids and dates
 * only, so no secret can reach it.
 */
public final class AuditTrail implements EngineListener, Closeable {

  private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Clock clock;
  private final BufferedWriter file;

  private AuditTrail(Clock clock, BufferedWriter file) {
    this.clock = clock;
    this.file = file;
  }

  /**
   * A trail appending to {@code file} (created when missing) and writing to the log.
   *
   * @throws UncheckedIOException when the file cannot be opened for appending
   */
  public static AuditTrail toFile(Path file, Clock clock) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      return new AuditTrail(clock, Files.newBufferedWriter(file, StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND));
    } catch (IOException e) {
      throw new UncheckedIOException("the audit file " + file + " cannot be opened", e);
    }
  }

  /** A trail that writes to the log only. */
  public static AuditTrail logOnly(Clock clock) {
    return new AuditTrail(clock, null);
  }

  /** Records an action of the service itself, such as its start. */
  public void record(String action, Map<String, Object> fields) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("at", clock.instant().toString());
    line.put("action", action);
    fields.forEach((key, value) -> {
      if (value != null && !"".equals(value)) {
        line.put(key, value instanceof Number || value instanceof Boolean ? value
            : value.toString());
      }
    });
    write(line);
  }

  @Override
  public void taskProcessed(RenewalTask task, TaskResult result, Duration took) {
    TaskActivity activity = TaskActivity.of(task, result, clock.instant());
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("task", activity.task());
    fields.put("outcome", activity.outcome());
    fields.put("reason", activity.reason());
    fields.put("tenant", activity.tenant());
    fields.put("app", activity.app());
    fields.put("clientId", activity.clientId());
    fields.put("type", activity.type());
    fields.put("keyId", activity.keyId());
    fields.put("newExpiry", activity.newExpiry());
    fields.put("tookMs", took.toMillis());
    fields.put("detail", activity.detail());
    record("task." + activity.disposition(), fields);
  }

  @Override
  public void claimLost(RenewalTask task) {
    record("task.claim_lost", Map.of("task", task.id().value()));
  }

  @Override
  public void taskBroke(RenewalTask task, RuntimeException error) {
    record("task.error", Map.of("task", task.id().value(),
        "error", error.getClass().getSimpleName()));
  }

  @Override
  public void scanCompleted(String tenant, ScanReport report) {
    for (ScanFinding finding : report.findings()) {
      if (finding.action() == ScanFinding.Action.TASK_OPENED) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("task", finding.task().value());
        fields.put("tenant", tenant);
        fields.put("app", finding.app().displayName());
        fields.put("clientId", finding.app().clientId().value());
        fields.put("type", finding.credential().type().name().toLowerCase(Locale.ROOT));
        fields.put("keyId", finding.credential().keyId());
        fields.put("expiry", finding.credential().end());
        fields.put("daysLeft", finding.daysLeft());
        record("scan.task_opened", fields);
      }
    }
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("tenant", tenant);
    summary.put("apps", report.appsSeen());
    summary.put("credentials", report.credentialsSeen());
    summary.put("findings", report.findings().size());
    summary.put("tasksOpened", report.tasksOpened());
    summary.put("tookMs", report.duration().toMillis());
    record("scan.completed", summary);
  }

  @Override
  public void scanFailed(String tenant, RuntimeException error) {
    record("scan.failed", Map.of("tenant", tenant, "error", error.getClass().getSimpleName()));
  }

  @Override
  public synchronized void close() {
    if (file == null) {
      return;
    }
    try {
      file.close();
    } catch (IOException e) {
      LOG.warn("The audit file could not be closed: {}", e.getMessage());
    }
  }

  private synchronized void write(Map<String, Object> line) {
    String text;
    try {
      text = JSON.writeValueAsString(line);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an audit line of plain values cannot fail to encode", e);
    }
    // The fields also travel as key-value pairs, so that a JSON log carries them as fields.
    LoggingEventBuilder event = LOG.atInfo().setMessage("audit {}").addArgument(text);
    line.forEach((key, value) -> event.addKeyValue(key, value));
    event.log();
    if (file == null) {
      return;
    }
    try {
      file.write(text);
      file.newLine();
      file.flush();
    } catch (IOException e) {
      // The log still has the line; losing the file must not stop renewals.
      LOG.error("The audit file could not be written: {}", e.getMessage());
    }
  }
}
