package io.entrarenewal.runner.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** What one in-process run of the command printed, and its exit code. */
record CommandLineRun(int exitCode, String out, String err) {

  static CommandLineRun of(Launch launch, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exitCode = RenewalCommand.run(launch, new PrintWriter(out), new PrintWriter(err), args);
    return new CommandLineRun(exitCode, out.toString(), err.toString());
  }

  String all() {
    return out + err;
  }
}
