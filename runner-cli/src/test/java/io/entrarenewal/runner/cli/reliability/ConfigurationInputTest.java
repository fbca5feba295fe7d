package io.entrarenewal.runner.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.entrarenewal.runner.cli.config.ConfigLoader;
import io.entrarenewal.runner.cli.config.ConfigurationException;
import io.entrarenewal.runner.cli.config.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every scalar key of the documented example configuration, broken three ways: left out, given
 * a value of the wrong type, and joined by a misspelt sibling. The loader either applies the
 * documented default (a key left out that has one) or names the key and its line; it never
 * fails with anything but a configuration error.
 */
class ConfigurationInputTest {

  private static final Path EXAMPLE = Path.of("../docs/examples/renewal.yaml");
  private static final Map<String, String> ENVIRONMENT = Map.of(
      "PASSWORDSTATE_API_KEY", "ps-api-key-7Hq2", "IVANTI_API_KEY", "ivanti-key-9Wz4");
  /** A line holding one key with a plain value: indent, list dash, key, value. */
  private static final Pattern SCALAR =
      Pattern.compile("^(\\s*)(- )?([a-z][a-z0-9-]*): ([^{\\[#].*)$");

  @TempDir
  Path directory;

  /** The example names the issuing CA's certificate file; loading only checks it exists. */
  private void createFilesTheExampleNames() throws IOException {
    Files.writeString(directory.resolve("issuing-ca.pem"), "");
  }

  /** A way to break a key. */
  enum Breakage { LEFT_OUT, WRONG_TYPE, MISSPELT_SIBLING }

  static Stream<Arguments> cases() throws IOException {
    List<String> lines = Files.readAllLines(EXAMPLE);
    List<Arguments> cases = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = SCALAR.matcher(lines.get(i));
      if (m.matches()) {
        for (Breakage breakage : Breakage.values()) {
          cases.add(Arguments.of(i + 1, m.group(3), breakage));
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "line {0} {1}: {2}")
  @MethodSource("cases")
  void givenBrokenKey_load_appliesItsDefaultOrNamesTheKeyAndLine(
      int line, String key, Breakage breakage) throws IOException {
    List<String> lines = new ArrayList<>(Files.readAllLines(EXAMPLE));
    Matcher m = SCALAR.matcher(lines.get(line - 1));
    assertThat(m.matches()).isTrue();
    String indent = m.group(1) + (m.group(2) == null ? "" : "  ");
    switch (breakage) {
      case LEFT_OUT -> lines.set(line - 1, m.group(2) == null ? "" : m.group(1) + "- x-y: 1");
      case WRONG_TYPE -> lines.set(line - 1, m.group(1) + (m.group(2) == null ? "" : "- ")
          + key + ": [1, 2]");
      case MISSPELT_SIBLING -> lines.add(line, indent + key + "x: 1");
      default -> throw new IllegalArgumentException(breakage.name());
    }
    createFilesTheExampleNames();
    Path file = Files.write(directory.resolve("renewal.yaml"), lines);

    Throwable thrown = catchThrowable(() -> new ConfigLoader(ENVIRONMENT).load(file));

    if (thrown == null) {
      assertThat(breakage).as("only a key left out may load, with its default")
          .isEqualTo(Breakage.LEFT_OUT);
      return;
    }
    assertThat(thrown).isInstanceOf(ConfigurationException.class);
    List<Problem> problems = ((ConfigurationException) thrown).problems();
    String named = breakage == Breakage.MISSPELT_SIBLING ? key + "x" : key;
    assertThat(problems).as("problems of %s", file)
        .anySatisfy(p -> assertThat(p.path() + " " + p.message()).contains(named))
        .allSatisfy(p -> assertThat(p.line()).isPositive());
  }
}
