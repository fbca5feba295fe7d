package io.entrarenewal.runner.cli.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How new certificates are obtained.
 *
 * @param protocol how to talk to the CA
 * @param connection the CA's enrollment endpoint; null for the embedded CA
 * @param defaultTemplate the certificate template when an entry names none
 * @param account the account that may enroll; null for the embedded CA
 * @param keySize the RSA key size in bits, 2048 at least
 * @param subject the certificate subject; {@code {app}} is the app's display name
 * @param pfxProfile how PFX files are encrypted
 * @param caCertificates a file of the CA certificates issued certificates must chain to; null
 *     for the embedded CA
 * @param accountUser the enrolling account's user name when the reference is not a
 *     Passwordstate entry (whose user name is used); null otherwise
 * @param pendingWait how long to wait for a request the CA holds for approval
 * @param embeddedCa the embedded CA's key store, created when missing; null unless embedded
 * @param embeddedCaPassword that key store's password; null unless embedded
 */
public record PkiConfig(
    Protocol protocol,
    Connection connection,
    String defaultTemplate,
    SecretRef account,
    int keySize,
    String subject,
    PfxProfile pfxProfile,
    Path caCertificates,
    String accountUser,
    Duration pendingWait,
    Path embeddedCa,
    SecretRef embeddedCaPassword) {

  /** Enrollment protocols. */
  public enum Protocol {
    /** AD CS web enrollment (certsrv). */
    ADCS,
    /** Enrollment over Secure Transport (RFC 7030). */
    EST,
    /** A CA inside this process, for trials and the sandbox. */
    EMBEDDED
  }

  /** PFX encryption profiles. */
  public enum PfxProfile {
    /** AES-256-CBC with PBKDF2 and an HMAC-SHA-256 MAC; Windows Server 2019 and later. */
    MODERN,
    /** 3DES with SHA-1, for consumers on older Windows that cannot open the modern profile. */
    LEGACY
  }

  /** Validates the fields. */
  public PkiConfig {
    Objects.requireNonNull(protocol, "'protocol' must not be null");
    Objects.requireNonNull(defaultTemplate, "'defaultTemplate' must not be null");
    Objects.requireNonNull(subject, "'subject' must not be null");
    Objects.requireNonNull(pfxProfile, "'pfxProfile' must not be null");
    Objects.requireNonNull(pendingWait, "'pendingWait' must not be null");
    if (keySize < 2048) {
      throw new IllegalArgumentException("'keySize' must be 2048 or more");
    }
  }

  /** The CA's endpoint, unless the CA is embedded. */
  public Optional<Connection> connectionIfAny() {
    return Optional.ofNullable(connection);
  }

  /** The enrolling account, unless the CA is embedded. */
  public Optional<SecretRef> accountIfAny() {
    return Optional.ofNullable(account);
  }
}
