package io.entrarenewal.runner.service.dashboard;

/** Escaping for text and attribute values in HTML and inline SVG. */
final class Html {

  private Html() {}

  /**
   * The text with every character that could end a text node or a quoted attribute replaced by
   * its character reference. Control characters other than tab and line breaks are dropped, as
   * HTML does not allow them in a document.
   */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> {
          if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }
}
