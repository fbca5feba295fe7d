package io.entrarenewal.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * One small iteration of the benchmarks, so that they cannot rot: they must still renew, count
 * requests and end every task. Nothing here looks at a duration.
 */
class BenchmarkSmokeTest {

  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

  @Test
  void aSecretRenewalIsMeasuredWithItsRequestsAndFloor() {
    LatencyBenchmark.Result result =
        new LatencyBenchmark(1, 0, out).measure("secret", false, 2048);

    assertThat(result.renewed()).isEqualTo(1);
    assertThat(result.tool().count()).isEqualTo(1);
    assertThat(result.http().count()).isEqualTo(1);
    assertThat(result.requestsByEndpoint())
        .containsEntry("graph.addPassword", 1.0)
        .containsEntry("passwordstate.updatePassword", 1.0);
    assertThat(result.millisByPortCall()).containsKeys("directory.addSecret", "vault.update");
  }

  @Test
  void aCertificateRenewalRollsTheKeyOnOnce() {
    LatencyBenchmark.Result result =
        new LatencyBenchmark(1, 0, out).measure("certificate", true, 2048);

    assertThat(result.renewed()).isEqualTo(1);
    assertThat(result.crypto().count()).isEqualTo(1);
    assertThat(result.requestsByEndpoint())
        .containsEntry("graph.addKey", 1.0)
        .containsEntry("adcs.submit", 1.0);
  }

  @Test
  void aSmallQueueEndsEveryTaskAndLosesNoCredential() throws InterruptedException {
    QueueBenchmark.Result result = new QueueBenchmark(out, Duration.ofMinutes(1)).run(8, 2, 2);

    assertThat(result.everyTaskEnded()).isTrue();
    assertThat(result.closed()).isEqualTo(8 - 8 / 10);
    assertThat(result.added()).isEqualTo(result.closed());
    assertThat(result.stored()).isEqualTo(result.added());
    assertThat(printed.toString(StandardCharsets.UTF_8)).contains("every task ended: true");
  }

  @Test
  void percentilesAreNearestRank() {
    Stats stats = new Stats();
    for (int i = 1; i <= 20; i++) {
      stats.add(i * 1_000_000L);
    }

    assertThat(stats.medianMillis()).isEqualTo(10.0);
    assertThat(stats.p95Millis()).isEqualTo(19.0);
    assertThat(Stats.ratio(3, 2)).isEqualTo("1.50x");
  }
}
