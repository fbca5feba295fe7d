package io.entrarenewal.core.port.out;

import io.entrarenewal.core.domain.CertificateKeyPair;
import io.entrarenewal.core.domain.SealedPfx;
import io.entrarenewal.core.domain.Secret;
import java.security.KeyPair;

/**
 * Reads and writes PFX (PKCS#12) files and the random passwords that protect them.
 *
 * <p>Opening throws a {@link io.entrarenewal.core.domain.RefusedException} with reason
 * {@link io.entrarenewal.core.domain.RefusalReason#UNREADABLE_CERTIFICATE} for a wrong password,
 * a corrupt file, or a file without a private key.
 */
public interface PfxFiles {

  /** A new random password for a PFX file. */
  Secret newPassword();

  /** Seals a certificate, its key and chain into a PFX file with {@code password}. */
  SealedPfx seal(CertificateKeyPair certificate, String friendlyName, Secret password);

  /** Opens a PFX file. */
  CertificateKeyPair open(byte[] pfx, Secret password);

  /** Seals a bare key pair (of a pending certificate request) with {@code password}. */
  byte[] sealKey(KeyPair keyPair, Secret password);

  /** Opens a key pair sealed by {@link #sealKey}. */
  KeyPair openKey(byte[] sealed, Secret password);
}
