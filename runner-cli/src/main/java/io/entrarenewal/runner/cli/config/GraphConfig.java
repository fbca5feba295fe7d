package io.entrarenewal.runner.cli.config;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How to use Entra ID and Microsoft Graph, for every tenant that does not say otherwise.
 *
 * @param authorityHost the login host, {@code https://login.microsoftonline.com} in the global
 *     cloud
 * @param graphUrl the Graph base URL, {@code https://graph.microsoft.com}
 * @param propagationWindow how long to keep trying a new credential before calling it unverified
 * @param proofThumbprint which thumbprint header the proof-of-possession token carries
 * @param connectTimeout how long to wait for a connection
 * @param requestTimeout how long to wait for a whole response
 * @param trustStore the CAs to trust; null for the JDK's default CAs
 */
public record GraphConfig(
    URI authorityHost,
    URI graphUrl,
    Duration propagationWindow,
    ProofThumbprint proofThumbprint,
    Duration connectTimeout,
    Duration requestTimeout,
    TrustStore trustStore) {

  /**
   * The thumbprint header of the proof-of-possession JWT. Microsoft does not document it; the
   * official sample sends the SHA-1 form, MSAL sends both in its client assertions.
   */
  public enum ProofThumbprint {
    /** {@code x5t}: base64url of the certificate's SHA-1 digest, signed RS256. */
    X5T,
    /** {@code x5t#S256}: base64url of its SHA-256 digest, signed PS256. */
    X5T_S256,
    /** Both, signed RS256: what MSAL sends. */
    BOTH
  }

  /** Validates the fields. */
  public GraphConfig {
    Objects.requireNonNull(authorityHost, "'authorityHost' must not be null");
    Objects.requireNonNull(graphUrl, "'graphUrl' must not be null");
    Objects.requireNonNull(propagationWindow, "'propagationWindow' must not be null");
    Objects.requireNonNull(proofThumbprint, "'proofThumbprint' must not be null");
    Objects.requireNonNull(connectTimeout, "'connectTimeout' must not be null");
    Objects.requireNonNull(requestTimeout, "'requestTimeout' must not be null");
  }

  /** The trust store, when one is configured. */
  public Optional<TrustStore> trustStoreIfAny() {
    return Optional.ofNullable(trustStore);
  }
}
