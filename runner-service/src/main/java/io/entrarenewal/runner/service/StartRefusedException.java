package io.entrarenewal.runner.service;

import io.entrarenewal.core.domain.RenewalException;
import java.util.List;

/** The service will not start: a system refused its configured access, or the set-up is bad. */
public final class StartRefusedException extends RenewalException {

  private static final long serialVersionUID = 1L;

  /** Each problem found, one line each. */
  public StartRefusedException(List<String> problems) {
    super("the service refuses to start:" + System.lineSeparator() + "  "
        + String.join(System.lineSeparator() + "  ", problems));
  }
}
