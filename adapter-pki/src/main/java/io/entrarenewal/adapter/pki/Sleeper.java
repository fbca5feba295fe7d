package io.entrarenewal.adapter.pki;

import java.time.Duration;

/** Waits; a seam so that tests control time instead of spending it. */
@FunctionalInterface
interface Sleeper {

  /** The real thing. */
  Sleeper THREAD = duration -> Thread.sleep(duration.toMillis());

  void sleep(Duration duration) throws InterruptedException;
}
