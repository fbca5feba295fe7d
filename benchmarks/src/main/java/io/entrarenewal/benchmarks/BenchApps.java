package io.entrarenewal.benchmarks;

import io.entrarenewal.sandbox.Sandbox;
import io.entrarenewal.sandbox.SandboxState;
import io.entrarenewal.sandbox.World;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Apps due for renewal, added to a sandbox for the benchmarks: each with its credential ending
 * in ten days and its vault entry as the seeded demo apps have it. Certificate apps share one
 * key pair and carry self-signed certificates, so that seeding costs one key, not one per app.
 */
final class BenchApps {

  /** One seeded app. */
  record App(String tenant, String appId, String displayName, boolean certificate) {}

  private static final Duration LEFT = Duration.ofDays(10);
  private static final String TEMPLATE = "_D09-CA2-SHA256-EntraID";

  private final Sandbox sandbox;
  private final KeyPair sharedKeys;
  private int serial;

  BenchApps(Sandbox sandbox) {
    this.sandbox = sandbox;
    this.sharedKeys = rsa(2048);
  }

  /** Adds {@code count} secret apps, alternating between the tenants. */
  List<App> secretApps(String prefix, int count) {
    List<App> apps = new ArrayList<>();
    SandboxState state = sandbox.state();
    List<World.Tenant> tenants = sandbox.world().tenants();
    for (int i = 0; i < count; i++) {
      World.Tenant tenant = tenants.get(i % tenants.size());
      String name = String.format("%s-%05d", prefix, i);
      SandboxState.AppView app = state.createApp(tenant.name(), name, false);
      String secret = state.addSecret(tenant.name(), app.appId(), LEFT);
      SandboxState.SecretView added = state.app(tenant.name(), app.appId()).orElseThrow()
          .secrets().get(0);
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("Title", name);
      fields.put("UserName", app.appId());
      fields.put("Password", secret);
      fields.put("Description", "Client secret of " + name);
      fields.put("GenericField6", "{\"KeyId\":\"" + added.keyId() + "\",\"StartDate\":\""
          + added.start() + "\",\"EndDate\":\"" + added.end() + "\"}");
      state.addPasswordRecord(tenant.secretListId(), fields);
      apps.add(new App(tenant.name(), app.appId(), name, false));
    }
    return apps;
  }

  /** Adds {@code count} certificate apps, alternating between the tenants. */
  List<App> certificateApps(String prefix, int count) {
    List<App> apps = new ArrayList<>();
    SandboxState state = sandbox.state();
    List<World.Tenant> tenants = sandbox.world().tenants();
    int list = sandbox.world().passwordstate().certificateListId();
    for (int i = 0; i < count; i++) {
      World.Tenant tenant = tenants.get(i % tenants.size());
      String name = String.format("%s-%05d", prefix, i);
      SandboxState.AppView app = state.createApp(tenant.name(), name, false);
      X509Certificate certificate = selfSigned(name);
      UUID keyId = state.addCertificate(tenant.name(), app.appId(), certificate);
      String password = UUID.randomUUID().toString();
      String title = "Certificaat " + name;
      int passwordId = state.addPasswordRecord(list, Map.of("Title", title, "UserName",
          app.appId(), "Password", password, "Description", "Certificate of " + name));
      int documentId = state.addDocument(passwordId, name + ".pfx", pfx(certificate, password));
      state.updatePasswordRecord(passwordId, Map.of("GenericField7", "{\"UsedTemplate\":\""
          + TEMPLATE + "\",\"DocumentID\":" + documentId + ",\"Thumbprint\":\""
          + thumbprint(certificate) + "\",\"KeyId\":\"" + keyId + "\",\"StartDate\":\""
          + certificate.getNotBefore().toInstant() + "\",\"EndDate\":\""
          + certificate.getNotAfter().toInstant() + "\"}"));
      apps.add(new App(tenant.name(), app.appId(), name, true));
    }
    return apps;
  }

  static KeyPair rsa(int bits) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(bits);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("RSA is not available", e);
    }
  }

  private X509Certificate selfSigned(String name) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    X500Name subject = new X500Name("CN=" + name);
    try {
      JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
          BigInteger.valueOf(++serial), Date.from(now.minus(Duration.ofDays(355))),
          Date.from(now.plus(LEFT)), subject, sharedKeys.getPublic());
      return new JcaX509CertificateConverter().getCertificate(builder.build(
          new JcaContentSignerBuilder("SHA256withRSA").build(sharedKeys.getPrivate())));
    } catch (OperatorCreationException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot issue the starting certificate of " + name, e);
    }
  }

  private byte[] pfx(X509Certificate certificate, String password) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("certificate", sharedKeys.getPrivate(), password.toCharArray(),
          new Certificate[] {certificate});
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      store.store(out, password.toCharArray());
      return out.toByteArray();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot write a PFX", e);
    }
  }

  private static String thumbprint(X509Certificate certificate) {
    try {
      return HexFormat.of().withUpperCase().formatHex(
          MessageDigest.getInstance("SHA-1").digest(certificate.getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot hash a certificate", e);
    }
  }
}
