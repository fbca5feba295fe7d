package io.entrarenewal.core.fakes;

import io.entrarenewal.core.domain.CertificateKeyPair;
import io.entrarenewal.core.domain.ExternalSystem;
import io.entrarenewal.core.domain.RefusalReason;
import io.entrarenewal.core.domain.RefusedException;
import io.entrarenewal.core.domain.SealedPfx;
import io.entrarenewal.core.domain.Secret;
import io.entrarenewal.core.port.out.PfxFiles;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * PFX files in memory: a sealed file is a random token that opens, with the right password, to
 * the pair it was made from. Enough for the flows, which treat PFX files as opaque bytes.
 */
public final class InMemoryPfxFiles implements PfxFiles {

  private record Sealed(Object content, Secret password) {}

  private final Map<String, Sealed> files = new HashMap<>();

  /** Seals a pair as a real-looking file for fixtures. */
  public synchronized byte[] fixture(CertificateKeyPair pair, Secret password) {
    return seal(pair, "fixture", password).content();
  }

  @Override
  public Secret newPassword() {
    return Secret.of(UUID.randomUUID().toString() + UUID.randomUUID());
  }

  @Override
  public synchronized SealedPfx seal(
      CertificateKeyPair certificate, String friendlyName, Secret password) {
    return new SealedPfx(remember(certificate, password), password);
  }

  @Override
  public synchronized CertificateKeyPair open(byte[] pfx, Secret password) {
    return (CertificateKeyPair) unseal(pfx, password);
  }

  @Override
  public synchronized byte[] sealKey(KeyPair keyPair, Secret password) {
    return remember(keyPair, password);
  }

  @Override
  public synchronized KeyPair openKey(byte[] sealed, Secret password) {
    return (KeyPair) unseal(sealed, password);
  }

  private byte[] remember(Object content, Secret password) {
    String token = "pfx-" + UUID.randomUUID();
    files.put(token, new Sealed(content, password));
    return token.getBytes(StandardCharsets.US_ASCII);
  }

  private Object unseal(byte[] bytes, Secret password) {
    Sealed sealed = files.get(new String(bytes, StandardCharsets.US_ASCII));
    if (sealed == null) {
      throw new RefusedException(ExternalSystem.VAULT, RefusalReason.UNREADABLE_CERTIFICATE,
          "the file is not a PFX file");
    }
    if (!sealed.password().equals(password)) {
      throw new RefusedException(ExternalSystem.VAULT, RefusalReason.UNREADABLE_CERTIFICATE,
          "the PFX password is wrong");
    }
    return sealed.content();
  }
}
