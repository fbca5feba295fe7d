package io.entrarenewal.adapter.pki;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** What a CA protocol reported about a request, before our checks. */
sealed interface Submission {

  /** The CA issued a certificate; {@code others} are whatever other certificates it sent. */
  record Issued(X509Certificate certificate, List<X509Certificate> others) implements Submission {
    public Issued {
      Objects.requireNonNull(certificate, "'certificate' must not be null");
      others = List.copyOf(others);
    }
  }

  /** The CA holds the request; ask again later, not before {@code retryAfter} if given. */
  record Pending(String requestId, Optional<Duration> retryAfter) implements Submission {
    public Pending {
      Objects.requireNonNull(requestId, "'requestId' must not be null");
      Objects.requireNonNull(retryAfter, "'retryAfter' must not be null");
    }
  }

  /** The CA refused the request with this message. */
  record Denied(String requestId, String message) implements Submission {
    public Denied {
      Objects.requireNonNull(message, "'message' must not be null");
    }
  }
}
