package io.entrarenewal.adapter.pki;

import io.entrarenewal.core.domain.CertificateOrder;
import io.entrarenewal.core.domain.ExternalSystem;
import io.entrarenewal.core.domain.ExternalSystemException;
import io.entrarenewal.core.domain.ExternalSystemException.Kind;
import io.entrarenewal.core.domain.InvalidRequestException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * EST simple enrollment (RFC 7030 section 4.2). EST has no request ids: a client asks again
 * about a held request by sending the same request once more, so the pending id we report is the
 * request's subject, from which the same request is rebuilt with the kept key pair (RSA
 * PKCS#1 v1.5 signatures are deterministic, so the bytes are identical).
 */
final class EstEnroller implements Enroller {

  private static final Logger LOG = LoggerFactory.getLogger(EstEnroller.class);
  private static final ExternalSystem CA = ExternalSystem.CERTIFICATE_AUTHORITY;
  static final String ID_PREFIX = "est:";

  private final EstSettings settings;
  private final HttpCalls http;

  EstEnroller(EstSettings settings, Sleeper sleeper) {
    this.settings = settings;
    this.http = new HttpCalls(settings.sslContext(), settings.authentication(),
        settings.retryPolicy(), settings.requestTimeout(), sleeper);
  }

  @Override
  public Submission submit(PKCS10CertificationRequest csr, CertificateOrder order) {
    return enroll(csr, "EST enrollment (renewal " + order.requestId() + ")");
  }

  @Override
  public Submission check(String requestId, KeyPair keyPair) {
    if (!requestId.startsWith(ID_PREFIX)) {
      throw new InvalidRequestException("'" + requestId + "' is not an EST request id");
    }
    X500Name subject;
    try {
      subject = CertificateRequests.parseName(requestId.substring(ID_PREFIX.length()));
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("'" + requestId + "' does not hold a valid subject");
    }
    PKCS10CertificationRequest csr = CertificateRequests.csr(subject, keyPair);
    return enroll(csr, "EST check of the request for " + subject);
  }

  // Limitation: only simpleenroll; simplereenroll, csrattrs and serverkeygen are not used, so
  // every renewal enrolls a new key.
  private Submission enroll(PKCS10CertificationRequest csr, String what) {
    HttpRequest request = http.request(settings.operation("simpleenroll"))
        .header("Content-Type", "application/pkcs10")
        .header("Content-Transfer-Encoding", "base64")
        .POST(HttpRequest.BodyPublishers.ofString(base64(csr)))
        .build();

    HttpResponse<String> response = http.submit(request, what);

    String id = ID_PREFIX + CertificateRequests.nameText(csr.getSubject());
    if (response.statusCode() == 202) {
      return new Submission.Pending(id, RetryAfter.of(response));
    }
    if (response.statusCode() != 200) {
      throw new ExternalSystemException(CA, Kind.AMBIGUOUS,
          what + ": unexpected HTTP " + response.statusCode());
    }
    List<X509Certificate> certificates =
        Certificates.parseAnswer(what, () -> Certificates.fromBase64Pkcs7(response.body()));
    return issued(certificates, csr, id, what);
  }

  private Submission issued(List<X509Certificate> certificates, PKCS10CertificationRequest csr,
      String id, String what) {
    byte[] ours = subjectPublicKeyInfo(csr);
    X509Certificate leaf = certificates.stream()
        .filter(certificate -> Arrays.equals(
            certificate.getPublicKey().getEncoded(), ours))
        .findFirst()
        .orElse(certificates.isEmpty() ? null : certificates.get(0));
    if (leaf == null) {
      throw new ExternalSystemException(
          CA, Kind.REFUSED, what + ": the answer holds no certificate");
    }
    List<X509Certificate> others = new ArrayList<>(certificates);
    others.remove(leaf);
    try {
      others.addAll(caCertificates());
    } catch (ExternalSystemException e) {
      if (!e.isTransient()) {
        throw e;
      }
      // The certificate exists now; asking again returns it, so report the request as pending.
      LOG.warn("EST issued a certificate but /cacerts failed; reporting it as pending: {}",
          e.getMessage());
      return new Submission.Pending(id, Optional.empty());
    }
    return new Submission.Issued(leaf, others);
  }

  private List<X509Certificate> caCertificates() {
    String what = "EST download of /cacerts";
    HttpRequest request = http.request(settings.operation("cacerts")).GET().build();
    String body = http.read(request, what).body();
    return Certificates.parseAnswer(what, () -> Certificates.fromBase64Pkcs7(body));
  }

  private static String base64(PKCS10CertificationRequest csr) {
    try {
      return Base64.getMimeEncoder().encodeToString(csr.getEncoded());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode the certificate request", e);
    }
  }

  private static byte[] subjectPublicKeyInfo(PKCS10CertificationRequest csr) {
    try {
      return csr.getSubjectPublicKeyInfo().getEncoded();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode the request's public key", e);
    }
  }
}
