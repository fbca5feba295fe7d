package io.entrarenewal.runner.cli;

import io.entrarenewal.core.domain.ClientId;
import io.entrarenewal.core.domain.RenewalException;
import io.entrarenewal.core.domain.Texts;
import io.entrarenewal.core.port.out.AppLocks;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps renewals of one app apart across processes with lock files: one file per app, named by
 * its client id, in a directory every runner is configured with. The operating system releases
 * a process's locks when the process ends, however it ends, so a killed runner never keeps an
 * app from being renewed.
 *
 * <p>The lock file says who holds it (process id, host, since when), for the message of a
 * runner that waits. Lock files are never deleted: deleting one while another runner opens it
 * would let two runners each lock a different file of the same name.
 */
public final class FileAppLocks implements AppLocks {

  private static final Logger LOG = LoggerFactory.getLogger(FileAppLocks.class);

  /** How often a waiting runner tries the lock again. */
  private static final Duration RETRY = Duration.ofMillis(100);

  /** Lets one renewal of this JVM at a time open an app's lock file. */
  private static final Map<Path, Semaphore> IN_THIS_JVM = new ConcurrentHashMap<>();

  private final Path directory;
  private final Duration patience;

  /**
   * Lock files in {@code directory}, created when first needed.
   *
   * @param directory where the lock files are; every runner that may renew the same apps must
   *     name the same directory
   * @param patience how long a renewal waits for another runner to finish the same app
   */
  public FileAppLocks(Path directory, Duration patience) {
    this.directory = Objects.requireNonNull(directory, "'directory' must not be null");
    this.patience = Objects.requireNonNull(patience, "'patience' must not be null");
    if (patience.isNegative()) {
      throw new IllegalArgumentException("'patience' must not be negative, was " + patience);
    }
  }

  @Override
  public Hold hold(ClientId clientId) {
    Objects.requireNonNull(clientId, "'clientId' must not be null");
    // Limitation: runners are kept apart only if they name the same directory; across hosts
    // that takes a shared file system with POSIX record locks (NFSv4, SMB), not tested here.
    // Limitation: lock files are never deleted, one small file per app ever renewed.
    Path file = directory.resolve(clientId.value() + ".lock").toAbsolutePath().normalize();
    Wait wait = new Wait(file, clientId);
    Semaphore inThisJvm = IN_THIS_JVM.computeIfAbsent(file, any -> new Semaphore(1));
    wait.forThisJvm(inThisJvm);
    FileChannel channel = null;
    try {
      channel = open(file, clientId);
      FileLock lock = wait.forOtherProcesses(channel);
      sayWhoHolds(channel);
      LOG.debug("Holding app {} through {}", clientId, file);
      FileChannel held = channel;
      AtomicBoolean released = new AtomicBoolean();
      return () -> {
        // Once only: a second release would let two renewals of this JVM in at once.
        if (released.compareAndSet(false, true)) {
          release(held, lock, clientId);
          inThisJvm.release();
        }
      };
    } catch (RuntimeException e) {
      if (channel != null) {
        closeQuietly(channel);
      }
      inThisJvm.release();
      throw e;
    }
  }

  /** One wait for an app, within this JVM first and then among processes, in one patience. */
  private final class Wait {
    private final Path file;
    private final ClientId clientId;
    private final long deadline = System.nanoTime() + patience.toNanos();
    private boolean told;

    Wait(Path file, ClientId clientId) {
      this.file = file;
      this.clientId = clientId;
    }

