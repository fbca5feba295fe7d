package io.entrarenewal.benchmarks;

import io.entrarenewal.core.domain.ScanQuery;
import io.entrarenewal.core.domain.ScanReport;
import io.entrarenewal.core.port.out.Vault;
import io.entrarenewal.core.service.Renewals;
import io.entrarenewal.runner.cli.AdapterPorts;
import io.entrarenewal.runner.cli.config.ConfigLoader;
import io.entrarenewal.runner.cli.config.ReferenceSecrets;
import io.entrarenewal.runner.cli.config.RunnerConfig;
import io.entrarenewal.runner.cli.config.SecretResolver;
import io.entrarenewal.sandbox.SandboxOptions;
import io.entrarenewal.sandbox.SandboxState;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Benchmark 3: a report-only scan of N apps over the two tenants of the large world. The
 * sandbox runs in this process; the scan runs in a child JVM with the given maximum heap, so
 * that its peak heap and resident memory are the tool's alone.
 */
final class ScanBenchmark {

  /** The first argument that makes {@link Benchmarks} run the scanning child. */
  static final String CHILD = "scan-child";
  /** Graph's largest page of applications. */
  static final int PAGE = 999;
  private static final Duration WINDOW = Duration.ofDays(30);

  private final PrintStream out;
  private final String heap;

  ScanBenchmark(PrintStream out, String heap) {
    this.out = out;
    this.heap = heap;
  }

  void run(List<Integer> sizes) throws Exception {
    out.println("== Scan (report only, 30-day window), child JVM with -Xmx" + heap + " ==");
    for (int apps : sizes) {
      try (Rig rig = Rig.start(SandboxOptions.defaults().withLargeWorld(apps), 2048)) {
        rig.sandbox().state().resetRequestCounts();
        long began = System.nanoTime();
        String line = runChild(rig.configFile());
        double processMillis = (System.nanoTime() - began) / 1e6;
        long minimumPages = 0;
        for (SandboxState.TenantView tenant : rig.sandbox().state().tenants()) {
          // Each tenant's automation app is listed too.
          long listed = rig.sandbox().state().apps(tenant.name()).size();
          minimumPages += (listed + PAGE - 1) / PAGE;
        }
        Map<String, Long> counts = rig.sandbox().state().requestCounts();
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        out.printf(Locale.ROOT, "%,d apps: %s; child process %.0f ms%n", apps, line,
            processMillis);
        out.printf(Locale.ROOT, "  requests %d against a minimum of %d pages (+ one token per"
            + " tenant): %s%n", total, minimumPages, counts);
      }
    }
    out.println();
  }

  private String runChild(Path configFile) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-Xmx" + heap, "-cp",
        System.getProperty("java.class.path"), Benchmarks.class.getName(), CHILD,
        configFile.toString()));
    Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
    String result = null;
    try (BufferedReader lines = new BufferedReader(
        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.startsWith("scan: ")) {
          result = line.substring("scan: ".length());
        } else {
          out.println("  child: " + line);
        }
      }
    }
    int exit = child.waitFor();
    if (exit != 0 || result == null) {
      throw new IllegalStateException("the scanning child failed with exit code " + exit);
    }
    return result;
  }

  /** In the child: loads the configuration, scans every tenant, prints one line. */
  static void child(String[] args) {
    RunnerConfig config = new ConfigLoader(Map.of()).load(Path.of(args[0]));
    AdapterPorts ports = new AdapterPorts();
    Vault vault = ports.vault(config.passwordstate(), ReferenceSecrets.bootstrap(Map.of()));
    SecretResolver secrets = ReferenceSecrets.withVault(Map.of(), () -> vault);
    Renewals renewals = Renewals.builder()
        .settings(config.settings())
        .vault(vault)
        .directory(ports.directory(config.graph(), config.tenants(), secrets))
        .build();
    long began = System.nanoTime();
    ScanReport report = renewals.scan().scan(new ScanQuery(WINDOW, null, false),
        (tenant, apps) -> { });
    double millis = (System.nanoTime() - began) / 1e6;
    long pid = ProcessHandle.current().pid();
    System.out.printf(Locale.ROOT, "scan: wall %.0f ms, %d apps read, %d credentials, %d"
        + " findings, peak heap <= %s, peak RSS %s%n", millis, report.appsSeen(),
        report.credentialsSeen(), report.findings().size(), Memory.mib(Memory.peakHeapBytes()),
        Memory.peakResidentKib(pid).stream().mapToObj(k -> Memory.mib(k * 1024))
            .findFirst().orElse("unknown"));
    System.out.flush();
    System.exit(0);
  }
}
