package io.entrarenewal.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs the benchmarks of docs/performance.md on demand:
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar latency|scan|queue|startup|all [key=value...]
 * </pre>
 *
 * They print medians, p95 and ratios and judge nothing: timings vary with the machine, so no
 * build fails on them.
 */
public final class Benchmarks {

  private Benchmarks() {}

  /** The entry point; see the class comment. */
  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals(ScanBenchmark.CHILD)) {
      ScanBenchmark.child(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    if (args.length == 0) {
      usage(System.err);
      System.exit(2);
    }
    Map<String, String> options = options(Arrays.copyOfRange(args, 1, args.length));
    PrintStream out = System.out;
    machine(out);
    switch (args[0]) {
      case "latency" -> latency(options, out);
      case "scan" -> scan(options, out);
      case "queue" -> queue(options, out);
      case "startup" -> startup(options, out);
      case "all" -> {
        latency(options, out);
        scan(options, out);
        queue(options, out);
        startup(options, out);
      }
      default -> {
        usage(System.err);
        System.exit(2);
      }
    }
    // The sandbox's and the clients' pools keep threads; nothing is left to wait for.
    System.exit(0);
  }

  private static void latency(Map<String, String> options, PrintStream out) {
    new LatencyBenchmark(number(options, "renewals", 100), number(options, "warmup", 100), out)
        .run(numbers(options, "key-sizes", "2048,3072"));
  }

  private static void scan(Map<String, String> options, PrintStream out) throws Exception {
    new ScanBenchmark(out, options.getOrDefault("heap", "512m"))
        .run(numbers(options, "apps", "10000,100000"));
  }

  private static void queue(Map<String, String> options, PrintStream out) throws Exception {
    Duration poll = Duration.ofMillis(number(options, "poll-ms", 60_000));
    new QueueBenchmark(out, poll).run(number(options, "tasks", 1000),
        number(options, "throttled", 50), number(options, "concurrent", 4));
  }

  private static void startup(Map<String, String> options, PrintStream out) throws Exception {
    new StartupBenchmark(out, number(options, "runs", 10)).run(
        options.getOrDefault("cli-jar", runnableJar("runner-cli")),
        options.getOrDefault("service-jar", runnableJar("runner-service")));
  }

  /** The module's {@code *-all.jar}, as the ./renewal launcher finds it. */
  private static String runnableJar(String module) throws IOException {
    Path target = Path.of(module, "target");
    if (!Files.isDirectory(target)) {
      return target.resolve(module + "-all.jar").toString();
    }
    try (Stream<Path> jars = Files.list(target)) {
      return jars.map(Path::toString).filter(name -> name.endsWith("-all.jar")).sorted()
          .findFirst().orElse(target.resolve(module + "-all.jar").toString());
    }
  }

  private static void machine(PrintStream out) {
    out.printf("Machine: %d cores, %s %s, max heap %s%n%n",
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
        System.getProperty("java.version"), Memory.mib(Runtime.getRuntime().maxMemory()));
  }

  static Map<String, String> options(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (String arg : args) {
      int equals = arg.indexOf('=');
      if (equals < 1) {
        throw new IllegalArgumentException("options are key=value, got " + arg);
      }
      options.put(arg.substring(0, equals), arg.substring(equals + 1));
    }
    return options;
  }

  private static int number(Map<String, String> options, String key, int fallback) {
    return Integer.parseInt(options.getOrDefault(key, Integer.toString(fallback)));
  }

  private static List<Integer> numbers(Map<String, String> options, String key,
      String fallback) {
    String value = options.getOrDefault(key, fallback);
    if (value.equals("none")) {
      return List.of();
    }
    return Arrays.stream(value.split(",")).map(String::strip).map(Integer::valueOf).toList();
  }

  private static void usage(PrintStream err) {
    err.println("usage: java -jar benchmarks.jar latency|scan|queue|startup|all [key=value...]");
    err.println("  latency  renewals=100 warmup=100 key-sizes=2048,3072 (none: secrets only)");
    err.println("  scan     apps=10000,100000 heap=512m");
    err.println("  queue    tasks=1000 throttled=50 concurrent=4 poll-ms=60000");
    err.println("  startup  runs=10 cli-jar=<runner-cli *-all.jar>");
    err.println("           service-jar=<runner-service *-all.jar>");
  }
}
