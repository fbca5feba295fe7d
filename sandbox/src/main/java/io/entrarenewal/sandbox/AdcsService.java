package io.entrarenewal.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/**
 * AD CS web enrollment (certsrv): submits a PKCS#10 request for a template, answers with the
 * issued, pending or denied page, and serves certificates, the CA certificate and chains.
 */
final class AdcsService implements Http.Service {

  private static final String UNSUPPORTED_TEMPLATE = "Denied by Policy Module  0x80094800, The"
      + " request was for a certificate template that is not supported by the Active Directory"
      + " Certificate Services policy: %s.\n";

  private final Pki pki;
  private final Clock clock;

  AdcsService(Pki pki, Clock clock) {
    this.pki = pki;
    this.clock = clock;
  }

  @Override
  public String endpointName(Http.Request request) {
    String path = request.path().toLowerCase(Locale.ROOT);
    if (path.endsWith("/certfnsh.asp")) {
      return "chkpnd".equalsIgnoreCase(request.form().get("Mode")) ? "checkPending" : "submit";
    }
    if (path.endsWith("/certnew.cer")) {
      return "CACert".equalsIgnoreCase(request.paramIgnoreCase("ReqID").orElse(""))
          ? "caCertificate" : "certificate";
    }
    if (path.endsWith("/certnew.p7b")) {
      return "chain";
    }
    return path.endsWith("/certcarc.asp") ? "caInfo" : "unknown";
  }

  @Override
  public Http.Response handle(Http.Request request) throws Exception {
    synchronized (pki) {
      Optional<String> user = authenticate(request);
      if (user.isEmpty()) {
        return Http.Response.text(401, "text/html", "<html><head><title>401 - Unauthorized:"
            + " Access is denied due to invalid credentials.</title></head><body><h2>401 -"
            + " Unauthorized: Access is denied due to invalid credentials.</h2></body></html>")
            .withHeader("WWW-Authenticate", "Basic realm=\"127.0.0.1\"");
      }
      String path = request.path().toLowerCase(Locale.ROOT);
      if (path.endsWith("/certfnsh.asp") && "POST".equals(request.method())) {
        return certfnsh(request, user.get());
      }
      if (path.endsWith("/certnew.cer")) {
        return certificate(request);
      }
      if (path.endsWith("/certnew.p7b")) {
        return chain(request);
      }
      if (path.endsWith("/certcarc.asp")) {
        return page("Download a CA Certificate, Certificate Chain, or CRL",
            "<Script Language=\"JavaScript\">\r\n    var nRenewals=0;\r\n    var sCAName=\""
            + pki.caName + "\";\r\n</Script>\r\n");
      }
      if (path.equals("/certsrv") || path.equals("/certsrv/")
          || path.endsWith("/default.asp")) {
        return page("Welcome", "<P ID=locWelcome> Use this Web site to request a certificate"
            + " for your Web browser, e-mail client, or other program.</P>\r\n");
      }
      return Http.Response.text(404, "text/html", "<html><body>404 - File or directory not"
          + " found.</body></html>");
    }
  }

