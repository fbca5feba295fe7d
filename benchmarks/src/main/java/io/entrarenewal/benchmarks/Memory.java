package io.entrarenewal.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** Memory figures of this or another process, from the JVM and from Linux's /proc. */
final class Memory {

  private Memory() {}

  /** The peak resident set of a process in KiB (VmHWM); empty off Linux. */
  static OptionalLong peakResidentKib(long pid) {
    return statusField(pid, "VmHWM:");
  }

  /** The current resident set of a process in KiB (VmRSS); empty off Linux. */
  static OptionalLong residentKib(long pid) {
    return statusField(pid, "VmRSS:");
  }

  /** The sum of every heap pool's peak use since start, in bytes. */
  static long peakHeapBytes() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak;
  }

  static String mib(long bytes) {
    return String.format(java.util.Locale.ROOT, "%.0f MiB", bytes / 1024.0 / 1024.0);
  }

  private static OptionalLong statusField(long pid, String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith(field)) {
          return OptionalLong.of(Long.parseLong(line.substring(field.length())
              .replace("kB", "").strip()));
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not Linux, or the process has ended: the figure is reported as unknown.
    }
    return OptionalLong.empty();
  }
}
