package io.entrarenewal.runner.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.entrarenewal.core.domain.ExternalSystemException;
import io.entrarenewal.core.domain.RenewalException;
import io.entrarenewal.runner.cli.config.ConfigurationException;
import io.entrarenewal.runner.cli.config.Problem;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;
import picocli.CommandLine.ParseResult;

/**
 * Reports a command line that could not be parsed, or a command that ended in an exception: one
 * or two lines on stderr (every problem of an invalid configuration), a stack trace only with
 * {@code --verbose}, and with {@code --json} an error document on stdout.
 */
final class FailureReport implements IExecutionExceptionHandler, IParameterExceptionHandler {

  private final ExitCodes exitCodes;

  FailureReport(ExitCodes exitCodes) {
    this.exitCodes = exitCodes;
  }

  @Override
  public int handleExecutionException(
      Exception failure, CommandLine commandLine, ParseResult parsed) {
    int exitCode = exitCodes.getExitCode(failure);
    RenewalCommand top = (RenewalCommand) commandLine.getCommandSpec().root().userObject();
    PrintWriter err = commandLine.getErr();
    err.println("renewal: " + message(failure));
    if (top.globals().verbose()) {
      failure.printStackTrace(err);
    } else if (!(failure instanceof RenewalException)) {
      err.println("renewal: run again with --verbose for the stack trace");
    }
    err.flush();
    if (top.globals().json()) {
      commandLine.getOut().println(Json.write(document(commandLine, failure, exitCode)));
      commandLine.getOut().flush();
    }
    return exitCode;
  }

  @Override
  public int handleParseException(ParameterException failure, String[] args) {
    CommandLine commandLine = failure.getCommandLine();
    PrintWriter err = commandLine.getErr();
    err.println("renewal: " + failure.getMessage());
    if (!UnmatchedArgumentException.printSuggestions(failure, err)) {
      err.println("renewal: see '" + commandLine.getCommandSpec().qualifiedName() + " --help'");
    }
    err.flush();
    RenewalCommand top = (RenewalCommand) commandLine.getCommandSpec().root().userObject();
    if (top.globals().json()) {
      commandLine.getOut().println(Json.write(document(commandLine, failure, ExitCodes.USAGE)));
      commandLine.getOut().flush();
    }
    return ExitCodes.USAGE;
  }

  private static String message(Exception failure) {
    if (failure instanceof ExternalSystemException external) {
      String state = switch (external.kind()) {
        case REFUSED -> " refused";
        case UNAVAILABLE -> " unavailable";
        case AMBIGUOUS -> " did not answer (the change may have been made)";
      };
      return external.system().displayName() + state + ": " + external.getMessage();
    }
    if (failure instanceof RenewalException) {
      return failure.getMessage();
    }
    // Unexpected failures: the type and message, which the adapters keep free of secrets.
    String message = failure.getMessage();
    return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private static ObjectNode document(CommandLine commandLine, Exception failure, int exitCode) {
    ObjectNode document = Json.document(commandLine.getCommandName(), exitCode);
    ObjectNode error = document.putObject("error");
    if (failure instanceof ConfigurationException invalid) {
      error.put("message", "invalid configuration " + invalid.file());
      ArrayNode problems = error.putArray("problems");
      for (Problem problem : invalid.problems()) {
        problems.addObject()
            .put("path", problem.path())
            .put("line", problem.line())
            .put("message", problem.message());
      }
    } else {
      error.put("message", message(failure));
    }
    return document;
  }
}
