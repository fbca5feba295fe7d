package io.entrarenewal.core.fakes;

import io.entrarenewal.core.domain.CertificateKeyPair;
import io.entrarenewal.core.domain.ClientId;
import io.entrarenewal.core.domain.MetadataKeys;
import io.entrarenewal.core.domain.RenewalSettings;
import io.entrarenewal.core.domain.Secret;
import io.entrarenewal.core.domain.Tenant;
import io.entrarenewal.core.port.out.AppLocks;
import io.entrarenewal.core.service.Renewals;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * A small world of fakes for use-case tests: two tenants shaped like the original deployment
 * (production, and education with the "_OND" suffix), the four ports in memory, a fixed clock,
 * and helpers that seed apps with their vault entries.
 */
public final class World {

  /** The fixed "now" of every test world. */
  public static final Instant NOW = Instant.parse("2027-01-15T09:00:00Z");
  public static final String SECRET_LIST = "7651";
  public static final String EDUCATION_SECRET_LIST = "8633";
  public static final String CERTIFICATE_LIST = "6691";
  public static final Tenant PRODUCTION =
      new Tenant("production", "11111111-1111-1111-1111-111111111111", SECRET_LIST, null);
  public static final Tenant EDUCATION =
      new Tenant("education", "22222222-2222-2222-2222-222222222222", EDUCATION_SECRET_LIST,
          "_OND");

  public final Faults faults = new Faults();
  public final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  public final InMemoryWorkQueue queue = new InMemoryWorkQueue(faults);
  public final InMemoryVault vault = new InMemoryVault(faults);
  public final InMemoryDirectory directory = new InMemoryDirectory(faults, clock);
  public final InMemoryCertificateAuthority authority = new InMemoryCertificateAuthority(faults, 4);
  public final InMemoryPfxFiles pfxFiles = new InMemoryPfxFiles();
  private boolean administrativePath;
  private AppLocks appLocks = AppLocks.withinProcess();

  /** Lets apps without a valid certificate get one through the administrator. */
  public World withAdministrativePath() {
    this.administrativePath = true;
    return this;
  }

  /** Keeps renewals of one app apart from other runners' through these locks. */
  public World withAppLocks(AppLocks locks) {
    this.appLocks = locks;
    return this;
  }

  /** The settings of this world. */
  public RenewalSettings settings() {
    return RenewalSettings.builder(List.of(PRODUCTION, EDUCATION), CERTIFICATE_LIST,
            "Systeemsoftware")
        .administrativeCertificatePath(administrativePath)
        .build();
  }

  /** The use cases wired to this world's fakes. */
  public Renewals renewals() {
    return Renewals.builder()
        .settings(settings())
        .workQueue(queue)
        .vault(vault)
        .directory(directory)
        .certificateAuthority(authority)
        .pfxFiles(pfxFiles)
        .appLocks(appLocks)
        .clock(clock)
        .build();
  }

  /** An app with one secret expiring in ten days and its secret entry. */
  public ClientId appWithSecret(Tenant tenant, String clientId, String name) {
    ClientId id = new ClientId(clientId);
    directory.addApp(tenant.name(), id, name);
    Secret old = Secret.of("old-secret-of-" + name);
    var credential = directory.giveSecret(tenant.name(), id, old, NOW.minus(Duration.ofDays(355)),
        NOW.plus(Duration.ofDays(10)));
    vault.addEntry(tenant.secretListId(), name, old,
        Map.of(MetadataKeys.KEY_ID, credential.keyId().toString()));
    return id;
  }

  /**
   * An app whose certificate (test pair {@code pair}) is registered in Entra until
   * {@code entraEnd}, with its certificate entry holding the PFX.
   */
  public ClientId appWithCertificate(
      Tenant tenant, String clientId, String name, int pair, Instant entraEnd) {
    ClientId id = new ClientId(clientId);
    directory.addApp(tenant.name(), id, name);
    CertificateKeyPair current = TestCertificates.pair(pair);
    directory.giveCertificate(tenant.name(), id, current.certificate(),
        NOW.minus(Duration.ofDays(300)), entraEnd);
    Secret password = Secret.of("pfx-password-of-" + name);
    String entryId = vault.addEntry(CERTIFICATE_LIST, "Certificaat " + name, password,
        Map.of(MetadataKeys.USED_TEMPLATE, "_D09-CA2-SHA256-EntraID"));
    String documentId = vault.attach(entryId, pfxFiles.fixture(current, password));
    vault.update(vault.findEntry(CERTIFICATE_LIST, "Certificaat " + name).orElseThrow(),
        java.util.Optional.empty(), Map.of(MetadataKeys.DOCUMENT_ID, documentId));
    faults.resetCount();
    return id;
  }
}
