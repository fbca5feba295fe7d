package io.entrarenewal.core.domain;

import java.util.Locale;
import java.util.Set;

/** The two kinds of app-registration credential this tool renews. */
public enum CredentialType {
  /** A client secret (a password credential in Graph). */
  SECRET("Secret", Set.of("secret")),
  /** An X.509 certificate (a key credential in Graph). */
  CERTIFICATE("Certificate", Set.of("certificate", "certificaat", "cert"));

  private final String displayName;
  private final Set<String> spellings;

  CredentialType(String displayName, Set<String> spellings) {
    this.displayName = displayName;
    this.spellings = spellings;
  }

  /** The English name used in notes and output, "Secret" or "Certificate". */
  public String displayName() {
    return displayName;
  }

  /**
   * Parses the task's {@code SecretType}: {@code Secret}, {@code Certificaat}, {@code Cert} or
   * {@code Certificate}, in any letter case, surrounding white space ignored.
   *
   * @throws InvalidRequestException for anything else, naming the accepted spellings
   */
  public static CredentialType parse(String text) {
    if (text == null || text.isBlank()) {
      throw new InvalidRequestException("'SecretType' is missing or blank");
    }
    String normalised = text.strip().toLowerCase(Locale.ROOT);
    for (CredentialType type : values()) {
      if (type.spellings.contains(normalised)) {
        return type;
      }
    }
    throw new InvalidRequestException(
        "'SecretType' must be Secret, Certificaat, Cert or Certificate, got "
            + Texts.quoteForHumans(text));
  }
}
