package io.entrarenewal.core.domain;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The application (client) id of an app registration: a GUID, kept in lower case.
 *
 * @param value the GUID in its canonical 8-4-4-4-12 form
 */
public record ClientId(String value) {

  private static final Pattern GUID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  /** Validates and normalises the value to lower case. */
  public ClientId {
    Objects.requireNonNull(value, "'appId' must not be null");
    value = value.toLowerCase(java.util.Locale.ROOT);
    if (!GUID.matcher(value).matches()) {
      throw new InvalidRequestException(
          "'appId' must be a GUID such as 12345678-1234-1234-1234-123456789abc, got "
              + Texts.quoteForHumans(value));
    }
  }

  /** Parses a client id from user or task input, trimming surrounding white space. */
  public static ClientId parse(String text) {
    if (text == null || text.isBlank()) {
      throw new InvalidRequestException("'appId' is missing or blank");
    }
    return new ClientId(text.strip());
  }

  @Override
  public String toString() {
    return value;
  }
}
