package io.entrarenewal.adapter.pki;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Checks on the addresses and TLS trust of CA web services. */
final class WebEndpoint {

  private WebEndpoint() {}

  /**
   * Checks that a base URI is absolute and uses HTTPS (credentials travel with every request),
   * allowing plain HTTP only to a loopback address, and makes it end with a slash.
   */
  static URI checkedBase(URI uri, String name) {
    Objects.requireNonNull(uri, "'" + name + "' must not be null");
    if (!uri.isAbsolute() || uri.getHost() == null) {
      throw new IllegalArgumentException("'" + name + "' must be an absolute URI with a host");
    }
    boolean https = "https".equalsIgnoreCase(uri.getScheme());
    boolean loopbackHttp = "http".equalsIgnoreCase(uri.getScheme()) && isLoopback(uri.getHost());
    if (!https && !loopbackHttp) {
      throw new IllegalArgumentException(
          "'" + name + "' must use https (plain http only to a loopback address): " + uri);
    }
    String text = uri.toString();
    return text.endsWith("/") ? uri : URI.create(text + "/");
  }

  private static boolean isLoopback(String host) {
    if ("localhost".equalsIgnoreCase(host)) {
      return true;
    }
    if (!host.matches("[0-9.]+|\\[[0-9a-fA-F:]+\\]")) {
      return false; // Do not resolve names: only literal loopback addresses count.
    }
    try {
      return InetAddress.getByName(host.replace("[", "").replace("]", "")).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  static void requirePositive(Duration value, String name) {
    Objects.requireNonNull(value, "'" + name + "' must not be null");
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException("'" + name + "' must be positive");
    }
  }

  static void requireNonNegative(Duration value, String name) {
    Objects.requireNonNull(value, "'" + name + "' must not be null");
    if (value.isNegative()) {
      throw new IllegalArgumentException("'" + name + "' must not be negative");
    }
  }

  static SSLContext defaultSslContext() {
    try {
      return SSLContext.getDefault();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM offers no default TLS context", e);
    }
  }

  /** A TLS context that trusts exactly the given CA certificates, with host names checked. */
  static SSLContext trusting(List<X509Certificate> certificates) {
    if (certificates.isEmpty()) {
      throw new IllegalArgumentException("at least one certificate must be trusted");
    }
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      for (int i = 0; i < certificates.size(); i++) {
        store.setCertificateEntry("trusted-" + i, certificates.get(i));
      }
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build a TLS context from the given certificates", e);
    }
  }
}
