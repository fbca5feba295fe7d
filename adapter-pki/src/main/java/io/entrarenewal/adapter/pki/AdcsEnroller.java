package io.entrarenewal.adapter.pki;

import io.entrarenewal.core.domain.CertificateOrder;
import io.entrarenewal.core.domain.ExternalSystem;
import io.entrarenewal.core.domain.ExternalSystemException;
import io.entrarenewal.core.domain.ExternalSystemException.Kind;
import io.entrarenewal.core.domain.InvalidRequestException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AD CS web enrollment (certsrv): the form post to certfnsh.asp, then the downloads of the
 * certificate and the CA chain. Field names follow the open-source certsrv clients, see the
 * module documentation.
 */
final class AdcsEnroller implements Enroller {

  private static final Logger LOG = LoggerFactory.getLogger(AdcsEnroller.class);
  private static final ExternalSystem CA = ExternalSystem.CERTIFICATE_AUTHORITY;
  private static final String FORM = "application/x-www-form-urlencoded";

  private final AdcsSettings settings;
  private final HttpCalls http;

  AdcsEnroller(AdcsSettings settings, Sleeper sleeper) {
    this.settings = settings;
    this.http = new HttpCalls(settings.sslContext(), settings.authentication(),
        settings.retryPolicy(), settings.requestTimeout(), sleeper);
  }

  @Override
  public Submission submit(PKCS10CertificationRequest csr, CertificateOrder order) {
    String template = checkedTemplate(order.template());
    Map<String, String> form = new LinkedHashMap<>();
    form.put("Mode", "newreq");
    form.put("CertRequest", CertificateRequests.pem(csr));
    // One attribute per CRLF-terminated line; the template goes by its common name.
    // Limitation: no ExpirationDate attribute is sent; the template decides the validity.
    form.put("CertAttrib", "CertificateTemplate:" + template + "\r\n");
    form.put("FriendlyType", "Saved-Request Certificate");
    form.put("ThumbPrint", "");
    form.put("TargetStoreFlags", "0");
    form.put("SaveCert", "yes");
    String what = "AD CS request for template '" + template + "' (renewal " + order.requestId()
        + ")";

    HttpResponse<String> response = http.submit(post("certfnsh.asp", form), what);

    return interpret(response.body(), what, Optional.empty(), Kind.AMBIGUOUS);
  }

  @Override
  public Submission check(String requestId, KeyPair keyPair) {
    String id = checkedRequestId(requestId);
    Map<String, String> form = new LinkedHashMap<>();
    form.put("Mode", "chkpnd");
    form.put("ReqID", id);
    form.put("SaveCert", "yes");
    form.put("TargetStoreFlags", "0");
    String what = "AD CS check of request " + id;

    // Checking changes nothing at the CA, so it is retried like a read.
    HttpResponse<String> response = http.read(post("certfnsh.asp", form), what);

    return interpret(response.body(), what, Optional.of(id), Kind.REFUSED);
  }

  private Submission interpret(
      String page, String what, Optional<String> knownId, Kind unrecognisedKind) {
    AdcsPages.Outcome outcome = AdcsPages.classify(page);
    if (outcome instanceof AdcsPages.Issued issued) {
      return download(issued.requestId());
    }
    if (outcome instanceof AdcsPages.Pending pending) {
      String id = pending.requestId().or(() -> knownId).orElseThrow(() ->
          new ExternalSystemException(CA, Kind.AMBIGUOUS,
              what + ": the CA holds the request but its page shows no request id"));
      return new Submission.Pending(id, Optional.empty());
    }
    if (outcome instanceof AdcsPages.Denied denied) {
      return new Submission.Denied(denied.requestId().or(() -> knownId).orElse(null),
          denied.message());
    }
    if (outcome instanceof AdcsPages.AccessDenied) {
      throw credentialsRefused(what);
    }
    String summary = ((AdcsPages.Unrecognised) outcome).summary();
    throw new ExternalSystemException(CA, unrecognisedKind,
        what + ": certsrv answered with a page that shows no issued, pending or denied request: '"
            + summary + "'");
  }

