package io.entrarenewal.runner.cli;

import java.util.Objects;

/**
 * One check of the preflight ({@code renewal check}): configuration, reachability or an
 * account's login.
 */
public interface SystemCheck {

  /** What is checked, such as "Entra ID tenant production". */
  String name();

  /** Runs the check; failures are reported in the result, not thrown. */
  Result run();

  /** How a check ended. */
  enum Status { PASS, FAIL, SKIPPED }

  /**
   * The result of one check.
   *
   * @param name what was checked
   * @param status passed, failed or skipped
   * @param detail what was seen, never a secret
   * @param remedy what to do when it failed; empty otherwise
   */
  record Result(String name, Status status, String detail, String remedy) {
    /** Validates the fields. */
    public Result {
      Objects.requireNonNull(name, "'name' must not be null");
      Objects.requireNonNull(status, "'status' must not be null");
      Objects.requireNonNull(detail, "'detail' must not be null");
      remedy = remedy == null ? "" : remedy;
    }

    /** A passed check. */
    public static Result pass(String name, String detail) {
      return new Result(name, Status.PASS, detail, "");
    }

    /** A failed check with what to do about it. */
    public static Result fail(String name, String detail, String remedy) {
      return new Result(name, Status.FAIL, detail, remedy);
    }
  }
}
