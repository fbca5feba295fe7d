package io.entrarenewal.runner.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import io.entrarenewal.runner.service.observe.AuditTrail;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The two log formats, read back from standard output. */
class LogFormatTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final PrintStream original = System.out;
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

  @AfterEach
  void restore() {
    System.setOut(original);
    LogFormat.TEXT.apply();
  }

  @Test
  void givenJsonFormat_log_writesOneJsonObjectPerLine() throws Exception {
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    LogFormat.JSON.apply();

    LoggerFactory.getLogger(LogFormatTest.class).info("Closed task {}", "4711");
    LoggerFactory.getLogger(LogFormatTest.class).warn("Vault unavailable");

    List<JsonNode> lines = new ArrayList<>();
    for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
      lines.add(JSON.readTree(line));
    }
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0).path("level").asText()).isEqualTo("INFO");
    assertThat(lines.get(0).path("loggerName").asText()).isEqualTo(LogFormatTest.class.getName());
    assertThat(lines.get(0).path("formattedMessage").asText()).isEqualTo("Closed task 4711");
    assertThat(lines.get(1).path("level").asText()).isEqualTo("WARN");
  }

  @Test
  void givenJsonFormat_audit_carriesItsFieldsAsKeyValuePairs() throws Exception {
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    LogFormat.JSON.apply();

    AuditTrail.logOnly(Clock.systemUTC()).record("task.closed", Map.of("task", "4711"));

    JsonNode line = JSON.readTree(captured.toString(StandardCharsets.UTF_8).strip());
    assertThat(line.path("formattedMessage").asText()).startsWith("audit {");
    assertThat(line.path("kvpList").toString()).contains("\"action\":\"task.closed\"")
        .contains("\"task\":\"4711\"");
  }

  @Test
  void givenTextFormat_log_writesReadableLines() {
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    LogFormat.TEXT.apply();

    LoggerFactory.getLogger(LogFormatTest.class).info("Closed task {}", "4711");

    String text = captured.toString(StandardCharsets.UTF_8);
    assertThat(text).contains("INFO").contains("Closed task 4711").doesNotContain("{\"");
  }
}
