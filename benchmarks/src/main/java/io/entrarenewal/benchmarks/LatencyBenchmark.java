package io.entrarenewal.benchmarks;

import io.entrarenewal.core.domain.ClientId;
import io.entrarenewal.core.domain.CredentialType;
import io.entrarenewal.core.domain.RenewalOutcome;
import io.entrarenewal.core.domain.RenewalRequest;
import io.entrarenewal.core.port.in.RenewCredentialUseCase;
import io.entrarenewal.sandbox.SandboxOptions;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Benchmarks 1 and 2: warm renewal latency of a secret and of a certificate (RSA 2048 and 3072)
 * against the sandbox, next to its floor, and the HTTP requests each renewal makes by endpoint.
 *
 * <p>The floor of a renewal is what no implementation can avoid: the same key generation and
 * signatures done alone, plus the same number of HTTP round trips to the sandbox made one after
 * another with a bare {@link HttpClient} on a kept-alive connection.
 */
final class LatencyBenchmark {

  /** Signatures a certificate renewal makes with the new key: the request to the CA and the
   * client assertion that proves the new certificate. */
  static final int NEW_KEY_SIGNATURES = 2;
  /** Signatures with the current key: the client assertion and the proof of possession. */
  static final int OLD_KEY_SIGNATURES = 2;

  /** What one kind of renewal measured. */
  record Result(String name, Stats tool, Stats crypto, Stats http, double requestsPerRenewal,
      Map<String, Double> requestsByEndpoint, Map<String, Double> millisByPortCall,
      int renewed) {

    double floorMillis() {
      return crypto.medianMillis() + http.medianMillis();
    }
  }

  private final int renewals;
  private final int warmUp;
  private final PrintStream out;

  LatencyBenchmark(int renewals, int warmUp, PrintStream out) {
    this.renewals = renewals;
    this.warmUp = warmUp;
    this.out = out;
  }

  /** Runs every kind of renewal and prints the table. */
  List<Result> run(List<Integer> keySizes) {
    List<Result> results = new java.util.ArrayList<>();
    results.add(measure("secret", false, 2048));
    for (int keySize : keySizes) {
      results.add(measure("certificate RSA " + keySize, true, keySize));
    }
    print(results);
    return results;
  }

  /** Renews warm-up plus timed apps of one kind in a fresh sandbox. */
  Result measure(String name, boolean certificate, int keySize) {
    try (Rig rig = Rig.start(SandboxOptions.defaults().withWorld(SandboxOptions.WorldKind.EMPTY),
        keySize)) {
      BenchApps seeding = new BenchApps(rig.sandbox());
      int total = warmUp + renewals;
      List<BenchApps.App> apps = certificate ? seeding.certificateApps("Latency-Cert", total)
          : seeding.secretApps("Latency-Secret", total);
      PortTimer timer = new PortTimer();
      RenewCredentialUseCase renewal = rig.renewals(timer).renewal();
      CredentialType type = certificate ? CredentialType.CERTIFICATE : CredentialType.SECRET;

      Stats tool = new Stats();
      Map<String, Long> requests = new TreeMap<>();
      int renewed = 0;
      for (int i = 0; i < total; i++) {
        BenchApps.App app = apps.get(i);
        RenewalRequest request = RenewalRequest.direct(new ClientId(app.appId()), type,
            app.tenant(), "bench-" + UUID.randomUUID());
        rig.sandbox().state().resetRequestCounts();
        if (i == warmUp) {
          timer.reset();
        }
        long began = System.nanoTime();
        RenewalOutcome outcome = renewal.renew(request);
        long took = System.nanoTime() - began;
        if (!(outcome instanceof RenewalOutcome.Renewed)) {
          throw new IllegalStateException(name + " of " + app.displayName()
              + " was not renewed: " + outcome);
        }
        if (i >= warmUp) {
          tool.add(took);
          renewed++;
          rig.sandbox().state().requestCounts()
              .forEach((endpoint, count) -> requests.merge(endpoint, count, Long::sum));
        }
      }
      long requestTotal = requests.values().stream().mapToLong(Long::longValue).sum();
      double perRenewal = renewed == 0 ? 0 : (double) requestTotal / renewed;
      int roundTrips = (int) Math.round(perRenewal);
      Stats crypto = certificate ? cryptoFloor(keySize, renewals) : new Stats();
      Stats http = httpFloor(rig, roundTrips, renewals);
      Map<String, Double> perEndpoint = new TreeMap<>();
      int divisor = Math.max(1, renewed);
      requests.forEach((endpoint, count) -> perEndpoint.put(endpoint, (double) count / divisor));
      return new Result(name, tool, crypto, http, perRenewal, perEndpoint,
          timer.millisPer(renewed), renewed);
    }
  }

