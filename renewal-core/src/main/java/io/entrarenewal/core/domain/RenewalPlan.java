package io.entrarenewal.core.domain;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What renewing would do, worked out without changing anything.
 *
 * @param request the request planned for
 * @param app the app, when found
 * @param steps the changes a renewal would make, in order; empty when it would stop early
 * @param handOver the reason it would be handed over instead, when known in advance
 * @param detail a summary for humans
 */
public record RenewalPlan(
    RenewalRequest request,
    AppRegistration app,
    List<String> steps,
    HandOverReason handOver,
    String detail) {

  /** Validates the fields and copies the steps. */
  public RenewalPlan {
    Objects.requireNonNull(request, "'request' must not be null");
    steps = List.copyOf(steps);
    Objects.requireNonNull(detail, "'detail' must not be null");
  }

  /** The hand-over reason, when the plan ends in one. */
  public Optional<HandOverReason> handOverIfAny() {
    return Optional.ofNullable(handOver);
  }
}
