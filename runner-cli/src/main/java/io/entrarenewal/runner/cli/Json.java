package io.entrarenewal.runner.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.io.IOException;

/**
 * The JSON documents of {@code --json}. Every document starts with {@code schemaVersion},
 * {@code command} and {@code exitCode}; docs/cli.md describes the rest per command.
 */
final class Json {

  /** Raised when the schema changes incompatibly. */
  static final int SCHEMA_VERSION = 1;

  private Json() {}

  /** A new document for a command. */
  static ObjectNode document(String command, int exitCode) {
    ObjectNode document = Mapper.INSTANCE.createObjectNode();
    document.put("schemaVersion", SCHEMA_VERSION);
    document.put("command", command);
    document.put("exitCode", exitCode);
    return document;
  }

  /** A free-standing object, for the parts of a document. */
  static ObjectNode object() {
    return Mapper.INSTANCE.createObjectNode();
  }

  /** The document as indented text. */
  static String write(ObjectNode document) {
    try {
      return Mapper.INSTANCE.writeValueAsString(document);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(new IOException("cannot write JSON output", e));
    }
  }

  /** Loads Jackson only when JSON is asked for, which keeps start-up fast otherwise. */
  private static final class Mapper {
    static final ObjectMapper INSTANCE =
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  }
}
