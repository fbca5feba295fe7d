package io.entrarenewal.adapter.pki;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads certsrv's answer pages. The prose is translated on non-English servers, so the pages are
 * recognised by element ids and links, which are the same in every language.
 */
final class AdcsPages {

  /** What a certfnsh.asp page says. */
  sealed interface Outcome {}

  record Issued(String requestId) implements Outcome {}

  record Pending(Optional<String> requestId) implements Outcome {}

  record Denied(Optional<String> requestId, String message) implements Outcome {}

  record AccessDenied() implements Outcome {}

  record Unrecognised(String summary) implements Outcome {}

  private static final Pattern ISSUED_LINK =
      Pattern.compile("certnew\\.cer\\?ReqID=(\\d+)&(?:amp;)?", Pattern.CASE_INSENSITIVE);
  private static final Pattern NUMBER = Pattern.compile("(\\d+)");
  private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"", Pattern.DOTALL);
  // Limitation: certcarc.asp was not captured; only the nRenewals line all clients read is used.
  private static final Pattern RENEWALS = Pattern.compile("var\\s+nRenewals\\s*=\\s*(\\d+)\\s*;");
  // IIS's own page for bad credentials, seen with status 200 behind some proxies.
  private static final Pattern ACCESS_DENIED =
      Pattern.compile("Unauthorized:\\s*Access is denied", Pattern.CASE_INSENSITIVE);
  // certnew.cer's status page for a request that has no certificate (yet).
  // Limitation: these markers, and those of a Mode=chkpnd answer, come from open-source clients,
  // not from a captured page; a page that matches no marker ends in an error that quotes it.
  private static final Pattern UNDER_SUBMISSION =
      Pattern.compile("Taken Under Submission|still pending", Pattern.CASE_INSENSITIVE);
  private static final Pattern DISPOSITION = Pattern.compile(
      "(?:Disposition message:|LastStatus:)\\s*(?:<[^>]*>|\\s)*([^<\\r\\n]+)",
      Pattern.CASE_INSENSITIVE);

  private AdcsPages() {}

  /** Classifies a page from certfnsh.asp (a new request or a check of a pending one). */
  static Outcome classify(String page) {
    if (HtmlText.hasId(page, "locDenied")) {
      String paragraph = HtmlText.paragraph(page, "locInfoReqIDandReason").orElse("");
      return new Denied(firstNumber(beforeQuote(paragraph)), dispositionMessage(paragraph));
    }
    Matcher issued = ISSUED_LINK.matcher(page);
    if (issued.find()) {
      return new Issued(issued.group(1));
    }
    if (HtmlText.hasId(page, "locInfoReqID") || HtmlText.hasId(page, "locInfoNewReq")
        || UNDER_SUBMISSION.matcher(page).find()) {
      return new Pending(HtmlText.paragraph(page, "locInfoReqID").flatMap(AdcsPages::firstNumber));
    }
    if (ACCESS_DENIED.matcher(page).find()) {
      return new AccessDenied();
    }
    return new Unrecognised(HtmlText.paragraph(page, "locPageTitle").map(HtmlText::plain)
        .filter(title -> !title.isEmpty())
        .map(title -> title + ": " + HtmlText.summary(page))
        .orElseGet(() -> HtmlText.summary(page)));
  }

  /**
   * Classifies what certnew.cer answered when it sent no certificate: its status page says
   * whether the request is still held or was denied.
   */
  static Outcome classifyCertificatePage(String page, String requestId) {
    if (ACCESS_DENIED.matcher(page).find()) {
      return new AccessDenied();
    }
    if (UNDER_SUBMISSION.matcher(page).find()) {
      return new Pending(Optional.of(requestId));
    }
    Matcher disposition = DISPOSITION.matcher(page);
    if (page.contains("Denied by") || HtmlText.hasId(page, "locDenied")) {
      String message = disposition.find() ? HtmlText.plain(disposition.group(1))
          : "the CA denied the request";
      return new Denied(Optional.of(requestId), message);
    }
    return new Unrecognised(disposition.find() ? HtmlText.plain(disposition.group(1))
        : HtmlText.summary(page));
  }

  /** The number of CA certificate renewals, from certcarc.asp's script. */
  static Optional<Integer> renewals(String page) {
    Matcher matcher = RENEWALS.matcher(page);
    return matcher.find() ? Optional.of(Integer.parseInt(matcher.group(1))) : Optional.empty();
  }

  /**
   * The disposition message: the quoted text of the reason paragraph, with the newline that
   * certsrv puts before the closing quote (and any other run of spaces) collapsed.
   */
  private static String dispositionMessage(String paragraph) {
    Matcher quoted = QUOTED.matcher(paragraph);
    if (quoted.find()) {
      return HtmlText.plain(quoted.group(1));
    }
    String text = HtmlText.plain(paragraph);
    return text.isEmpty() ? "the CA denied the request without giving a reason" : text;
  }

  private static String beforeQuote(String paragraph) {
    int quote = paragraph.indexOf('"');
    return quote < 0 ? paragraph : paragraph.substring(0, quote);
  }

  private static Optional<String> firstNumber(String text) {
    Matcher matcher = NUMBER.matcher(text);
    return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
  }
}
