package io.entrarenewal.runner.cli;

import io.entrarenewal.core.domain.RenewalException;
import io.entrarenewal.core.domain.Secret;
import io.entrarenewal.runner.cli.config.SecretResolver;
import io.entrarenewal.runner.cli.config.TrustStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Reads the trust stores and CA certificate files the configuration names. A configured store
 * replaces the JDK's CAs for that one system; verification itself is never switched off.
 */
final class TrustStores {

  private TrustStores() {}

  /** The key store the configuration names, loaded with its password. */
  static Optional<KeyStore> keyStore(Optional<TrustStore> configured, SecretResolver secrets) {
    return configured.map(store -> load(store, secrets));
  }

  /** A TLS context trusting exactly the configured store. */
  static Optional<SSLContext> sslContext(Optional<TrustStore> configured,
      SecretResolver secrets) {
    return keyStore(configured, secrets).map(TrustStores::trusting);
  }

  /** The X.509 certificates of a PEM or DER file. */
  static List<X509Certificate> certificates(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      List<X509Certificate> certificates = CertificateFactory.getInstance("X.509")
          .generateCertificates(in).stream().map(X509Certificate.class::cast).toList();
      if (certificates.isEmpty()) {
        throw new RenewalException("the CA certificate file " + file + " holds no certificate");
      }
      return certificates;
    } catch (IOException | GeneralSecurityException e) {
      throw new RenewalException("the CA certificate file " + file + " cannot be read: "
          + e.getClass().getSimpleName(), e);
    }
  }

  private static KeyStore load(TrustStore store, SecretResolver secrets) {
    char[] password = store.passwordIfAny().map(secrets::resolve).map(Secret::revealChars)
        .orElse(null);
    try (InputStream in = Files.newInputStream(store.path())) {
      KeyStore keyStore = KeyStore.getInstance(store.type());
      keyStore.load(in, password);
      return keyStore;
    } catch (IOException | GeneralSecurityException e) {
      // The type and file only: a wrong password shows as an IOException without the value.
      throw new RenewalException("the trust store " + store.path() + " cannot be read: "
          + e.getClass().getSimpleName(), e);
    }
  }

  private static SSLContext trusting(KeyStore store) {
    try {
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new RenewalException("cannot build a TLS context from the trust store: "
          + e.getClass().getSimpleName(), e);
    }
  }
}
