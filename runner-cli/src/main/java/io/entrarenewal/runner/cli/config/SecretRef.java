package io.entrarenewal.runner.cli.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a secret of the configuration is kept. The configuration never holds a secret value
 * itself: it names an environment variable, a file, or a Passwordstate entry.
 */
public sealed interface SecretRef {

  /** Names the place for messages, never the value. */
  String describe();

  /**
   * An environment variable.
   *
   * @param name the variable's name
   */
  record Env(String name) implements SecretRef {
    /** Validates the name. */
    public Env {
      Objects.requireNonNull(name, "'name' must not be null");
    }

    @Override
    public String describe() {
      return "environment variable " + name;
    }
  }

  /**
   * A file whose content (without a trailing line break) is the secret.
   *
   * @param path the file, resolved against the configuration file's directory
   */
  record File(Path path) implements SecretRef {
    /** Validates the path. */
    public File {
      Objects.requireNonNull(path, "'path' must not be null");
    }

    @Override
    public String describe() {
      return "file " + path;
    }
  }

  /**
   * The password of a Passwordstate entry, read through the vault at run time.
   *
   * @param listId the password list
   * @param title the entry's exact title
   */
  record Passwordstate(String listId, String title) implements SecretRef {
    /** Validates the fields. */
    public Passwordstate {
      Objects.requireNonNull(listId, "'listId' must not be null");
      Objects.requireNonNull(title, "'title' must not be null");
    }

    @Override
    public String describe() {
      return "Passwordstate entry '" + title + "' in list " + listId;
    }
  }
}
