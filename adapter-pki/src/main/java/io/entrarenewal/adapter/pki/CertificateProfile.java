package io.entrarenewal.adapter.pki;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What our certificates look like and what we accept back from a CA: the key size and subject of
 * each request, and the checks every issued certificate must pass.
 *
 * @param keySize RSA key size in bits, at least 2048 (Entra refuses smaller keys)
 * @param subjectPattern the subject distinguished name; {@code {app}} is replaced by the app's
 *     display name, escaped as an RDN value
 * @param trustAnchors the CA certificates an issued certificate must chain to
 * @param maxLifetime the longest lifetime (notAfter minus notBefore) accepted
 * @param maxClockSkew how far in the future a notBefore may lie (clock differences with the CA)
 */
public record CertificateProfile(
    int keySize,
    String subjectPattern,
    List<X509Certificate> trustAnchors,
    Duration maxLifetime,
    Duration maxClockSkew) {

  /** The default key size: stronger than Entra's minimum, still quick to generate. */
  public static final int DEFAULT_KEY_SIZE = 3072;

  /** The default subject pattern. */
  public static final String DEFAULT_SUBJECT_PATTERN = "CN={app}";

  /** The smallest RSA key Entra accepts (AADSTS700027). */
  static final int MINIMUM_KEY_SIZE = 2048;

  /** Validates the fields and copies the anchors. */
  public CertificateProfile {
    if (keySize < MINIMUM_KEY_SIZE) {
      throw new IllegalArgumentException("'keySize' must be at least " + MINIMUM_KEY_SIZE);
    }
    Objects.requireNonNull(subjectPattern, "'subjectPattern' must not be null");
    requireValidPattern(subjectPattern);
    Objects.requireNonNull(trustAnchors, "'trustAnchors' must not be null");
    trustAnchors = List.copyOf(trustAnchors);
    Objects.requireNonNull(maxLifetime, "'maxLifetime' must not be null");
    Objects.requireNonNull(maxClockSkew, "'maxClockSkew' must not be null");
    if (maxLifetime.isNegative() || maxLifetime.isZero()) {
      throw new IllegalArgumentException("'maxLifetime' must be positive");
    }
    if (maxClockSkew.isNegative()) {
      throw new IllegalArgumentException("'maxClockSkew' must not be negative");
    }
  }

  /** Fails at configuration time, not at the first renewal, on a pattern that is no DN. */
  private static void requireValidPattern(String pattern) {
    try {
      CertificateRequests.parseName(pattern.replace("{app}", "probe"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "'subjectPattern' is not a distinguished name: " + pattern, e);
    }
  }

  /** The default profile for certificates that must chain to {@code trustAnchors}. */
  public static CertificateProfile trusting(List<X509Certificate> trustAnchors) {
    return builder().trustAnchors(trustAnchors).build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** This profile with other trust anchors. */
  CertificateProfile withTrustAnchors(List<X509Certificate> anchors) {
    return new CertificateProfile(keySize, subjectPattern, anchors, maxLifetime, maxClockSkew);
  }

  /** Builds a {@link CertificateProfile}; unset fields keep their defaults. */
  public static final class Builder {
    private int keySize = DEFAULT_KEY_SIZE;
    private String subjectPattern = DEFAULT_SUBJECT_PATTERN;
    private List<X509Certificate> trustAnchors = List.of();
    // Entra sets no maximum of its own; three years leaves room for any sane CA template.
    private Duration maxLifetime = Duration.ofDays(3 * 366);
    private Duration maxClockSkew = Duration.ofMinutes(10);

    private Builder() {}

    /** RSA key size in bits (default 3072). */
    public Builder keySize(int bits) {
      this.keySize = bits;
      return this;
    }

    /** Subject pattern (default {@code CN={app}}). */
    public Builder subjectPattern(String pattern) {
      this.subjectPattern = pattern;
      return this;
    }

    /** The CA certificates an issued certificate must chain to. */
    public Builder trustAnchors(List<X509Certificate> anchors) {
      this.trustAnchors = anchors;
      return this;
    }

    /** The longest accepted certificate lifetime (default three years). */
    public Builder maxLifetime(Duration lifetime) {
      this.maxLifetime = lifetime;
      return this;
    }

    /** How far in the future notBefore may lie (default ten minutes). */
    public Builder maxClockSkew(Duration skew) {
      this.maxClockSkew = skew;
      return this;
    }

    /** The profile. */
    public CertificateProfile build() {
      return new CertificateProfile(
          keySize, subjectPattern, trustAnchors, maxLifetime, maxClockSkew);
    }
  }
}
