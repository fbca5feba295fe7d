package io.entrarenewal.adapter.pki;

import io.entrarenewal.core.domain.CertificateOrder;
import java.security.KeyPair;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/** One enrollment protocol: sends a request and asks about it again. */
interface Enroller {

  /** Sends a new request; this may make the CA issue a certificate, so it is never repeated. */
  Submission submit(PKCS10CertificationRequest csr, CertificateOrder order);

  /** Asks again about a pending request; safe to repeat. */
  Submission check(String requestId, KeyPair keyPair);
}
