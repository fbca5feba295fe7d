package io.entrarenewal.adapter.pki;

import io.entrarenewal.core.fakes.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A clock that moves only when the code under test sleeps, so no test spends real time. */
final class ManualTime extends ManualClock implements Sleeper {

  ManualTime(Instant start) {
    super(start);
  }

  @Override
  public void sleep(Duration duration) {
    advance(duration);
  }

  List<Duration> sleeps() {
    return advances();
  }
}