  /**
   * Fetches an issued certificate and the CA chain. The certificate exists at the CA from now
   * on, so a passing failure here reports the request as pending: checking it again later
   * collects the same certificate instead of requesting a second one.
   */
  private Submission download(String requestId) {
    try {
      return certificate(requestId);
    } catch (ExternalSystemException e) {
      if (!e.isTransient()) {
        throw e;
      }
      LOG.warn("AD CS issued request {} but the download failed; reporting it as pending: {}",
          requestId, e.getMessage());
      return new Submission.Pending(requestId, Optional.empty());
    }
  }

  private Submission certificate(String requestId) {
    String what = "AD CS download of the certificate of request " + requestId;
    String body = http.read(get("certnew.cer?ReqID=" + requestId + "&Enc=b64"), what).body();

    List<X509Certificate> certificates =
        Certificates.parseAnswer(what, () -> Certificates.fromPem(body));
    if (certificates.isEmpty()) {
      return statusInstead(body, requestId, what);
    }

    return new Submission.Issued(certificates.get(0), caChain());
  }

  /** certnew.cer answers with a status page when the request has no certificate. */
  private Submission statusInstead(String page, String requestId, String what) {
    AdcsPages.Outcome outcome = AdcsPages.classifyCertificatePage(page, requestId);
    if (outcome instanceof AdcsPages.Pending) {
      return new Submission.Pending(requestId, Optional.empty());
    }
    if (outcome instanceof AdcsPages.Denied denied) {
      return new Submission.Denied(requestId, denied.message());
    }
    if (outcome instanceof AdcsPages.AccessDenied) {
      throw credentialsRefused(what);
    }
    throw new ExternalSystemException(CA, Kind.REFUSED, what + ": no certificate in the answer: '"
        + ((AdcsPages.Unrecognised) outcome).summary() + "'");
  }

  // Limitation: the chain is fetched at every enrollment (two requests), although it changes
  // only when the CA renews its certificate; caching it would make a certificate renewal two
  // round trips shorter (see docs/performance.md).
  private List<X509Certificate> caChain() {
    String what = "AD CS download of the CA certificate chain";
    String page = http.read(get("certcarc.asp"), what).body();
    int renewals = AdcsPages.renewals(page).orElseThrow(() ->
        new ExternalSystemException(CA, Kind.REFUSED,
            what + ": certcarc.asp shows no 'nRenewals'; is the base URI the certsrv folder?"));

    String chain = http.read(
        get("certnew.p7b?ReqID=CACert&Renewal=" + renewals + "&Enc=b64"), what).body();

    return Certificates.parseAnswer(what, () -> Certificates.fromBase64Pkcs7(chain));
  }

  private HttpRequest post(String page, Map<String, String> form) {
    String body = form.entrySet().stream()
        .map(field -> encode(field.getKey()) + "=" + encode(field.getValue()))
        .collect(Collectors.joining("&"));
    return http.request(resolve(page))
        .header("Content-Type", FORM)
        .header("User-Agent", settings.userAgent())
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
        .build();
  }

  private HttpRequest get(String pageAndQuery) {
    return http.request(resolve(pageAndQuery))
        .header("User-Agent", settings.userAgent())
        .GET()
        .build();
  }

  private URI resolve(String pageAndQuery) {
    return settings.baseUri().resolve(pageAndQuery);
  }

  private ExternalSystemException credentialsRefused(String what) {
    return new ExternalSystemException(CA, Kind.REFUSED, what
        + ": certsrv answered 'Unauthorized: Access is denied'; check the credentials of "
        + settings.authentication().describe());
  }

  private static String checkedTemplate(String template) {
    if (!template.matches("[^\\r\\n:]+")) {
      throw new InvalidRequestException("the certificate template name '"
          + template.replaceAll("[\\r\\n]", "?") + "' may not contain line breaks or ':'");
    }
    return template.strip();
  }

  private static String checkedRequestId(String requestId) {
    if (!requestId.matches("\\d{1,10}")) {
      throw new InvalidRequestException("an AD CS request id is a number, not '" + requestId + "'");
    }
    return requestId;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
