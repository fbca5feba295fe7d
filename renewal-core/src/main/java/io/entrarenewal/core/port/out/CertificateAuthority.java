package io.entrarenewal.core.port.out;

import io.entrarenewal.core.domain.CertificateOrder;
import io.entrarenewal.core.domain.Enrollment;
import java.security.KeyPair;

/**
 * The PKI that issues app certificates. Implementations generate the key pair themselves; only a
 * certificate signing request leaves the process. Every issued certificate is checked before it
 * is returned (our key, sane validity, RSA of at least 2048 bits, chains to the configured CA).
 *
 * <p>Methods throw {@link io.entrarenewal.core.domain.ExternalSystemException} when the CA cannot
 * be reached, and a {@link io.entrarenewal.core.domain.RefusedException} with reason
 * {@link io.entrarenewal.core.domain.RefusalReason#CERTIFICATE_REJECTED} when what it issued
 * fails the checks.
 */
public interface CertificateAuthority {

  /** Generates a key, requests a certificate for it and reports what the CA decided. */
  Enrollment enroll(CertificateOrder order);

  /**
   * Asks again about a request the CA held as pending, for the key pair generated then.
   *
   * @param requestId the CA's request id
   * @param keyPair the key pair the request was made for
   */
  Enrollment collect(String requestId, KeyPair keyPair);
}
