/**
 * The {@code renewal} command line: one picocli command per subcommand, calling core's use cases
 * through ports built by a {@link io.entrarenewal.runner.cli.PortFactory}.
 */
package io.entrarenewal.runner.cli;
