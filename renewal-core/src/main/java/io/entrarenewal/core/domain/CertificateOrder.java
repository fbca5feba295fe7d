package io.entrarenewal.core.domain;

import java.util.Objects;

/**
 * What to ask the certificate authority for: a certificate for a new key, from a template.
 *
 * @param appDisplayName the app's display name, which the subject is made from
 * @param template the certificate template's common name
 * @param requestId the renewal request, for the CA's records and our logs
 */
public record CertificateOrder(String appDisplayName, String template, String requestId) {

  /** Validates the fields. */
  public CertificateOrder {
    Objects.requireNonNull(appDisplayName, "'appDisplayName' must not be null");
    Objects.requireNonNull(template, "'template' must not be null");
    Objects.requireNonNull(requestId, "'requestId' must not be null");
    if (template.isBlank()) {
      throw new IllegalArgumentException("'template' must not be blank");
    }
  }
}
