package io.entrarenewal.core.domain;

import java.util.Objects;

/**
 * A refusal with a meaning for the renewal flow (see {@link RefusalReason}). Like every
 * {@link ExternalSystemException.Kind#REFUSED} failure, nothing was changed by the refused call.
 */
public class RefusedException extends ExternalSystemException {

  private static final long serialVersionUID = 1L;

  private final RefusalReason reason;

  /** A refusal of {@code system} for {@code reason}. */
  public RefusedException(
      ExternalSystem system, RefusalReason reason, String message, Throwable cause) {
    super(system, Kind.REFUSED, message, cause);
    this.reason = Objects.requireNonNull(reason, "'reason' must not be null");
  }

  /** A refusal of {@code system} for {@code reason}. */
  public RefusedException(ExternalSystem system, RefusalReason reason, String message) {
    this(system, reason, message, null);
  }

  /** Why the call was refused. */
  public RefusalReason reason() {
    return reason;
  }
}
