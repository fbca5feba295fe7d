package io.entrarenewal.core.domain;

/** A renewal request or task parameter that is malformed; nothing has been changed. */
public class InvalidRequestException extends RenewalException {

  private static final long serialVersionUID = 1L;

  /** Describes what is wrong with the input, quoting it safely. */
  public InvalidRequestException(String message) {
    super(message);
  }
}
