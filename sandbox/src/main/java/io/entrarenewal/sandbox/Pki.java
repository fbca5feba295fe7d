package io.entrarenewal.sandbox;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The AD CS side of the sandbox: the issuing CA, its templates, the enrollment account and the
 * requests it has seen. Callers hold this object's monitor.
 */
final class Pki {

  final String caName;
  final KeyPair caKeys;
  final X509Certificate caCertificate;
  final Map<String, TemplateData> templates = new LinkedHashMap<>();
  final Map<String, String> accounts = new LinkedHashMap<>();
  final Map<Integer, RequestData> requests = new TreeMap<>();
  int nextRequestId = 83;

  Pki(String caName, KeyPair caKeys, X509Certificate caCertificate) {
    this.caName = caName;
    this.caKeys = caKeys;
    this.caCertificate = caCertificate;
  }

  /** A certificate template: how long its certificates live and whether a manager approves. */
  record TemplateData(String name, Duration validity, boolean holdForApproval) {}

  enum Disposition { ISSUED, PENDING, DENIED }

  /** One enrollment request with its outcome. */
  static final class RequestData {
    final int id;
    final String template;
    final byte[] csr;
    final String requester;
    Disposition disposition;
    String dispositionMessage;
    X509Certificate certificate;

    RequestData(int id, String template, byte[] csr, String requester) {
      this.id = id;
      this.template = template;
      this.csr = csr;
      this.requester = requester;
    }
  }
}
