package io.entrarenewal.adapter.pki;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Small helpers to pull readable text out of the HTML pages CA web sites answer with. */
final class HtmlText {

  private static final int SUMMARY_LENGTH = 200;
  private static final Pattern TAG = Pattern.compile("<[^>]*>");
  private static final Pattern SCRIPT =
      Pattern.compile("<(script|style)[^>]*>.*?</\\1>", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  private static final Pattern HEADINGS = Pattern.compile(
      "<(h1|h2|h3)[^>]*>(.*?)</\\1>", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  private static final Pattern TITLE =
      Pattern.compile("<title[^>]*>(.*?)</title>", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

  private HtmlText() {}

  /** Plain text: tags and scripts removed, entities for markup decoded, spaces collapsed. */
  static String plain(String html) {
    String text = SCRIPT.matcher(html).replaceAll(" ");
    text = TAG.matcher(text).replaceAll(" ");
    text = text.replace("&nbsp;", " ").replace("&quot;", "\"").replace("&lt;", "<")
        .replace("&gt;", ">").replace("&#39;", "'").replace("&amp;", "&");
    return text.replaceAll("\\s+", " ").trim();
  }

  /** The text of the paragraph with the given id (certsrv marks its texts with ids). */
  static Optional<String> paragraph(String html, String id) {
    Pattern pattern = Pattern.compile("<P\\s+ID=\"?" + Pattern.quote(id) + "\"?[^>]*>(.*?)</P>",
        Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    Matcher matcher = pattern.matcher(html);
    return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
  }

  /** Whether an element with the given id is on the page. */
  static boolean hasId(String html, String id) {
    return Pattern.compile("\\bID=\"?" + Pattern.quote(id) + "\\b", Pattern.CASE_INSENSITIVE)
        .matcher(html).find();
  }

  /**
   * A short description of an error page for a message: its headings (IIS puts the status and
   * reason there), else its title, else the start of its text.
   */
  static String summary(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    StringBuilder headings = new StringBuilder();
    Matcher matcher = HEADINGS.matcher(body);
    while (matcher.find()) {
      String heading = plain(matcher.group(2));
      if (!heading.isEmpty()) {
        headings.append(headings.length() == 0 ? "" : " / ").append(heading);
      }
    }
    if (headings.length() > 0) {
      return cut(headings.toString());
    }
    Matcher title = TITLE.matcher(body);
    return cut(title.find() ? plain(title.group(1)) : plain(body));
  }

  private static String cut(String text) {
    return text.length() <= SUMMARY_LENGTH ? text : text.substring(0, SUMMARY_LENGTH) + "...";
  }
}
