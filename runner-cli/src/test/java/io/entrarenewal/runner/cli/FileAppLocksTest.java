package io.entrarenewal.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.entrarenewal.core.domain.ClientId;
import io.entrarenewal.core.domain.RenewalException;
import io.entrarenewal.core.port.out.AppLocks;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class FileAppLocksTest {

  private static final ClientId APP = new ClientId("bbbbbbbb-0000-4000-8000-000000000001");
  private static final ClientId OTHER_APP = new ClientId("bbbbbbbb-0000-4000-8000-000000000002");

  @TempDir
  Path directory;

  @Test
  void hold_createsTheDirectoryAndAFileSayingWhoHoldsIt() throws IOException {
    Path locks = directory.resolve("not/yet/there");

    new FileAppLocks(locks, Duration.ZERO).hold(APP).close();

    assertThat(Files.readString(locks.resolve(APP.value() + ".lock")))
        .startsWith("held by process " + ProcessHandle.current().pid());
  }

  @Test
  void givenAppHeld_holdWithoutPatience_refusesNamingTheAppTheHolderAndTheFile() {
    FileAppLocks locks = new FileAppLocks(directory, Duration.ZERO);

    try (AppLocks.Hold hold = locks.hold(APP)) {
      assertThatExceptionOfType(RenewalException.class).isThrownBy(() -> locks.hold(APP))
          .withMessageContaining("Another runner has been renewing app " + APP.value())
          .withMessageContaining("held by another renewal in this process, "
              + ProcessHandle.current().pid())
          .withMessageContaining(directory.resolve(APP.value() + ".lock").toString())
          .withMessageContaining("nothing was changed");
    }
  }

  @Test
  void holdClosedTwice_stillLetsOnlyOneRenewalIn() {
    FileAppLocks locks = new FileAppLocks(directory, Duration.ZERO);
    AppLocks.Hold first = locks.hold(APP);
    first.close();
    first.close();

    try (AppLocks.Hold second = locks.hold(APP)) {
      assertThatExceptionOfType(RenewalException.class).isThrownBy(() -> locks.hold(APP));
    }
  }

  @Test
  void givenAppHeld_anotherAppCanBeHeldAtOnce() {
    FileAppLocks locks = new FileAppLocks(directory, Duration.ZERO);

    try (AppLocks.Hold hold = locks.hold(APP); AppLocks.Hold other = locks.hold(OTHER_APP)) {
      assertThat(Files.exists(directory.resolve(OTHER_APP.value() + ".lock"))).isTrue();
    }
  }

  @Test
  void givenAppHeld_holdWaitsUntilItIsReleased() throws Exception {
    FileAppLocks locks = new FileAppLocks(directory, Duration.ofMinutes(1));
    ListAppender<ILoggingEvent> logs = capture();
    try {
      AppLocks.Hold first = locks.hold(APP);
      CompletableFuture<AppLocks.Hold> second =
          CompletableFuture.supplyAsync(() -> locks.hold(APP));
      awaitWarning(logs, "waiting up to 1 minute");
      assertThat(second).as("the second hold waits").isNotDone();

      first.close();

      second.get(30, TimeUnit.SECONDS).close();
    } finally {
      release(logs);
    }
  }

  @Test
  void givenAnotherProcessHoldsTheApp_holdWaitsForIt_andItsDeathReleasesTheApp()
      throws Exception {
    Process holder = startHolder();
    try {
      assertThatExceptionOfType(RenewalException.class)
          .isThrownBy(() -> new FileAppLocks(directory, Duration.ZERO).hold(APP))
          .withMessageContaining("held by process " + holder.pid());

      holder.destroyForcibly();
      assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();

      new FileAppLocks(directory, Duration.ofMinutes(1)).hold(APP).close();
    } finally {
      holder.destroyForcibly();
    }
  }

  @Test
  void givenLockDirectoryThatIsAFile_hold_saysWhichSettingToMend() throws IOException {
    Path file = Files.writeString(directory.resolve("a-file"), "");

    assertThatExceptionOfType(RenewalException.class)
        .isThrownBy(() -> new FileAppLocks(file, Duration.ZERO).hold(APP))
        .withMessageContaining("Cannot open the lock file")
        .withMessageContaining(APP.value())
        .withMessageContaining("'locks.directory'");
  }

  @Test
  void givenLockDirectoryEveryAccountMayWrite_hold_refusesIt() throws IOException {
    Path open = Files.createDirectory(directory.resolve("open"));
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));

    assertThatExceptionOfType(RenewalException.class)
        .isThrownBy(() -> new FileAppLocks(open, Duration.ZERO).hold(APP))
        .withMessageContaining("may be written by every account")
        .withMessageContaining("'locks.directory'");
    assertThat(open.resolve(APP.value() + ".lock")).doesNotExist();
  }

  @Test
  void givenLockFileThatIsASymbolicLink_hold_refusesItAndLeavesItsTargetAlone()
      throws IOException {
    Path target = Files.writeString(directory.resolve("precious.txt"), "keep me");
    Files.createSymbolicLink(directory.resolve(APP.value() + ".lock"), target);

    assertThatExceptionOfType(RenewalException.class)
        .isThrownBy(() -> new FileAppLocks(directory, Duration.ZERO).hold(APP))
        .withMessageContaining("Cannot open the lock file");
    assertThat(target).hasContent("keep me");
  }

  @Test
  void givenAppHeld_aSecondHoldInThisJvmThatGivesUp_leavesTheFirstHoldInForce()
      throws Exception {
    FileAppLocks locks = new FileAppLocks(directory, Duration.ZERO);

    try (AppLocks.Hold hold = locks.hold(APP)) {
      assertThatExceptionOfType(RenewalException.class).isThrownBy(() -> locks.hold(APP));

      Process other = start();
      try {
        assertThat(firstLine(other)).as("another process, after the second hold gave up")
            .isEqualTo("busy");
      } finally {
        other.destroyForcibly();
      }
    }
  }

  /** A separate JVM that holds {@link #APP} until it is killed; returns once it holds it. */
  private Process startHolder() throws IOException {
    Process process = start();
    assertThat(firstLine(process)).as("the holder's first line").isEqualTo("held");
    return process;
  }

  private Process start() throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    return new ProcessBuilder(java.toString(), "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), Holder.class.getName(),
        directory.toString(), APP.value())
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  private static String firstLine(Process process) throws IOException {
    return new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).readLine();
  }

  /**
   * Holds one app's lock until its standard input ends or it is killed; says "held", or "busy"
   * when another process holds the app.
   */
  public static final class Holder {
    public static void main(String[] args) throws IOException {
      AppLocks.Hold hold;
      try {
        hold = new FileAppLocks(Path.of(args[0]), Duration.ZERO).hold(new ClientId(args[1]));
      } catch (RenewalException busy) {
        System.out.println("busy");
        return;
      }
      System.out.println("held");
      System.out.flush();
      while (System.in.read() != -1) {
        // Waits for the end of input.
      }
      hold.close();
    }
  }

  private static ListAppender<ILoggingEvent> capture() {
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    ((Logger) LoggerFactory.getLogger(FileAppLocks.class)).addAppender(logs);
    return logs;
  }

  private static void release(ListAppender<ILoggingEvent> logs) {
    ((Logger) LoggerFactory.getLogger(FileAppLocks.class)).detachAppender(logs);
  }

  private static List<String> messages(ListAppender<ILoggingEvent> logs) {
    synchronized (logs) {
      return logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
  }

  private static void awaitWarning(ListAppender<ILoggingEvent> logs, String text)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (messages(logs).stream().noneMatch(message -> message.contains(text))) {
      assertThat(System.nanoTime() - deadline).as("the warning '%s' in time", text).isNegative();
      Thread.sleep(10);
    }
  }
}
