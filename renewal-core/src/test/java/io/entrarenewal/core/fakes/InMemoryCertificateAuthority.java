package io.entrarenewal.core.fakes;

import io.entrarenewal.core.domain.CertificateKeyPair;
import io.entrarenewal.core.domain.CertificateOrder;
import io.entrarenewal.core.domain.Enrollment;
import io.entrarenewal.core.domain.ExternalSystem;
import io.entrarenewal.core.port.out.CertificateAuthority;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A PKI in memory that "issues" the pre-generated test certificates, one per enrollment, and can
 * hold requests for approval or deny them.
 */
public final class InMemoryCertificateAuthority implements CertificateAuthority {

  /** What the CA does with the next enrollment. */
  public enum Policy { ISSUE, HOLD, DENY }

  private final Faults faults;
  private final List<CertificateKeyPair> issued = new ArrayList<>();
  private final List<CertificateOrder> orders = new ArrayList<>();
  private final Map<String, CertificateKeyPair> pending = new HashMap<>();
  private final Map<String, Boolean> approved = new HashMap<>();
  private int next;
  private Policy policy = Policy.ISSUE;

  /**
   * A CA whose calls go through {@code faults}, issuing test certificates from number
   * {@code firstPair} on.
   */
  public InMemoryCertificateAuthority(Faults faults, int firstPair) {
    this.faults = faults;
    this.next = firstPair;
  }

  /** What the CA does with later enrollments. */
  public synchronized void policy(Policy policy) {
    this.policy = policy;
  }

  /** Approves a pending request: the next collect gets the certificate. */
  public synchronized void approve(String requestId) {
    approved.put(requestId, true);
  }

  /** The certificates issued so far. */
  public synchronized List<CertificateKeyPair> issued() {
    return List.copyOf(issued);
  }

  /** The orders received so far. */
  public synchronized List<CertificateOrder> orders() {
    return List.copyOf(orders);
  }

  @Override
  public Enrollment enroll(CertificateOrder order) {
    return faults.call(ExternalSystem.CERTIFICATE_AUTHORITY, "ca.enroll", () -> {
      synchronized (this) {
        orders.add(order);
        CertificateKeyPair pair = TestCertificates.pair(next++);
        String requestId = String.valueOf(100 + orders.size());
        return switch (policy) {
          case ISSUE -> issue(pair);
          case HOLD -> {
            pending.put(requestId, pair);
            yield new Enrollment.Pending(requestId, keyPair(pair));
          }
          case DENY -> new Enrollment.Denied(requestId,
              "Denied by Policy Module 0x80094800, The requested certificate template is not"
                  + " supported by this CA.");
        };
      }
    });
  }

  @Override
  public Enrollment collect(String requestId, KeyPair keyPair) {
    return faults.call(ExternalSystem.CERTIFICATE_AUTHORITY, "ca.collect", () -> {
      synchronized (this) {
        CertificateKeyPair pair = pending.get(requestId);
        if (pair == null || !pair.certificate().getPublicKey().equals(keyPair.getPublic())) {
          return new Enrollment.Denied(requestId, "unknown request or key");
        }
        if (!approved.getOrDefault(requestId, false)) {
          return new Enrollment.Pending(requestId, keyPair);
        }
        pending.remove(requestId);
        return issue(pair);
      }
    });
  }

  private Enrollment issue(CertificateKeyPair pair) {
    issued.add(pair);
    return new Enrollment.Issued(pair);
  }

  private static KeyPair keyPair(CertificateKeyPair pair) {
    return new KeyPair(pair.certificate().getPublicKey(), pair.privateKey());
  }
}
