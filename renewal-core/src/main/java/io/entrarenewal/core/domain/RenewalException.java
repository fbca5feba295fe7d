package io.entrarenewal.core.domain;

/**
 * The root of this tool's exceptions. Messages name tenants, apps, entries and key ids, and never
 * carry secret material.
 */
public class RenewalException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** An exception with a message for a human. */
  public RenewalException(String message) {
    super(message);
  }

  /** An exception with a message for a human and the cause it translates. */
  public RenewalException(String message, Throwable cause) {
    super(message, cause);
  }
}
