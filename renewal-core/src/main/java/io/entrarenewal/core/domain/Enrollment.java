package io.entrarenewal.core.domain;

import java.security.KeyPair;
import java.util.Objects;

/** What the certificate authority made of a certificate request. */
public sealed interface Enrollment {

  /** The certificate was issued for our key; it has passed the adapter's checks. */
  record Issued(CertificateKeyPair certificate) implements Enrollment {
    /** Validates the field. */
    public Issued {
      Objects.requireNonNull(certificate, "'certificate' must not be null");
    }
  }

  /**
   * The CA holds the request for approval. The key pair must be kept (in the vault) so that the
   * certificate can be collected later without a second request.
   */
  record Pending(String requestId, KeyPair keyPair) implements Enrollment {
    /** Validates the fields. */
    public Pending {
      Objects.requireNonNull(requestId, "'requestId' must not be null");
      Objects.requireNonNull(keyPair, "'keyPair' must not be null");
    }

    @Override
    public String toString() {
      return "Pending[requestId=" + requestId + ", keyPair=****]";
    }
  }

  /** The CA refused; the message is the CA's disposition text. */
  record Denied(String requestId, String message) implements Enrollment {
    /** Validates the fields. */
    public Denied {
      Objects.requireNonNull(message, "'message' must not be null");
    }
  }
}
