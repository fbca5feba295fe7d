package io.entrarenewal.runner.cli.config;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach one system over HTTPS.
 *
 * @param url the base URL
 * @param connectTimeout how long to wait for a connection
 * @param requestTimeout how long to wait for a whole response
 * @param trustStore the CAs to trust for this system; null for the JDK's default CAs
 */
public record Connection(
    URI url, Duration connectTimeout, Duration requestTimeout, TrustStore trustStore) {

  /** Validates the fields. */
  public Connection {
    Objects.requireNonNull(url, "'url' must not be null");
    Objects.requireNonNull(connectTimeout, "'connectTimeout' must not be null");
    Objects.requireNonNull(requestTimeout, "'requestTimeout' must not be null");
  }

  /** The trust store, when one is configured. */
  public Optional<TrustStore> trustStoreIfAny() {
    return Optional.ofNullable(trustStore);
  }
}
