package io.entrarenewal.core.domain;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A secret value: a client secret, a password or an API key. Its {@link #toString()} never shows
 * the value, so a secret that slips into a log line or an exception message stays hidden.
 *
 * <p>Instances are immutable and thread-safe. The value is kept as a {@code char[]} copy.
 */
public final class Secret {

  private static final String MASK = "****";

  private final char[] value;

  private Secret(char[] value) {
    this.value = value.clone();
  }

  /**
   * Wraps a secret value.
   *
   * @throws IllegalArgumentException if the value is empty
   */
  public static Secret of(String value) {
    Objects.requireNonNull(value, "'value' must not be null");
    return of(value.toCharArray());
  }

  /**
   * Wraps a secret value given as characters; the array is copied.
   *
   * @throws IllegalArgumentException if the value is empty
   */
  public static Secret of(char[] value) {
    Objects.requireNonNull(value, "'value' must not be null");
    if (value.length == 0) {
      throw new IllegalArgumentException("a secret must not be empty");
    }
    return new Secret(value);
  }

  /** The value as a string, for the one place that must send it (an HTTP body, a key store). */
  public String reveal() {
    return new String(value);
  }

  /** A copy of the value as characters. */
  public char[] revealChars() {
    return value.clone();
  }

  /** The number of characters, which is not secret and helps checks such as minimum lengths. */
  public int length() {
    return value.length;
  }

  /** Compares in constant time, so that timing does not tell how much of a guess was right. */
  public boolean matches(Secret other) {
    return other != null
        && MessageDigest.isEqual(
            new String(value).getBytes(StandardCharsets.UTF_8),
            new String(other.value).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Secret secret && Arrays.equals(value, secret.value);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return MASK;
  }
}
