package io.entrarenewal.core.domain;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How renewals are done: the tenants, where credentials live in the vault, lifetimes and texts.
 * The runners build it from configuration; nothing here is a constant of one deployment.
 *
 * @param tenants the tenants, the default one first; apps are looked for in this order
 * @param certificateListId the vault list holding the certificate entries
 * @param secretTitlePattern the title of an app's secret entry; {@code {app}} is its name
 * @param certificateTitlePattern the title of an app's certificate entry
 * @param secretValidity how long a new client secret is valid
 * @param renewBefore how long before expiry a credential is due for renewal
 * @param defaultTemplate the certificate template used when an entry names none
 * @param administrativeCertificatePath whether an app without a valid certificate may get its
 *     new one through the administrator account (otherwise it is handed over)
 * @param credentialNamePrefix starts the display name of every credential this tool adds
 * @param texts the words written into tasks
 */
public record RenewalSettings(
    List<Tenant> tenants,
    String certificateListId,
    String secretTitlePattern,
    String certificateTitlePattern,
    Duration secretValidity,
    Duration renewBefore,
    String defaultTemplate,
    boolean administrativeCertificatePath,
    String credentialNamePrefix,
    TaskTexts texts) {

  /** Validates the settings. */
  public RenewalSettings {
    tenants = List.copyOf(tenants);
    if (tenants.isEmpty()) {
      throw new IllegalArgumentException("at least one tenant must be configured");
    }
    if (tenants.stream().map(Tenant::name).distinct().count() != tenants.size()) {
      throw new IllegalArgumentException("tenant names must be unique");
    }
    Objects.requireNonNull(certificateListId, "'certificateListId' must not be null");
    requirePattern(secretTitlePattern, "secretTitlePattern");
    requirePattern(certificateTitlePattern, "certificateTitlePattern");
    requirePositive(secretValidity, "secretValidity");
    requirePositive(renewBefore, "renewBefore");
    Objects.requireNonNull(defaultTemplate, "'defaultTemplate' must not be null");
    Objects.requireNonNull(credentialNamePrefix, "'credentialNamePrefix' must not be null");
    if (credentialNamePrefix.isBlank() || credentialNamePrefix.length() > 40) {
      throw new IllegalArgumentException("'credentialNamePrefix' must be 1 to 40 characters");
    }
    Objects.requireNonNull(texts, "'texts' must not be null");
  }

  /** The tenant with this name. */
  public Optional<Tenant> tenant(String name) {
    return tenants.stream().filter(t -> t.name().equalsIgnoreCase(name)).findFirst();
  }

  /** The title of the secret entry for an app with this display name. */
  public String secretTitle(String appDisplayName) {
    return Texts.fill(secretTitlePattern, Map.of("app", appDisplayName));
  }

  /** The title of the certificate entry for an app with this display name. */
  public String certificateTitle(String appDisplayName) {
    return Texts.fill(certificateTitlePattern, Map.of("app", appDisplayName));
  }

  /**
   * The display name of a credential this tool adds for a request. Entra keeps at most 90
   * characters; the request id is what a re-run recognises.
   */
  public String credentialName(String requestId) {
    return credentialNamePrefix + " " + requestId;
  }

  /**
   * A builder with the original deployment's conventions as defaults: secret entries titled
   * with the app's name, certificate entries titled {@code Certificaat <app>}, 365-day secrets,
   * renewal 30 days before expiry, the {@code _D09-CA2-SHA256-EntraID} template, no
   * administrative certificate path, credentials named {@code renewal <request id>}, and
   * {@link TaskTexts#withTeam(String)}'s texts.
   *
   * @param tenants the tenants, the default one first
   * @param certificateListId the vault list holding the certificate entries
   * @param handOverTeam the ITSM team that takes over what this tool cannot finish
   */
  public static Builder builder(List<Tenant> tenants, String certificateListId,
      String handOverTeam) {
    return new Builder(tenants, certificateListId, TaskTexts.withTeam(handOverTeam));
  }

  /** Builds {@link RenewalSettings}; unset fields keep the defaults named by the factory. */
  public static final class Builder {
    private final List<Tenant> tenants;
    private final String certificateListId;
    private TaskTexts texts;
    private String secretTitlePattern = "{app}";
    private String certificateTitlePattern = "Certificaat {app}";
    private Duration secretValidity = Duration.ofDays(365);
    private Duration renewBefore = Duration.ofDays(30);
    private String defaultTemplate = "_D09-CA2-SHA256-EntraID";
    private boolean administrativeCertificatePath;
    private String credentialNamePrefix = "renewal";

    private Builder(List<Tenant> tenants, String certificateListId, TaskTexts texts) {
      this.tenants = tenants;
      this.certificateListId = certificateListId;
      this.texts = texts;
    }

    /** The title pattern of secret entries; must contain {@code {app}}. */
    public Builder secretTitlePattern(String value) {
      this.secretTitlePattern = value;
      return this;
    }

    /** The title pattern of certificate entries; must contain {@code {app}}. */
    public Builder certificateTitlePattern(String value) {
      this.certificateTitlePattern = value;
      return this;
    }

    /** How long a new client secret is valid. */
    public Builder secretValidity(Duration value) {
      this.secretValidity = value;
      return this;
    }

    /** How long before expiry a credential is due. */
    public Builder renewBefore(Duration value) {
      this.renewBefore = value;
      return this;
    }

    /** The certificate template used when an entry names none. */
    public Builder defaultTemplate(String value) {
      this.defaultTemplate = value;
      return this;
    }

    /** Whether an app without a valid certificate may get one through the administrator. */
    public Builder administrativeCertificatePath(boolean value) {
      this.administrativeCertificatePath = value;
      return this;
    }

    /** The start of every added credential's display name (1 to 40 characters). */
    public Builder credentialNamePrefix(String value) {
      this.credentialNamePrefix = value;
      return this;
    }

    /** The words written into tasks. */
    public Builder texts(TaskTexts value) {
      this.texts = value;
      return this;
    }

    /**
     * The settings.
     *
     * @throws IllegalArgumentException naming the first field that is not valid
     */
    public RenewalSettings build() {
      return new RenewalSettings(tenants, certificateListId, secretTitlePattern,
          certificateTitlePattern, secretValidity, renewBefore, defaultTemplate,
          administrativeCertificatePath, credentialNamePrefix, texts);
    }
  }

  private static void requirePattern(String pattern, String name) {
    Objects.requireNonNull(pattern, "'" + name + "' must not be null");
    if (!pattern.contains("{app}")) {
      throw new IllegalArgumentException("'" + name + "' must contain {app}");
    }
  }

  private static void requirePositive(Duration duration, String name) {
    Objects.requireNonNull(duration, "'" + name + "' must not be null");
    if (duration.isZero() || duration.isNegative()) {
      throw new IllegalArgumentException("'" + name + "' must be positive");
    }
  }
}
