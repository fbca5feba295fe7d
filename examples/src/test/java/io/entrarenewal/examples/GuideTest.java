package io.entrarenewal.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.entrarenewal.core.domain.RenewalSettings;
import io.entrarenewal.core.domain.Tenant;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Keeps docs/embedding.md true: each of its Java blocks stands in an example's source. */
class GuideTest {

  private static final Path GUIDE = Path.of("..", "docs", "embedding.md");
  private static final Path SOURCES = Path.of("src", "main", "java");
  private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

  @Test
  void everyJavaBlockOfTheGuide_isCodeOfAnExample() throws IOException {
    List<String> blocks = javaBlocks(Files.readString(GUIDE));
    List<String> sources = exampleSources();

    assertThat(blocks).hasSizeGreaterThanOrEqualTo(5);
    for (String block : blocks) {
      assertThat(sources).as("an example holding this block of the guide:%n%s", block)
          .anyMatch(source -> source.contains(block));
    }
  }

  @Test
  void customSettings_changeOnlyWhatTheyName() {
    List<Tenant> tenants = List.of(
        new Tenant("production", "11111111-1111-1111-1111-111111111111", "7651", null));

    RenewalSettings settings = CustomSettings.shortLived(tenants);

    assertThat(settings.secretValidity()).isEqualTo(Duration.ofDays(180));
    assertThat(settings.renewBefore()).isEqualTo(Duration.ofDays(45));
    assertThat(settings.secretTitle("HR-Portal")).isEqualTo("HR-Portal");
  }

  private static List<String> javaBlocks(String markdown) {
    List<String> blocks = new ArrayList<>();
    Matcher matcher = JAVA_BLOCK.matcher(markdown);
    while (matcher.find()) {
      blocks.add(normalised(matcher.group(1)));
    }
    return blocks;
  }

  private static List<String> exampleSources() throws IOException {
    try (Stream<Path> files = Files.walk(SOURCES)) {
      return files.filter(file -> file.toString().endsWith(".java"))
          .map(GuideTest::read)
          .map(GuideTest::normalised)
          .toList();
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Lines without their indentation, blank lines dropped: the guide may indent differently. */
  private static String normalised(String code) {
    return code.lines().map(String::strip).filter(line -> !line.isEmpty())
        .collect(Collectors.joining("\n"));
  }
}
