package io.entrarenewal.core.domain;

import java.util.Map;

/** Small text helpers shared by messages for humans. */
public final class Texts {

  private static final int MAX_QUOTED = 80;

  private Texts() {}

  /**
   * Quotes untrusted input for an error message: control characters are escaped and long input
   * is cut, so that hostile task parameters cannot forge log lines or flood a note.
   */
  public static String quoteForHumans(String input) {
    if (input == null) {
      return "nothing";
    }
    StringBuilder quoted = new StringBuilder("'");
    input.codePoints()
        .limit(MAX_QUOTED)
        .forEach(
            c -> {
              if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
                quoted.append(String.format("\\u%04x", c));
              } else {
                quoted.appendCodePoint(c);
              }
            });
    quoted.append('\'');
    if (input.codePointCount(0, input.length()) > MAX_QUOTED) {
      quoted.append(" (cut, ").append(input.length()).append(" characters in all)");
    }
    return quoted.toString();
  }

  /** Fills {@code {name}} placeholders of a configured template. Unknown names stay as they are. */
  public static String fill(String template, Map<String, String> values) {
    String result = template;
    for (Map.Entry<String, String> entry : values.entrySet()) {
      result = result.replace("{" + entry.getKey() + "}", entry.getValue());
    }
    return result;
  }
}