    /**
     * Only one channel of this JVM may have the file open: closing any channel of a file
     * releases every lock the process holds on it, the other channels' included.
     */
    void forThisJvm(Semaphore inThisJvm) {
      try {
        while (!inThisJvm.tryAcquire(RETRY.toNanos(), TimeUnit.NANOSECONDS)) {
          // Not read from the file: closing what reads it would release this JVM's lock.
          stillWaiting(() -> "held by another renewal in this process, "
              + ProcessHandle.current().pid());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw stopped(e);
      }
    }

    FileLock forOtherProcesses(FileChannel channel) {
      while (true) {
        FileLock lock = tryLock(channel, file, clientId);
        if (lock != null) {
          return lock;
        }
        stillWaiting(() -> holderOf(file));
        try {
          Thread.sleep(RETRY.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw stopped(e);
        }
      }
    }

    private void stillWaiting(Supplier<String> holder) {
      if (System.nanoTime() - deadline >= 0) {
        // Limitation: a command-line run that gives up here hands its task over, while the
        // runner holding the app may still close that task; it then ends closed with a note.
        throw new RenewalException("Another runner has been renewing app " + clientId
            + " for longer than " + minutes(patience) + " (" + holder.get() + ", lock file "
            + file + "); nothing was changed. Try again once it has finished; a lock whose"
            + " process has ended is released by the operating system.");
      }
      if (!told) {
        LOG.warn("App {} is being renewed by another runner ({}); waiting up to {} for it",
            clientId, holder.get(), minutes(patience));
        told = true;
      }
    }

    private RenewalException stopped(InterruptedException e) {
      return new RenewalException("Stopped while waiting for another runner to finish app "
          + clientId + "; nothing was changed", e);
    }
  }

  private FileChannel open(Path file, ClientId clientId) {
    try {
      Files.createDirectories(directory);
      refuseWorldWritable();
      // Not through a symbolic link: whoever planted one could have the holder line written
      // over another file this account may write.
      return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException | UnsupportedOperationException e) {
      throw new RenewalException("Cannot open the lock file " + file + " that keeps renewals of"
          + " app " + clientId + " apart (" + describe(e) + "); 'locks.directory' must name a"
          + " directory this account may create files in and write to", e);
    }
  }

  /**
   * In a directory every account may write, anyone could delete a lock file while it is held
   * and so let two runners renew one app at once.
   */
  private void refuseWorldWritable() throws IOException {
    PosixFileAttributeView view =
        Files.getFileAttributeView(directory, PosixFileAttributeView.class);
    if (view != null
        && view.readAttributes().permissions().contains(PosixFilePermission.OTHERS_WRITE)) {
      throw new RenewalException("The lock directory " + directory + " may be written by every"
          + " account of this host, so anyone could break its locks; make it writable by the"
          + " runners' account or group only ('chmod o-w'), or name another in"
          + " 'locks.directory'");
    }
  }

  /** The lock, or null while another process holds it. */
  private static FileLock tryLock(FileChannel channel, Path file, ClientId clientId) {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException heldInThisJvm) {
      // Cannot happen while this JVM opens each lock file once at a time; waiting is right
      // should it ever.
      return null;
    } catch (IOException e) {
      throw new RenewalException("Cannot lock " + file + " to keep renewals of app " + clientId
          + " apart (" + describe(e) + "); the file system of 'locks.directory' must support"
          + " file locks", e);
    }
  }

  /** Writes who holds the lock into the file, for the message of a runner that waits. */
  private static void sayWhoHolds(FileChannel channel) {
    String holder = "held by process " + ProcessHandle.current().pid() + hostPart()
        + " since " + Instant.now() + "\n";
    try {
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(holder.getBytes(StandardCharsets.UTF_8)), 0);
    } catch (IOException e) {
      // Only the waiting runner's message loses its detail.
      LOG.debug("Cannot write the holder into the lock file: {}", describe(e));
    }
  }

  private static String hostPart() {
    String host = System.getenv("HOSTNAME");
    if (host == null || host.isBlank()) {
      host = System.getenv("COMPUTERNAME");
    }
    return host == null || host.isBlank() ? "" : " on " + host.strip();
  }

  /** Who holds the file, as it says; only while this process holds no lock on it. */
  private static String holderOf(Path file) {
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8).strip();
      if (text.isEmpty()) {
        return "holder unknown";
      }
      // Quoted: whoever can write the directory can write the file.
      return Texts.quoteForHumans(text);
    } catch (IOException | RuntimeException e) {
      return "holder unknown";
    }
  }

  private static void release(FileChannel channel, FileLock lock, ClientId clientId) {
    try {
      lock.release();
    } catch (IOException e) {
      LOG.warn("Could not release the lock of app {} ({}); closing the file releases it",
          clientId, describe(e));
    }
    closeQuietly(channel);
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      LOG.debug("Closing a lock file failed: {}", describe(e));
    }
  }

  private static String minutes(Duration duration) {
    long minutes = duration.toMinutes();
    if (minutes * 60 == duration.toSeconds()) {
      return minutes == 1 ? "1 minute" : minutes + " minutes";
    }
    return duration.toMillis() + " ms";
  }

  private static String describe(Exception e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
