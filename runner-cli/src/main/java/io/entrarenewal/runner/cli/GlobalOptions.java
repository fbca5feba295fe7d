package io.entrarenewal.runner.cli;

import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options every command accepts ({@code --config}, {@code --json}, {@code --verbose}),
 * before or after the command's name. Each command mixes this in; the values are kept on the
 * top command's instance, so that {@code renewal --json scan} and {@code renewal scan --json}
 * mean the same.
 */
public final class GlobalOptions {

  static final String DEFAULT_CONFIG = "renewal.yaml";

  @Spec(Spec.Target.MIXEE)
  private CommandSpec mixee;

  private Path config;
  private boolean json;
  private boolean verbose;

  @Option(names = "--config", paramLabel = "<file>",
      description = "The configuration file (default: renewal.yaml in the working directory).")
  void setConfig(Path config) {
    if (config != null) {
      top().config = config;
    }
  }

  @Option(names = "--json",
      description = "Print machine-readable JSON on stdout (schema in docs/cli.md).")
  void setJson(boolean json) {
    if (json) {
      top().json = true;
    }
  }

  @Option(names = {"-v", "--verbose"},
      description = "Log what happens (to stderr, never secrets) and show stack traces.")
  void setVerbose(boolean verbose) {
    if (verbose) {
      top().verbose = true;
    }
  }

  /** The configuration file, relative paths as given. */
  Path config() {
    Path given = top().config;
    return given == null ? Path.of(DEFAULT_CONFIG) : given;
  }

  /** Whether output is JSON. */
  boolean json() {
    return top().json;
  }

  /** Whether to log and show stack traces. */
  boolean verbose() {
    return top().verbose;
  }

  private GlobalOptions top() {
    Object root = mixee.root().userObject();
    return root instanceof RenewalCommand command ? command.globals() : this;
  }
}
