package io.entrarenewal.adapter.graph;

import io.entrarenewal.core.domain.CertificateKeyPair;
import io.entrarenewal.core.domain.Secret;
import io.entrarenewal.core.domain.Tenant;
import io.entrarenewal.core.fakes.ManualClock;
import io.entrarenewal.sandbox.Sandbox;
import io.entrarenewal.sandbox.World;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The adapter's view of a running sandbox: settings pointing at its Entra and Graph, the
 * configured tenants, and the seeded apps' current certificates read from its vault.
 */
final class SandboxWorld {

  private static final int SYSTEM_ACCOUNTS = 8620;
  private static final int CERTIFICATES = 6691;
  private static final Pattern DOCUMENT_ID = Pattern.compile("\"DocumentID\"\\s*:\\s*(\\d+)");

  private SandboxWorld() {}

  /** Settings as production would build them, pointed at the sandbox and trusting its CA. */
  static GraphSettings.Builder settings(Sandbox sandbox) {
    GraphSettings.Builder builder = GraphSettings.builder()
        .authorityHost(sandbox.entraAuthorityHost())
        .graphBaseUrl(sandbox.graphBaseUri())
        .trustStore(sandbox.trustStore());
    for (World.Tenant tenant : sandbox.world().tenants()) {
      builder.account(tenant.name(), account(sandbox, tenant));
    }
    return builder;
  }

  /** The tenant as the product configures it. */
  static Tenant tenant(Sandbox sandbox, String name) {
    World.Tenant seeded = sandbox.world().tenant(name);
    String suffix = "education".equals(name) ? "_OND" : null;
    return new Tenant(name, seeded.tenantId(), Integer.toString(seeded.secretListId()), suffix);
  }

  /** The Graph account of a tenant, read from the vault's system accounts as the product does. */
  private static GraphAccount account(Sandbox sandbox, World.Tenant tenant) {
    Map<String, Object> record = sandbox.state()
        .passwordRecordsTitled(SYSTEM_ACCOUNTS, tenant.accountTitle()).get(0);
    return new GraphAccount(String.valueOf(record.get("UserName")),
        Secret.of(String.valueOf(record.get("Password"))));
  }

  /** A seeded app's current certificate and key, opened from the PFX in its vault entry. */
  static CertificateKeyPair currentCertificate(Sandbox sandbox, String appDisplayName) {
    Map<String, Object> entry = sandbox.state()
        .passwordRecordsTitled(CERTIFICATES, "Certificaat " + appDisplayName).get(0);
    Matcher documentId = DOCUMENT_ID.matcher(String.valueOf(entry.get("GenericField7")));
    if (!documentId.find()) {
      throw new IllegalStateException("no DocumentID in the entry of " + appDisplayName);
    }
    byte[] pfx = sandbox.state().document(Integer.parseInt(documentId.group(1))).orElseThrow();
    return open(pfx, String.valueOf(entry.get("Password")).toCharArray());
  }

  private static CertificateKeyPair open(byte[] pfx, char[] password) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(new ByteArrayInputStream(pfx), password);
      String alias = store.aliases().nextElement();
      List<X509Certificate> chain = new ArrayList<>();
      for (java.security.cert.Certificate certificate : store.getCertificateChain(alias)) {
        chain.add((X509Certificate) certificate);
      }
      return new CertificateKeyPair(chain.get(0), (PrivateKey) store.getKey(alias, password),
          chain.subList(1, chain.size()));
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot open the sandbox's PFX", e);
    }
  }

  /**
   * One notion of now for the sandbox and the adapter: pauses of the adapter move it forward
   * instead of waiting, so propagation delays and Retry-After cost no real time.
   */
  static final class SharedTime extends ManualClock implements Pacer {
    SharedTime() {
      super(Instant.now());
    }

    @Override
    public Instant now() {
      return instant();
    }

    @Override
    public void sleep(Duration duration) {
      advance(duration);
    }

    List<Duration> pausesSince(int index) {
      return advancesSince(index);
    }

    int pauseCount() {
      return advanceCount();
    }
  }
}
