package io.entrarenewal.adapter.graph;

import com.microsoft.graph.models.Application;
import com.microsoft.graph.models.KeyCredential;
import com.microsoft.graph.models.PasswordCredential;
import io.entrarenewal.core.domain.AppRegistration;
import io.entrarenewal.core.domain.ClientId;
import io.entrarenewal.core.domain.Credential;
import io.entrarenewal.core.domain.ExternalSystem;
import io.entrarenewal.core.domain.ExternalSystemException;
import io.entrarenewal.core.domain.InvalidRequestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns Graph's application objects into the core's {@link AppRegistration}. */
final class Applications {

  /** The properties every lookup selects: {@code key} comes back only when it is named. */
  static final String[] SELECT =
      {"id", "appId", "displayName", "keyCredentials", "passwordCredentials"};

  private static final Logger LOG = LoggerFactory.getLogger(Applications.class);
  private static final Pattern HEX_THUMBPRINT = Pattern.compile("[0-9A-Fa-f]{40}");
  private static final String SYMMETRIC = "Symmetric";

  private Applications() {}

  /** The app registration, or a refusal naming the first field Graph left out or garbled. */
  static AppRegistration toRegistration(String tenantName, Application app) {
    if (app.getId() == null || app.getAppId() == null) {
      throw unreadable("an application without id or appId");
    }
    ClientId clientId;
    try {
      clientId = new ClientId(app.getAppId());
    } catch (InvalidRequestException e) {
      throw unreadable("application " + app.getId() + " with an appId that is not a GUID");
    }
    List<Credential> credentials = new ArrayList<>();
    if (app.getPasswordCredentials() != null) {
      for (PasswordCredential secret : app.getPasswordCredentials()) {
        if (isComplete(
            app, secret.getKeyId(), secret.getStartDateTime(), secret.getEndDateTime())) {
          credentials.add(Credential.secret(secret.getKeyId(), secret.getDisplayName(),
              secret.getStartDateTime().toInstant(), secret.getEndDateTime().toInstant()));
        }
      }
    }
    if (app.getKeyCredentials() != null) {
      for (KeyCredential key : app.getKeyCredentials()) {
        if (!SYMMETRIC.equalsIgnoreCase(key.getType())
            && isComplete(app, key.getKeyId(), key.getStartDateTime(), key.getEndDateTime())) {
          credentials.add(toCredential(key));
        }
      }
    }
    String displayName = app.getDisplayName() == null ? "" : app.getDisplayName();
    return new AppRegistration(tenantName, app.getId(), clientId, displayName, credentials);
  }

  /** A certificate credential as Graph returned it (keyId and dates must be present). */
  static Credential toCredential(KeyCredential key) {
    return Credential.certificate(key.getKeyId(), key.getDisplayName(),
        key.getStartDateTime().toInstant(), key.getEndDateTime().toInstant(), thumbprint(key));
  }

  /**
   * The certificate's SHA-1 thumbprint in upper-case hex: computed from {@code key} when Graph
   * sent it, otherwise taken from {@code customKeyIdentifier}. Graph sends that identifier as a
   * 40-character hex string, which the SDK, treating it as Binary, has base64-decoded; encoding
   * it again gives the string back.
   */
  static String thumbprint(KeyCredential key) {
    if (key.getKey() != null && key.getKey().length > 0) {
      return sha1Hex(key.getKey());
    }
    byte[] custom = key.getCustomKeyIdentifier();
    if (custom == null || custom.length == 0) {
      return null;
    }
    String asSent = Base64.getEncoder().encodeToString(custom);
    if (HEX_THUMBPRINT.matcher(asSent).matches()) {
      return asSent.toUpperCase(Locale.ROOT);
    }
    return custom.length == 20 ? HexFormat.of().withUpperCase().formatHex(custom) : null;
  }

  static String sha1Hex(byte[] der) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-1").digest(der);
      return HexFormat.of().withUpperCase().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is missing from the JDK", e);
    }
  }

  private static boolean isComplete(
      Application app, Object keyId, OffsetDateTime start, OffsetDateTime end) {
    if (keyId == null || start == null || end == null) {
      LOG.warn("Skipping a credential of app {} that Graph listed without key id or dates",
          app.getAppId());
      return false;
    }
    return true;
  }

  private static ExternalSystemException unreadable(String what) {
    return new ExternalSystemException(ExternalSystem.DIRECTORY,
        ExternalSystemException.Kind.REFUSED, "Graph returned " + what);
  }
}
