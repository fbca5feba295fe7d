package io.entrarenewal.adapter.graph;

import static org.assertj.core.api.Assertions.assertThat;

import io.entrarenewal.core.domain.AppRegistration;
import io.entrarenewal.core.domain.Credential;
import io.entrarenewal.core.domain.Tenant;
import io.entrarenewal.sandbox.Fault;
import io.entrarenewal.sandbox.Sandbox;
import io.entrarenewal.sandbox.SandboxOptions;
import io.entrarenewal.sandbox.SandboxState.AppView;
import io.entrarenewal.sandbox.SandboxState.CertificateView;
import io.entrarenewal.sandbox.SandboxState.SecretView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Listing a tenant that needs more than one page of 999 apps, against the sandbox's Graph:
 * 2,100 generated apps over two tenants give each tenant 1,050 apps plus its automation account.
 */
class GraphDirectoryListSandboxTest {

  private static final int APPS = 2100;
  private static final String LIST = "/v1\\.0/applications";

  private static final SandboxWorld.SharedTime TIME = new SandboxWorld.SharedTime();
  private static Sandbox sandbox;
  private static Tenant production;

  @BeforeAll
  static void start() {
    sandbox = Sandbox.start(SandboxOptions.defaults().withClock(TIME).withLargeWorld(APPS));
    production = SandboxWorld.tenant(sandbox, "production");
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  @AfterEach
  void clearFaults() {
    sandbox.faults().clear();
  }

  @Test
  void givenTwoPagesOfApps_listApps_deliversEveryAppOnceWithItsCredentials() {
    GraphDirectory directory = GraphDirectory.create(SandboxWorld.settings(sandbox).build());
    long pagesBefore = sandbox.state().requestCount("graph.listApplications");
    List<AppRegistration> seen = new ArrayList<>();

    directory.listApps(production, seen::add);

    List<AppView> held = sandbox.state().apps(production.directoryId());
    assertThat(held).hasSize(APPS / 2 + 1);
    assertThat(seen).extracting(AppRegistration::objectId)
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(held.stream().map(AppView::objectId).toList());
    assertThat(sandbox.state().requestCount("graph.listApplications") - pagesBefore)
        .isEqualTo(2);
    Map<String, AppRegistration> byObjectId = seen.stream()
        .collect(Collectors.toMap(AppRegistration::objectId, Function.identity()));
    for (AppView app : held) {
      assertThat(byObjectId.get(app.objectId()).credentials())
          .extracting(Credential::keyId)
          .as("credentials of %s", app.displayName())
          .containsExactlyInAnyOrderElementsOf(keyIds(app));
    }
  }

  @Test
  void givenSecondPageThrottled_listApps_waitsRetryAfterAndStillDeliversEachAppOnce() {
    GraphDirectory directory = new GraphDirectory(SandboxWorld.settings(sandbox).build(), TIME);
    long pagesBefore = sandbox.state().requestCount("graph.listApplications");
    int pausesBefore = TIME.pauseCount();
    AtomicBoolean throttleNextPage = new AtomicBoolean(true);
    Map<String, Integer> deliveries = new HashMap<>();

    directory.listApps(production, app -> {
      // The first page is being delivered: the next request is the second page's.
      if (throttleNextPage.getAndSet(false)) {
        sandbox.faults().inject("GET", LIST, 1, Fault.throttled(429, 5));
      }
      deliveries.merge(app.objectId(), 1, Integer::sum);
    });

    assertThat(deliveries).hasSize(APPS / 2 + 1).allSatisfy((id, count) ->
        assertThat(count).as("deliveries of %s", id).isEqualTo(1));
    assertThat(sandbox.state().requestCount("graph.listApplications") - pagesBefore)
        .isEqualTo(3);
    assertThat(TIME.pausesSince(pausesBefore)).singleElement()
        .satisfies(pause -> assertThat(pause).isGreaterThanOrEqualTo(Duration.ofSeconds(5)));
  }

  private static List<UUID> keyIds(AppView app) {
    return Stream.concat(app.secrets().stream().map(SecretView::keyId),
        app.certificates().stream().map(CertificateView::keyId)).toList();
  }
}
