package io.entrarenewal.runner.cli.config;

import java.util.Objects;

/**
 * One thing wrong with the configuration file.
 *
 * @param path the key path, such as {@code tenants[1].tenant-id}
 * @param line the line in the file, counted from 1
 * @param message what is wrong, quoting the offending value safely
 */
public record Problem(String path, int line, String message) {

  /** Validates the fields. */
  public Problem {
    Objects.requireNonNull(path, "'path' must not be null");
    Objects.requireNonNull(message, "'message' must not be null");
  }

  /** The problem as one line: {@code line 12: tenants[1].tenant-id: must be a GUID}. */
  public String describe() {
    return (line > 0 ? "line " + line + ": " : "") + (path.isEmpty() ? "" : path + ": ") + message;
  }
}
