package io.entrarenewal.runner.service.observe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.entrarenewal.core.domain.ClientId;
import io.entrarenewal.core.domain.MetadataKeys;
import io.entrarenewal.core.domain.Secret;
import io.entrarenewal.core.domain.TaskId;
import io.entrarenewal.core.fakes.World;
import io.entrarenewal.runner.service.ServiceRuntime;
import io.entrarenewal.runner.service.ServiceWorld;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit trail's lines, read back as JSON, with every secret of the run looked for. */
class AuditTrailTest {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ServiceWorld fakes = new ServiceWorld();

  @TempDir
  Path directory;

  @Test
  void givenScanAndTasks_audit_writesOneJsonLinePerActionWithoutSecrets() throws Exception {
    TaskId renewed = fakes.secretTasks(1).get(0);
    TaskId invalid = fakes.world.queue.addTask("not-a-guid", "Secret");
    ClientId scanned = fakes.world.appWithSecret(World.PRODUCTION,
        "bbbbbbbb-0000-0000-0000-000000000001", "scanned-app");
    Path file = directory.resolve("audit").resolve("renewal-audit.jsonl");
    ServiceRuntime service = fakes.service("svc-1", 2, file, false);

    service.engine().scanOnce();
    for (int round = 0; round < 3; round++) {
      service.engine().pollOnce();
      assertThat(service.engine().awaitIdle(WAIT)).isTrue();
    }
    service.stop();

    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      lines.add(JSON.readTree(line));
    }
    assertThat(lines).allSatisfy(line -> {
      assertThat(line.path("at").asText()).isNotEmpty();
      assertThat(line.path("action").asText()).isNotEmpty();
    });
    assertThat(lines).map(line -> line.path("action").asText())
        .contains("scan.task_opened", "scan.completed", "task.closed", "task.handed_over",
            "service.stopped");
    JsonNode closed = only(lines, "task.closed", renewed.value());
    assertThat(closed.path("outcome").asText()).isEqualTo("renewed");
    assertThat(closed.path("tenant").asText()).isEqualTo("production");
    assertThat(closed.path("app").asText()).isEqualTo("app-0");
    assertThat(closed.path("keyId").asText()).isEqualTo(
        fakes.world.vault.metadata(World.SECRET_LIST, "app-0").get(MetadataKeys.KEY_ID));
    assertThat(only(lines, "task.handed_over", invalid.value()).path("reason").asText())
        .isEqualTo("invalid_task");
    assertThat(lines).filteredOn(l -> l.path("action").asText().equals("scan.task_opened"))
        .anySatisfy(l -> assertThat(l.path("clientId").asText()).isEqualTo(scanned.value()));
    String text = Files.readString(file, StandardCharsets.UTF_8);
    assertThat(secretsOfTheRun()).isNotEmpty()
        .allSatisfy(secret -> assertThat(text).doesNotContain(secret));
  }

  @Test
  void givenStoppedService_stopAgain_recordsTheStopOnce() throws Exception {
    Path file = directory.resolve("renewal-audit.jsonl");
    ServiceRuntime service = fakes.service("svc-1", 2, file, false);

    service.stop();
    service.stop();

    assertThat(Files.readAllLines(file, StandardCharsets.UTF_8))
        .filteredOn(line -> line.contains("\"service.stopped\""))
        .hasSize(1);
  }

  private static JsonNode only(List<JsonNode> lines, String action, String task) {
    List<JsonNode> found = lines.stream()
        .filter(l -> l.path("action").asText().equals(action))
        .filter(l -> l.path("task").asText().equals(task))
        .toList();
    assertThat(found).as("%s lines of task %s", action, task).hasSize(1);
    return found.get(0);
  }

  /** Every secret value the run created or replaced: the old ones and what the vault holds. */
  private List<String> secretsOfTheRun() {
    List<String> secrets = new ArrayList<>();
    for (String app : List.of("app-0", "scanned-app")) {
      secrets.add("old-secret-of-" + app);
      fakes.world.vault.password(World.SECRET_LIST, app).map(Secret::reveal)
          .ifPresent(secrets::add);
      String keyId = fakes.world.vault.metadata(World.SECRET_LIST, app).get(MetadataKeys.KEY_ID);
      fakes.world.directory.secretValue(UUID.fromString(keyId)).map(Secret::reveal)
          .ifPresent(secrets::add);
    }
    return secrets;
  }
}