  private Optional<String> authenticate(Http.Request request) {
    Optional<String> header = request.header("Authorization")
        .filter(h -> h.regionMatches(true, 0, "Basic ", 0, 6));
    if (header.isEmpty()) {
      return Optional.empty();
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(header.get().substring(6).trim()),
          StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      return Optional.empty();
    }
    String user = decoded.substring(0, colon);
    String account = user.contains("\\") ? user.substring(user.indexOf('\\') + 1) : user;
    String expected = pki.accounts.entrySet().stream()
        .filter(e -> e.getKey().equalsIgnoreCase(account)).map(Map.Entry::getValue)
        .findFirst().orElse(null);
    boolean ok = expected != null && MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.UTF_8),
        decoded.substring(colon + 1).getBytes(StandardCharsets.UTF_8));
    return ok ? Optional.of(account) : Optional.empty();
  }

  private Http.Response certfnsh(Http.Request request, String user) {
    Map<String, String> form = request.form();
    String mode = form.getOrDefault("Mode", "");
    if ("chkpnd".equalsIgnoreCase(mode)) {
      Pki.RequestData existing = parseId(form.get("ReqID")).map(pki.requests::get).orElse(null);
      if (existing == null) {
        return page("Certificate Request Error", "<P ID=locError> The request ID "
            + form.getOrDefault("ReqID", "") + " was not found.</P>\r\n");
      }
      return existing.disposition == Pki.Disposition.PENDING
          ? stillPendingPage(existing) : resultPage(existing);
    }
    if (!"newreq".equalsIgnoreCase(mode)) {
      return page("Certificate Request Error", "<P ID=locError> Unknown mode.</P>\r\n");
    }
    Pki.RequestData created = submit(form.getOrDefault("CertRequest", ""),
        templateOf(form), user);
    pki.requests.put(created.id, created);
    return resultPage(created);
  }

  private static String templateOf(Map<String, String> form) {
    for (String line : form.getOrDefault("CertAttrib", "").split("[\r\n]+")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("CertificateTemplate")) {
        return line.substring(colon + 1).trim();
      }
    }
    return form.getOrDefault("CertificateTemplate", "").trim();
  }

  /** Decides a new request: denied, held for approval, or issued at once. */
  private Pki.RequestData submit(String pem, String template, String user) {
    Pki.RequestData request;
    JcaPKCS10CertificationRequest csr;
    try {
      byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
      request = new Pki.RequestData(pki.nextRequestId++, template, der, user);
      csr = new JcaPKCS10CertificationRequest(der);
      if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder()
          .build(csr.getSubjectPublicKeyInfo()))) {
        return deny(request, "Error Parsing Request  The signature of the request is not valid."
            + " 0x80090006 (-2146893818 NTE_BAD_SIGNATURE)\n");
      }
    } catch (IllegalArgumentException | IOException | OperatorCreationException
        | PKCSException e) {
      request = new Pki.RequestData(pki.nextRequestId++, template, new byte[0], user);
      return deny(request, "Error Parsing Request  ASN1 bad tag value met. 0x8009310b"
          + " (ASN: 267 CRYPT_E_ASN1_BADTAG)\n");
    }
    Pki.TemplateData settings = pki.templates.get(template);
    if (settings == null) {
      return deny(request, String.format(UNSUPPORTED_TEMPLATE, template));
    }
    try {
      PublicKey key = csr.getPublicKey();
      if (!(key instanceof RSAPublicKey rsa) || rsa.getModulus().bitLength() < 2048) {
        return deny(request, "Denied by Policy Module  0x80094811, The public key does not meet"
            + " the minimum size required by the specified certificate template.\n");
      }
    } catch (java.security.GeneralSecurityException e) {
      return deny(request, "Error Parsing Request  Bad public key. 0x80090005\n");
    }
    if (settings.holdForApproval()) {
      request.disposition = Pki.Disposition.PENDING;
      request.dispositionMessage = "Taken Under Submission";
      return request;
    }
    issue(request);
    return request;
  }

  /** Issues a pending or new request: CSR's subject and key, template validity, clientAuth. */
  void issue(Pki.RequestData request) {
    try {
      JcaPKCS10CertificationRequest csr = new JcaPKCS10CertificationRequest(request.csr);
      Instant now = clock.instant();
      Pki.TemplateData template = pki.templates.get(request.template);
      request.certificate = Crypto.clientCertificate(pki.caCertificate,
          pki.caKeys.getPrivate(), csr.getSubject(), csr.getPublicKey(),
          now.minusSeconds(600), now.plus(template.validity()));
      request.disposition = Pki.Disposition.ISSUED;
      request.dispositionMessage = "Issued";
    } catch (IOException | java.security.GeneralSecurityException e) {
      throw new IllegalStateException("cannot issue request " + request.id, e);
    }
  }

  static Pki.RequestData deny(Pki.RequestData request, String message) {
    request.disposition = Pki.Disposition.DENIED;
    request.dispositionMessage = message;
    return request;
  }

  private Http.Response certificate(Http.Request request) {
    String reqId = request.paramIgnoreCase("ReqID").orElse("");
    boolean b64 = "b64".equalsIgnoreCase(request.paramIgnoreCase("Enc").orElse("bin"));
    X509Certificate certificate;
    if ("CACert".equalsIgnoreCase(reqId)) {
      certificate = pki.caCertificate;
    } else {
      Pki.RequestData stored = parseId(reqId).map(pki.requests::get).orElse(null);
      if (stored == null || stored.disposition != Pki.Disposition.ISSUED) {
        return statusPage(reqId, stored);
      }
      certificate = stored.certificate;
    }
    byte[] der = Crypto.der(certificate);
    return b64 ? Http.Response.text(200, "application/pkix-cert", Crypto.pem("CERTIFICATE", der))
        : Http.Response.bytes(200, "application/pkix-cert", der);
  }

  private Http.Response chain(Http.Request request) throws CMSException, IOException,
      java.security.cert.CertificateEncodingException {
    String reqId = request.paramIgnoreCase("ReqID").orElse("");
    List<X509Certificate> certificates = new ArrayList<>();
    if (!"CACert".equalsIgnoreCase(reqId)) {
      Pki.RequestData stored = parseId(reqId).map(pki.requests::get).orElse(null);
      if (stored == null || stored.disposition != Pki.Disposition.ISSUED) {
        return statusPage(reqId, stored);
      }
      certificates.add(stored.certificate);
    }
    certificates.add(pki.caCertificate);
    CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
    generator.addCertificates(new JcaCertStore(certificates));
    byte[] pkcs7 = generator.generate(new CMSProcessableByteArray(new byte[0]), false)
        .getEncoded();
    boolean b64 = "b64".equalsIgnoreCase(request.paramIgnoreCase("Enc").orElse("bin"));
    // AD CS writes the base64 chain under a CERTIFICATE header, as certutil does.
    return b64 ? Http.Response.text(200, "application/x-pkcs7-certificates",
        Crypto.pem("CERTIFICATE", pkcs7))
        : Http.Response.bytes(200, "application/x-pkcs7-certificates", pkcs7);
  }

  private Http.Response statusPage(String reqId, Pki.RequestData stored) {
    String message = stored == null ? "The parameter is incorrect. 0x80070057"
        : stored.disposition == Pki.Disposition.PENDING ? "Taken Under Submission"
        : stored.dispositionMessage.trim();
    String lastStatus = stored != null && stored.disposition == Pki.Disposition.DENIED
        ? "The request was denied. 0x80094014" : "The operation completed successfully. 0x0";
    return page("Certificate Services Error", "<P ID=locErrorMsg>The certificate for request "
        + reqId + " could not be retrieved.</P>\r\n<Table><TR><TD><B>Disposition message:</B>"
        + "</TD>\r\n\t\t" + message + "\r\n</TR><TR><TD><B>LastStatus:</B></TD>\r\n\t\t"
        + lastStatus + "\r\n</TR></Table>\r\n");
  }

  private Http.Response resultPage(Pki.RequestData request) {
    return switch (request.disposition) {
      case ISSUED -> issuedPage(request.id);
      case PENDING -> pendingPage(request.id);
      case DENIED -> deniedPage(request);
    };
  }

  private Http.Response issuedPage(int id) {
    return page("Certificate Issued", "<P ID=locInfo> The certificate you requested was issued"
        + " to you.</P>\r\n<P><Form Name=UIForm>\r\n<Table Border=0 CellSpacing=0"
        + " CellPadding=0>\r\n<TR>\r\n\t<TD><Font ID=locDwnld1Font Face=\"Arial\">\r\n"
        + "\t\t<LocID ID=locDownloadCert1>Download certificate: </LocID><A Href=\"certnew.cer?"
        + "ReqID=" + id + "&amp;Enc=bin\"><LocID ID=locDerEnc1>DER Encoded</LocID></A><LocID"
        + " ID=locSep1> or </LocID><A Href=\"certnew.cer?ReqID=" + id + "&amp;Enc=b64\"><LocID"
        + " ID=locB64Enc1>Base 64 encoded</LocID></A><BR>\r\n\t\t<LocID"
        + " ID=locDownloadCertChain1>Download certificate chain: </LocID><A Href=\"certnew.p7b?"
        + "ReqID=" + id + "&amp;Enc=bin\"><LocID ID=locDerEnc2>DER Encoded</LocID></A><LocID"
        + " ID=locSep2> or </LocID><A Href=\"certnew.p7b?ReqID=" + id + "&amp;Enc=b64\"><LocID"
        + " ID=locB64Enc2>Base 64 encoded</LocID></A>\r\n\t\t</Font>\r\n\t</TD>\r\n</TR>\r\n"
        + "</Table>\r\n</Form>\r\n</P>\r\n");
  }

  private Http.Response pendingPage(int id) {
    return page("Certificate Pending", "<P ID=locInfoNewReq> Your certificate request has been"
        + " received. However, you must wait for an\r\nadministrator to issue the certificate"
        + " you requested. </P>\r\n<P ID=locInfoReqID>\r\nYour Request Id is " + id
        + ".\r\n</P>\r\n<P ID=locInstructions> Please return to this web site in a day or two"
        + " to retrieve your certificate.</P>\r\n");
  }

  private Http.Response stillPendingPage(Pki.RequestData request) {
    return page("Certificate Pending", "<P ID=locInfoStillPending> Your certificate request"
        + " is still pending. You must wait for an administrator to issue the certificate you"
        + " requested.</P>\r\n<P ID=locInfoReqID>\r\nYour Request Id is " + request.id
        + ".\r\n</P>\r\n");
  }

  private Http.Response deniedPage(Pki.RequestData request) {
    return page("Certificate Request Denied", "<P ID=locDenied> Your certificate request was"
        + " denied. </P>\r\n<P ID=locInfoReqIDandReason>\r\nYour Request Id is " + request.id
        + ". The disposition message is \"" + request.dispositionMessage.replace("\n", "\r\n")
        + "\".\r\n</P>\r\n<P ID=locContactAdmin>Contact your administrator for further"
        + " information.\r\n</P>\r\n");
  }

  private Http.Response page(String title, String content) {
    String html = "<HTML>\r\n<Head>\r\n    <Meta HTTP-Equiv=\"Content-Type\" Content=\"text/html;"
        + " charset=UTF-8\">\r\n    <Title>Microsoft Active Directory Certificate Services"
        + "</Title>\r\n</Head>\r\n<Body BgColor=#FFFFFF Link=#0000FF VLink=#0000FF ALink=#0000FF"
        + "><Font ID=locPageFont Face=\"Arial\">\r\n<Table Border=0 CellSpacing=0 CellPadding=4"
        + " Width=100% BgColor=#008080>\r\n<TR>\r\n\t<TD><Font Color=#FFFFFF><LocID"
        + " ID=locMSCertSrv><Font Face=\"Arial\" Size=-1><B><I>Microsoft</I></B> Active"
        + " Directory Certificate Services &nbsp;--&nbsp; " + pki.caName + " &nbsp;</Font>"
        + "</LocID></Font></TD>\r\n\t<TD ID=locHomeAlign Align=Right><A Href=\"/certsrv\"><Font"
        + " Color=#FFFFFF><LocID ID=locHomeLink><Font Face=\"Arial\" Size=-1><B>Home</B></Font>"
        + "</LocID></Font></A></TD>\r\n</TR>\r\n</Table>\r\n<P ID=locPageTitle> <B> " + title
        + " </B>\r\n" + content + "</Font>\r\n</Body>\r\n</HTML>\r\n";
    return Http.Response.text(200, "text/html", html);
  }

  private static Optional<Integer> parseId(String value) {
    try {
      return Optional.of(Integer.parseInt(value == null ? "" : value.trim()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
