package io.entrarenewal.core.service;

import io.entrarenewal.core.domain.AppRegistration;
import io.entrarenewal.core.domain.HandOverReason;
import io.entrarenewal.core.domain.RenewalSettings;
import io.entrarenewal.core.domain.Step;
import io.entrarenewal.core.domain.Tenant;
import io.entrarenewal.core.domain.Texts;
import io.entrarenewal.core.port.out.Directory;
import java.util.List;
import java.util.Optional;

/** Finds the tenant an app lives in: the one the request names, or the first that has it. */
final class AppLocator {

  private final RenewalSettings settings;
  private final Directory directory;

  AppLocator(RenewalSettings settings, Directory directory) {
    this.settings = settings;
    this.directory = directory;
  }

  void locate(Attempt attempt) {
    for (Tenant tenant : tenantsToSearch(attempt)) {
      Optional<AppRegistration> app =
          attempt.step(Step.FIND_APP,
              () -> directory.findApp(tenant, attempt.request().clientId()));
      if (app.isPresent()) {
        attempt.found(tenant, app.get());
        return;
      }
    }
    throw attempt.handOver(
        HandOverReason.APP_NOT_FOUND,
        Step.FIND_APP,
        "No app registration with client id " + attempt.request().clientId() + " in "
            + describe(tenantsToSearch(attempt)) + ".");
  }

  AppRegistration reload(Attempt attempt, Step step) {
    AppRegistration app =
        attempt.step(step, () -> directory.findApp(attempt.tenant(), attempt.app().clientId()))
            .orElseThrow(() -> attempt.failed(step, "The app registration "
                + attempt.app().clientId() + " disappeared from tenant "
                + attempt.tenant().name() + " during the renewal.", false));
    attempt.refreshed(app);
    return app;
  }

  private List<Tenant> tenantsToSearch(Attempt attempt) {
    Optional<String> named = attempt.request().tenantNameIfAny();
    if (named.isEmpty()) {
      return settings.tenants();
    }
    return List.of(settings.tenant(named.get()).orElseThrow(() -> attempt.handOver(
        HandOverReason.INVALID_REQUEST,
        Step.VALIDATE_REQUEST,
        "The request names tenant " + Texts.quoteForHumans(named.get())
            + ", which is not configured.")));
  }

  private static String describe(List<Tenant> tenants) {
    return tenants.size() == 1
        ? "tenant " + tenants.get(0).name()
        : "any of the tenants " + String.join(", ", tenants.stream().map(Tenant::name).toList());
  }
}
