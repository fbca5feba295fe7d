package io.entrarenewal.core.domain;

import java.time.Duration;
import java.util.Objects;

/** The result of proving a credential works by acquiring a token with it. */
public sealed interface Verification {

  /** A token was issued; {@code waited} is how long propagation took to get there. */
  record Verified(Duration waited) implements Verification {
    /** Validates the field. */
    public Verified {
      Objects.requireNonNull(waited, "'waited' must not be null");
    }
  }

  /** No token within the propagation window; {@code reason} is the last error, for humans. */
  record NotVerified(String reason) implements Verification {
    /** Validates the field. */
    public NotVerified {
      Objects.requireNonNull(reason, "'reason' must not be null");
    }
  }
}
