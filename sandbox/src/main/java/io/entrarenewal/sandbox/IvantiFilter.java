package io.entrarenewal.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Ivanti's OData {@code $filter}: {@code Field eq|ne value} comparisons joined by {@code and} and
 * {@code or} (which Ivanti's help lists), grouped with parentheses; {@code and} binds tighter.
 * Values are OData string literals ({@code 'it''s'}) or bare words such as numbers. {@code eq}
 * ignores case, as measured on live tenants, and {@code '$NULL'} matches an empty field.
 */
final class IvantiFilter {

  private final List<String> tokens;
  private int next;

  private IvantiFilter(List<String> tokens) {
    this.tokens = tokens;
  }

  /** The filter as a test on records, or empty when it cannot be parsed. */
  static Optional<Predicate<Map<String, Object>>> parse(String filter) {
    Optional<List<String>> tokens = tokenize(filter);
    if (tokens.isEmpty() || tokens.get().isEmpty()) {
      return Optional.empty();
    }
    IvantiFilter parser = new IvantiFilter(tokens.get());
    Optional<Predicate<Map<String, Object>>> parsed = parser.anyOf();
    return parser.next == parser.tokens.size() ? parsed : Optional.empty();
  }

  private Optional<Predicate<Map<String, Object>>> anyOf() {
    Optional<Predicate<Map<String, Object>>> result = allOf();
    while (result.isPresent() && accept("or")) {
      Optional<Predicate<Map<String, Object>>> other = allOf();
      result = other.isEmpty() ? Optional.empty() : Optional.of(result.get().or(other.get()));
    }
    return result;
  }

  private Optional<Predicate<Map<String, Object>>> allOf() {
    Optional<Predicate<Map<String, Object>>> result = operand();
    while (result.isPresent() && accept("and")) {
      Optional<Predicate<Map<String, Object>>> other = operand();
      result = other.isEmpty() ? Optional.empty() : Optional.of(result.get().and(other.get()));
    }
    return result;
  }

  private Optional<Predicate<Map<String, Object>>> operand() {
    if (accept("(")) {
      Optional<Predicate<Map<String, Object>>> inner = anyOf();
      return inner.isPresent() && accept(")") ? inner : Optional.empty();
    }
    return comparison();
  }

  private Optional<Predicate<Map<String, Object>>> comparison() {
    if (next + 3 > tokens.size()) {
      return Optional.empty();
    }
    String field = tokens.get(next);
    String operator = tokens.get(next + 1).toLowerCase(Locale.ROOT);
    String literal = tokens.get(next + 2);
    if (!field.matches("[A-Za-z_][A-Za-z0-9_]*") || !List.of("eq", "ne").contains(operator)
        || literal.equals("(") || literal.equals(")")) {
      return Optional.empty();
    }
    next += 3;
    boolean negate = operator.equals("ne");
    String value = literal.startsWith("'")
        ? literal.substring(1, literal.length() - 1).replace("''", "'") : literal;
    return Optional.of(record -> negate != fieldEquals(record, field, value));
  }

  private static boolean fieldEquals(Map<String, Object> record, String field, String value) {
    Object actual = record.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(field))
        .map(Map.Entry::getValue).findFirst().orElse(null);
    String text = actual == null ? "" : String.valueOf(actual);
    return "$NULL".equals(value) ? text.isEmpty() : text.equalsIgnoreCase(value);
  }

  private boolean accept(String token) {
    if (next < tokens.size() && tokens.get(next).equalsIgnoreCase(token)) {
      next++;
      return true;
    }
    return false;
  }

  /** Parentheses, quoted literals (kept with their quotes) and bare words. */
  private static Optional<List<String>> tokenize(String filter) {
    List<String> tokens = new ArrayList<>();
    int i = 0;
    while (i < filter.length()) {
      char c = filter.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '(' || c == ')') {
        tokens.add(String.valueOf(c));
        i++;
      } else if (c == '\'') {
        int end = closingQuote(filter, i + 1);
        if (end < 0) {
          return Optional.empty();
        }
        tokens.add(filter.substring(i, end + 1));
        i = end + 1;
      } else {
        int start = i;
        while (i < filter.length() && !Character.isWhitespace(filter.charAt(i))
            && "()'".indexOf(filter.charAt(i)) < 0) {
          i++;
        }
        tokens.add(filter.substring(start, i));
      }
    }
    return Optional.of(tokens);
  }

  /** The index of the quote that ends a literal, skipping doubled quotes; -1 if none. */
  private static int closingQuote(String filter, int from) {
    int i = from;
    while (i < filter.length()) {
      if (filter.charAt(i) == '\'') {
        if (i + 1 < filter.length() && filter.charAt(i + 1) == '\'') {
          i += 2;
          continue;
        }
        return i;
      }
      i++;
    }
    return -1;
  }
}