  /** Key generation and the renewal's signatures, alone. */
  static Stats cryptoFloor(int keySize, int runs) {
    KeyPair current = BenchApps.rsa(2048);
    byte[] payload = new byte[512];
    Stats stats = new Stats();
    for (int i = 0; i < runs; i++) {
      long began = System.nanoTime();
      KeyPair fresh = BenchApps.rsa(keySize);
      for (int s = 0; s < NEW_KEY_SIGNATURES; s++) {
        sign(fresh.getPrivate(), payload);
      }
      for (int s = 0; s < OLD_KEY_SIGNATURES; s++) {
        sign(current.getPrivate(), payload);
      }
      stats.add(System.nanoTime() - began);
    }
    return stats;
  }

  /**
   * {@code roundTrips} requests in a row to the sandbox's Entra metadata (no authentication,
   * little work on the server), with a bare client on one kept-alive connection.
   */
  static Stats httpFloor(Rig rig, int roundTrips, int runs) {
    HttpClient client = HttpClient.newBuilder()
        .sslContext(rig.sandbox().clientSslContext())
        .version(HttpClient.Version.HTTP_1_1)
        .build();
    String tenant = rig.sandbox().world().tenants().get(0).tenantId();
    URI uri = URI.create(rig.sandbox().entraAuthorityHost().toString().replaceAll("/$", "")
        + "/" + tenant + "/v2.0/.well-known/openid-configuration");
    HttpRequest request = HttpRequest.newBuilder(uri).GET().build();
    Stats stats = new Stats();
    try {
      for (int warm = 0; warm < 50; warm++) {
        client.send(request, HttpResponse.BodyHandlers.ofByteArray());
      }
      for (int i = 0; i < runs; i++) {
        long began = System.nanoTime();
        for (int r = 0; r < roundTrips; r++) {
          HttpResponse<byte[]> response =
              client.send(request, HttpResponse.BodyHandlers.ofByteArray());
          if (response.statusCode() != 200) {
            throw new IllegalStateException("the floor's request answered "
                + response.statusCode());
          }
        }
        stats.add(System.nanoTime() - began);
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    return stats;
  }

  private static void sign(PrivateKey key, byte[] payload) {
    try {
      Signature signature = Signature.getInstance("SHA256withRSA");
      signature.initSign(key);
      signature.update(payload);
      signature.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign", e);
    }
  }

  private void print(List<Result> results) {
    out.println("== Renewal latency (warm, one process, sandbox on loopback) ==");
    out.printf(Locale.ROOT, "%-24s %-44s %-12s %-12s %-12s %s%n", "renewal", "tool",
        "crypto med", "http med", "floor med", "tool/floor");
    for (Result r : results) {
      out.printf(Locale.ROOT, "%-24s %-44s %9.1f ms %9.1f ms %9.1f ms %s%n", r.name(),
          r.tool().summary(), r.crypto().medianMillis(), r.http().medianMillis(),
          r.floorMillis(), Stats.ratio(r.tool().medianMillis(), r.floorMillis()));
    }
    out.println();
    out.println("== HTTP requests per renewal, by endpoint (mean over the timed renewals) ==");
    for (Result r : results) {
      out.printf(Locale.ROOT, "%s: %.1f requests%n", r.name(), r.requestsPerRenewal());
      r.requestsByEndpoint().forEach((endpoint, count) ->
          out.printf(Locale.ROOT, "  %-40s %.2f%n", endpoint, count));
    }
    out.println();
    out.println("== Where a renewal's time goes: mean ms per renewal in each port call ==");
    for (Result r : results) {
      out.println(r.name() + ":");
      r.millisByPortCall().forEach((site, millis) ->
          out.printf(Locale.ROOT, "  %-40s %8.1f ms%n", site, millis));
    }
    out.println();
  }
}
