package io.entrarenewal.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark 5: start-up of the runnable jars as a user starts them: {@code renewal --help} and
 * {@code renewal demo} with the JVM options of the {@code ./renewal} launcher, and the service
 * with {@code --sandbox} until its readiness endpoint answers 200, then its idle memory.
 */
final class StartupBenchmark {

  /** The options the ./renewal launcher passes by default. */
  private static final List<String> LAUNCHER_OPTIONS =
      List.of("-XX:TieredStopAtLevel=1", "-Xshare:auto");
  private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration IDLE = Duration.ofSeconds(10);

  private final PrintStream out;
  private final int runs;

  StartupBenchmark(PrintStream out, int runs) {
    this.out = out;
    this.runs = runs;
  }

  void run(String cliJar, String serviceJar) throws Exception {
    requireFile(cliJar);
    requireFile(serviceJar);
    out.println("== Start-up ==");
    Stats help = new Stats();
    for (int i = 0; i < runs; i++) {
      help.add(timed(cliJar, "--help"));
    }
    out.println("  renewal --help   " + help.summary());
    Stats demo = new Stats();
    for (int i = 0; i < Math.max(1, runs / 3); i++) {
      demo.add(timed(cliJar, "demo"));
    }
    out.println("  renewal demo     " + demo.summary());
    Stats ready = new Stats();
    long idleKib = 0;
    for (int i = 0; i < Math.max(1, runs / 3); i++) {
      long[] measured = service(serviceJar);
      ready.add(measured[0]);
      idleKib = Math.max(idleKib, measured[1]);
    }
    out.println("  service ready    " + ready.summary());
    out.printf(Locale.ROOT, "  service idle RSS %s (largest of the runs, %d s after ready;"
        + " includes the sandbox it started)%n", Memory.mib(idleKib * 1024), IDLE.toSeconds());
    out.println();
  }

  /** Runs the jar to its end; returns its wall time in nanoseconds. */
  private static long timed(String jar, String... args) throws Exception {
    List<String> command = java(jar);
    command.addAll(List.of(args));
    long began = System.nanoTime();
    Process process = new ProcessBuilder(command)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    int exit = process.waitFor();
    long took = System.nanoTime() - began;
    if (exit != 0) {
      throw new IllegalStateException(String.join(" ", args) + " ended with exit code " + exit);
    }
    return took;
  }

  /** Starts the service; returns its time to ready (ns) and its idle resident memory (KiB). */
  private static long[] service(String jar) throws Exception {
    int port = freePort();
    List<String> command = java(jar);
    command.addAll(List.of("--sandbox", "--port", Integer.toString(port)));
    HttpClient client = HttpClient.newHttpClient();
    HttpRequest ready = HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + "/health/ready")).build();
    long began = System.nanoTime();
    Process process = new ProcessBuilder(command)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    try {
      long deadline = began + READY_TIMEOUT.toNanos();
      while (!answers200(client, ready)) {
        if (System.nanoTime() > deadline || !process.isAlive()) {
          throw new IllegalStateException("the service did not become ready");
        }
        TimeUnit.MILLISECONDS.sleep(20);
      }
      long took = System.nanoTime() - began;
      // Idle means after its first poll and scan, with nothing left to do.
      TimeUnit.MILLISECONDS.sleep(IDLE.toMillis());
      long rss = Memory.residentKib(process.pid()).orElse(0);
      return new long[] {took, rss};
    } finally {
      process.destroy();
      if (!process.waitFor(1, TimeUnit.MINUTES)) {
        process.destroyForcibly();
      }
    }
  }

  private static boolean answers200(HttpClient client, HttpRequest request)
      throws InterruptedException {
    try {
      return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException notListeningYet) {
      return false;
    }
  }

  private static List<String> java(String jar) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(LAUNCHER_OPTIONS);
    command.add("-jar");
    command.add(jar);
    return command;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void requireFile(String jar) {
    if (!Files.isRegularFile(Path.of(jar))) {
      throw new IllegalArgumentException(jar + " is missing: build it with mvn -B -q -pl "
          + "runner-cli,runner-service -am package -DskipTests");
    }
  }
}
