package io.entrarenewal.runner.cli.config;

import io.entrarenewal.core.domain.RenewalException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** The configuration file cannot be used; every problem found is listed, so all can be fixed. */
public class ConfigurationException extends RenewalException {

  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final transient List<Problem> problems;

  /** Problems found in {@code file}. */
  public ConfigurationException(Path file, List<Problem> problems) {
    super(summary(file, problems));
    this.file = file;
    this.problems = List.copyOf(problems);
  }

  /** The configuration file. */
  public Path file() {
    return file;
  }

  /** Every problem found, in the order of the file. */
  public List<Problem> problems() {
    return problems;
  }

  private static String summary(Path file, List<Problem> problems) {
    String count = problems.size() == 1 ? "1 problem" : problems.size() + " problems";
    return "configuration " + file + " has " + count + ":" + System.lineSeparator()
        + problems.stream()
            .map(p -> "  " + p.describe())
            .collect(Collectors.joining(System.lineSeparator()));
  }
}
