package io.entrarenewal.sandbox;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Starts the demo world and runs until interrupted. Prints the endpoints and writes the trust
 * store and the world description (which holds the sandbox's test keys) to a directory.
 *
 * <p>Arguments: {@code [output-dir] [--propagation-delay=<seconds>] [--large=<apps>]}.
 */
public final class SandboxMain {

  private SandboxMain() {}

  /** Starts the sandbox with the options the arguments name and runs until interrupted. */
  public static void main(String[] args) throws IOException, InterruptedException {
    Path dir = Path.of("sandbox-out");
    SandboxOptions options = SandboxOptions.defaults();
    for (String arg : args) {
      if (arg.startsWith("--propagation-delay=")) {
        options = options.withPropagationDelay(
            Duration.ofSeconds(Long.parseLong(arg.substring(arg.indexOf('=') + 1))));
      } else if (arg.startsWith("--large=")) {
        options = options.withLargeWorld(Integer.parseInt(arg.substring(arg.indexOf('=') + 1)));
      } else {
        dir = Path.of(arg);
      }
    }
    CountDownLatch interrupted = new CountDownLatch(1);
    PrintStream out = System.out;
    try (Sandbox sandbox = Sandbox.start(options)) {
      Path trustStore = sandbox.writeTrustStore(dir);
      Path world = sandbox.world().writeJson(dir.resolve("sandbox-world.json"));
      restrictToOwner(world);
      out.println("Entra authority host: " + sandbox.entraAuthorityHost());
      out.println("Graph:                " + sandbox.graphBaseUri());
      out.println("Passwordstate:        " + sandbox.passwordstateBaseUri());
      out.println("Ivanti:               " + sandbox.ivantiBaseUri());
      out.println("AD CS:                " + sandbox.adcsBaseUri());
      out.println("Trust store:          " + trustStore + " (password "
          + Sandbox.TRUST_STORE_PASSWORD + ")");
      out.println("World and test keys:  " + world);
      out.println("Press Ctrl+C to stop.");
      Runtime.getRuntime().addShutdownHook(new Thread(interrupted::countDown));
      interrupted.await();
    }
  }

  private static void restrictToOwner(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: the file keeps the default permissions.
    }
  }
}
