package io.entrarenewal.runner.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code renewal plan scan}: a scan that opens no task, showing which it would open. */
@Command(name = "scan", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Scans like 'scan --open-tasks' would, but opens no task: the findings show"
        + " which tasks would be opened.")
final class PlanScanCommand implements Callable<Integer> {

  @Mixin
  private GlobalOptions globals;

  @Mixin
  private ScanOptions options;

  @Spec
  private CommandSpec spec;

  @Override
  public Integer call() {
    return ScanCommand.scan(spec, globals, options, false, "plan scan");
  }
}
