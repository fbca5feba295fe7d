package io.entrarenewal.sandbox;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.WeakHashMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The Entra side of the sandbox: tenants, their app registrations and credentials. Every method
 * that touches the data holds this object's monitor, so the stand-ins and the state API can run
 * on many threads.
 */
final class Directory {

  private final Map<String, TenantData> tenantsById = new LinkedHashMap<>();

  synchronized TenantData addTenant(String name, String tenantId, String domain) {
    TenantData tenant = new TenantData(name, tenantId.toLowerCase(java.util.Locale.ROOT), domain);
    tenantsById.put(tenant.id, tenant);
    return tenant;
  }

  synchronized Optional<TenantData> tenant(String idOrNameOrDomain) {
    String key = idOrNameOrDomain.toLowerCase(java.util.Locale.ROOT);
    TenantData byId = tenantsById.get(key);
    if (byId != null) {
      return Optional.of(byId);
    }
    return tenantsById.values().stream()
        .filter(t -> t.domain.equalsIgnoreCase(key) || t.name.equalsIgnoreCase(key)).findFirst();
  }

  synchronized List<TenantData> tenants() {
    return new ArrayList<>(tenantsById.values());
  }

  /** One tenant and its applications, ordered by object id so paging is stable. */
  static final class TenantData {
    final String name;
    final String id;
    final String domain;
    final TreeMap<String, AppData> appsByObjectId = new TreeMap<>();
    final Map<String, AppData> appsByAppId = new HashMap<>();
    Duration propagationDelay = Duration.ZERO;

    TenantData(String name, String id, String domain) {
      this.name = name;
      this.id = id;
      this.domain = domain;
    }

    AppData addApp(String objectId, String appId, String displayName, Instant created) {
      AppData app = new AppData(objectId.toLowerCase(java.util.Locale.ROOT),
          appId.toLowerCase(java.util.Locale.ROOT), displayName, created);
      appsByObjectId.put(app.objectId, app);
      appsByAppId.put(app.appId, app);
      return app;
    }

    Optional<AppData> byObjectId(String objectId) {
      return Optional.ofNullable(appsByObjectId.get(objectId.toLowerCase(java.util.Locale.ROOT)));
    }

    Optional<AppData> byAppId(String appId) {
      return Optional.ofNullable(appsByAppId.get(appId.toLowerCase(java.util.Locale.ROOT)));
    }
  }

  /** An application object with its credentials. */
  static final class AppData {
    final String objectId;
    final String appId;
    String displayName;
    final Instant created;
    /** True for an account holding Application.ReadWrite.All: it may manage every app. */
    boolean administrator;
    /** A passwordLifetime restriction of an app management policy, or null. */
    Duration secretMaxLifetime;
    String policyId;
    final List<PasswordData> passwords = new ArrayList<>();
    final List<KeyData> keys = new ArrayList<>();

    AppData(String objectId, String appId, String displayName, Instant created) {
      this.objectId = objectId;
      this.appId = appId;
      this.displayName = displayName;
      this.created = created;
    }

    Optional<PasswordData> password(UUID keyId) {
      return passwords.stream().filter(p -> p.keyId.equals(keyId)).findFirst();
    }

    Optional<KeyData> key(UUID keyId) {
      return keys.stream().filter(k -> k.keyId.equals(keyId)).findFirst();
    }
  }

  /** A client secret; {@code usableFrom} models Entra's replication delay. */
  record PasswordData(UUID keyId, String displayName, String hint, String secretText,
      Instant start, Instant end, Instant usableFrom) {

    PasswordData withEnd(Instant newEnd) {
      return new PasswordData(keyId, displayName, hint, secretText, start, newEnd, usableFrom);
    }
  }

  /** A certificate credential. */
  record KeyData(UUID keyId, String displayName, String type, String usage, Instant start,
      Instant end, X509Certificate certificate, Instant usableFrom) {

    String thumbprintHex() {
      return HexFormat.of().withUpperCase().formatHex(sha1());
    }

    byte[] sha1() {
      return digests(certificate)[0];
    }

    byte[] sha256() {
      return digests(certificate)[1];
    }

    boolean validAt(Instant now) {
      return !now.isBefore(start) && now.isBefore(end);
    }

    String keyBase64() {
      return Base64.getEncoder().encodeToString(Crypto.der(certificate));
    }

    KeyData withEnd(Instant newEnd) {
      return new KeyData(keyId, displayName, type, usage, start, newEnd, certificate, usableFrom);
    }
  }

  /**
   * SHA-1 and SHA-256 of each certificate, kept because a large world shares a few
   * certificates among thousands of apps and lists render them on every page.
   */
  private static final Map<X509Certificate, byte[][]> DIGESTS =
      Collections.synchronizedMap(new WeakHashMap<>());

  private static byte[][] digests(X509Certificate certificate) {
    return DIGESTS.computeIfAbsent(certificate, c -> new byte[][] {
        Crypto.digest("SHA-1", Crypto.der(c)), Crypto.digest("SHA-256", Crypto.der(c))});
  }

  /** Decodes an x5t-style header value written as base64url or as standard base64. */
  static Optional<byte[]> decodeThumbprint(String value) {
    if (value == null || value.isEmpty()) {
      return Optional.empty();
    }
    String normalised = value.replace('+', '-').replace('/', '_').replace("=", "");
    try {
      return Optional.of(Base64.getUrlDecoder().decode(normalised));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
