package io.entrarenewal.runner.cli;

import io.entrarenewal.core.domain.InvalidRequestException;
import io.entrarenewal.core.domain.RenewalOutcome;
import io.entrarenewal.core.domain.TaskDisposition;
import io.entrarenewal.core.domain.TaskResult;
import io.entrarenewal.runner.cli.config.ConfigurationException;
import java.util.Collection;
import picocli.CommandLine;
import picocli.CommandLine.IExitCodeExceptionMapper;

/** The exit codes of {@code renewal}, documented in {@code --help} and docs/cli.md. */
public final class ExitCodes implements IExitCodeExceptionMapper {

  /** Everything asked for was done. */
  public static final int SUCCESS = 0;
  /** Something failed: an outage, a refusal, a task that could not be ended. */
  public static final int FAILURE = 1;
  /** Bad command line, bad input or an invalid configuration file; nothing was changed. */
  public static final int USAGE = 2;
  /** Done as far as this tool can: some work was handed over to humans. */
  public static final int HANDED_OVER = 3;

  @Override
  public int getExitCode(Throwable failure) {
    if (failure instanceof ConfigurationException
        || failure instanceof InvalidRequestException
        || failure instanceof CommandLine.ParameterException) {
      return USAGE;
    }
    return FAILURE;
  }

  /** The exit code of one renewal. */
  static int of(RenewalOutcome outcome) {
    if (outcome instanceof RenewalOutcome.Renewed) {
      return SUCCESS;
    }
    return outcome instanceof RenewalOutcome.HandedOver ? HANDED_OVER : FAILURE;
  }

  /** The exit code of processed tasks: a failure outweighs a hand-over. */
  static int ofTasks(Collection<TaskResult> results) {
    int code = SUCCESS;
    for (TaskResult result : results) {
      code = worst(code, ofDisposition(result.disposition()));
    }
    return code;
  }

  /** The worse of two codes: failure, then usage, then hand-over, then success. */
  static int worst(int a, int b) {
    return rank(a) >= rank(b) ? a : b;
  }

  private static int ofDisposition(TaskDisposition disposition) {
    return switch (disposition) {
      case CLOSED -> SUCCESS;
      case HANDED_OVER -> HANDED_OVER;
      case LEFT_PENDING, NOT_FOUND, NOT_ENDED -> FAILURE;
    };
  }

  private static int rank(int code) {
    return switch (code) {
      case SUCCESS -> 0;
      case HANDED_OVER -> 1;
      case USAGE -> 2;
      default -> 3;
    };
  }
}
