package io.entrarenewal.examples;

import io.entrarenewal.core.domain.RenewalSettings;
import io.entrarenewal.core.domain.Tenant;
import java.time.Duration;
import java.util.List;

/** Settings that depart from the defaults: shorter-lived secrets, renewed earlier. */
public final class CustomSettings {

  private CustomSettings() {}

  /** 180-day secrets, due 45 days before they expire. */
  public static RenewalSettings shortLived(List<Tenant> tenants) {
    RenewalSettings settings = RenewalSettings.builder(tenants, "6691", "Systeemsoftware")
        .secretValidity(Duration.ofDays(180))
        .renewBefore(Duration.ofDays(45))
        .build();
    return settings;
  }
}
