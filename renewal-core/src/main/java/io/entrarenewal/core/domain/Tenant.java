package io.entrarenewal.core.domain;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A configured Entra ID tenant: where its apps live and where their secrets are kept.
 *
 * @param name a short name used in configuration, tasks and output (for example "production")
 * @param directoryId the Entra tenant id (a GUID)
 * @param secretListId the vault list that holds the client secrets of this tenant's apps
 * @param sharedCertificateSuffix a display-name suffix (such as "_OND") that marks apps whose
 *     certificate may be shared with the app of the same name without it; null when unused
 */
public record Tenant(
    String name, String directoryId, String secretListId, String sharedCertificateSuffix) {

  private static final Pattern GUID =
      Pattern.compile("[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

  /** Validates the fields. */
  public Tenant {
    Objects.requireNonNull(name, "'name' must not be null");
    Objects.requireNonNull(directoryId, "'directoryId' must not be null");
    Objects.requireNonNull(secretListId, "'secretListId' must not be null");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "'name' must be letters, digits, '.', '_' or '-', got " + Texts.quoteForHumans(name));
    }
    if (!GUID.matcher(directoryId).matches()) {
      throw new IllegalArgumentException(
          "'directoryId' of tenant " + name + " must be a GUID, got "
              + Texts.quoteForHumans(directoryId));
    }
    if (secretListId.isBlank()) {
      throw new IllegalArgumentException("'secretListId' of tenant " + name + " must not be blank");
    }
    if (sharedCertificateSuffix != null && sharedCertificateSuffix.isBlank()) {
      sharedCertificateSuffix = null;
    }
  }

  /** The suffix marking possibly shared certificates, when this tenant uses one. */
  public Optional<String> sharedCertificateSuffixIfAny() {
    return Optional.ofNullable(sharedCertificateSuffix);
  }
}
