package io.entrarenewal.core.domain;

import java.util.Objects;

/**
 * A call to an external system that did not succeed. Adapters translate every vendor error into
 * this exception (or one of its subclasses) and keep the vendor's exception as the cause.
 *
 * <p>The {@link Kind} tells the use cases what they may conclude: a refused request changed
 * nothing; an unavailable system changed nothing and may work later; an ambiguous failure may
 * or may not have taken effect, so the caller must look before it acts again.
 */
public class ExternalSystemException extends RenewalException {

  private static final long serialVersionUID = 1L;

  /** What a failed call means for the state of the external system. */
  public enum Kind {
    /** The system answered and refused; nothing changed and repeating will not help. */
    REFUSED,
    /** The system could not be reached or was overloaded; nothing changed, later may work. */
    UNAVAILABLE,
    /** The request may have taken effect but its reply was lost (timeout, dropped connection). */
    AMBIGUOUS
  }

  private final ExternalSystem system;
  private final Kind kind;

  /** A failure of a call to {@code system}, of the given kind. */
  public ExternalSystemException(ExternalSystem system, Kind kind, String message) {
    this(system, kind, message, null);
  }

  /** A failure of a call to {@code system}, of the given kind, translating {@code cause}. */
  public ExternalSystemException(
      ExternalSystem system, Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.system = Objects.requireNonNull(system, "'system' must not be null");
    this.kind = Objects.requireNonNull(kind, "'kind' must not be null");
  }

  /** The system whose call failed. */
  public ExternalSystem system() {
    return system;
  }

  /** Whether the call was refused, the system unavailable, or the outcome unknown. */
  public Kind kind() {
    return kind;
  }

  /** True when the failure may pass: the system was unavailable or the reply was lost. */
  public boolean isTransient() {
    return kind != Kind.REFUSED;
  }
}
