package io.entrarenewal.runner.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.entrarenewal.core.domain.TaskId;
import io.entrarenewal.runner.cli.RenewalCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** {@code renewal task} run as a real, separate JVM, with its output kept in a file. */
final class CommandLineProcess {

  static final Duration PATIENCE = Duration.ofSeconds(60);

  private final Process process;
  private final Path output;

  private CommandLineProcess(Process process, Path output) {
    this.process = process;
    this.output = output;
  }

  /** Starts {@code renewal --config <config> task <task>}. */
  static CommandLineProcess task(Path config, TaskId task) throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path output = Files.createTempFile("renewal-run", ".log");
    output.toFile().deleteOnExit();
    Process process = new ProcessBuilder(java.toString(), "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), RenewalCommand.class.getName(),
        "--config", config.toString(), "task", task.value())
        .redirectErrorStream(true)
        .redirectOutput(output.toFile())
        .start();
    return new CommandLineProcess(process, output);
  }

  Process process() {
    return process;
  }

  /** What the process wrote to stdout and stderr so far. */
  String output() {
    try {
      return Files.readString(output, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits for the end of the run; false when it did not end within the patience. */
  boolean awaitEnd() {
    try {
      return process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Waits for the end of the run and returns its exit code. */
  int exitCode() {
    assertThat(awaitEnd()).as("the run ended; its output:%n%s", output()).isTrue();
    return process.exitValue();
  }

  /** Ends the run with SIGKILL, if it still runs. */
  void kill() {
    process.destroyForcibly();
  }
}
