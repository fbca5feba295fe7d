package io.entrarenewal.adapter.passwordstate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The Passwordstate reply samples kept under {@code src/test/resources/samples}. */
final class Samples {

  private Samples() {}

  static String text(String name) {
    return new String(bytes(name), StandardCharsets.UTF_8);
  }

  static byte[] bytes(String name) {
    try (InputStream in = Samples.class.getResourceAsStream("/samples/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no sample " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A sample whose empty {@code field} is set to {@code value}, JSON-escaped. */
  static String recordWithField(String sample, String field, String value) {
    String escaped = value.replace("\\", "\\\\").replace("\"", "\\\"");
    return text(sample)
        .replace("\"" + field + "\": \"\"", "\"" + field + "\": \"" + escaped + "\"");
  }
}
