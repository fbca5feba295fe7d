package io.entrarenewal.adapter.pki;

import io.entrarenewal.core.domain.CertificateOrder;
import java.security.KeyPair;
import java.util.List;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/** Enrollment at the {@link EmbeddedCa}: issued at once, never pending. */
final class EmbeddedEnroller implements Enroller {

  private final EmbeddedCa ca;

  EmbeddedEnroller(EmbeddedCa ca) {
    this.ca = ca;
  }

  @Override
  public Submission submit(PKCS10CertificationRequest csr, CertificateOrder order) {
    return new Submission.Issued(ca.issue(csr), List.of(ca.certificate()));
  }

  @Override
  public Submission check(String requestId, KeyPair keyPair) {
    return new Submission.Denied(requestId, "the embedded CA never holds requests; request "
        + requestId + " is unknown to it");
  }
}
