package io.entrarenewal.adapter.graph;

import io.entrarenewal.core.domain.ExternalSystem;
import io.entrarenewal.core.domain.ExternalSystemException;
import java.util.OptionalInt;

/** Entra's token endpoint answered and refused to issue a token; carries the AADSTS code. */
final class TokenRefusedException extends ExternalSystemException {

  private static final long serialVersionUID = 1L;

  private final Integer aadstsCode;

  TokenRefusedException(Integer aadstsCode, String message, Throwable cause) {
    super(ExternalSystem.DIRECTORY, Kind.REFUSED, message, cause);
    this.aadstsCode = aadstsCode;
  }

  /** The AADSTS error code, when Entra gave one. */
  OptionalInt aadstsCode() {
    return aadstsCode == null ? OptionalInt.empty() : OptionalInt.of(aadstsCode);
  }
}
