package io.entrarenewal.adapter.ivanti;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The answers of a directly opened task, written into its details as {@code Name: value} lines
 * and read back from them.
 */
final class TaskDetails {

  private TaskDetails() {}

  /** One {@code Name: value} line per answer, in the given order. */
  static String render(LinkedHashMap<String, String> answers) {
    StringBuilder details = new StringBuilder();
    answers.forEach((name, value) -> details.append(name).append(": ")
        .append(value.replace('\n', ' ').replace('\r', ' ')).append('\n'));
    return details.toString();
  }

  /** The {@code Name: value} lines of the details, by name in any letter case; first wins. */
  static Map<String, String> parse(String details) {
    if (details == null || details.isBlank()) {
      return Map.of();
    }
    Map<String, String> answers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    // Rich-text fields may hold HTML line breaks instead of new lines.
    String text = details.replaceAll("(?i)<br\\s*/?>", "\n");
    for (String line : text.split("\\R")) {
      int colon = line.indexOf(':');
      if (colon <= 0) {
        continue;
      }
      String name = line.substring(0, colon).strip();
      String value = line.substring(colon + 1).strip();
      if (!name.isEmpty() && !value.isEmpty()) {
        answers.putIfAbsent(name, value);
      }
    }
    return Collections.unmodifiableMap(answers);
  }
}
