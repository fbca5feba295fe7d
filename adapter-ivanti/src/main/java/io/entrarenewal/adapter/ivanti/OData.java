package io.entrarenewal.adapter.ivanti;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Builds Ivanti OData addresses and filters. Every value that goes into a filter passes through
 * {@link #literal(String)}, and every key that goes into a path is checked to be a record id, so
 * that no input can change the meaning of a query.
 */
final class OData {

  private static final Pattern REC_ID = Pattern.compile("[0-9A-Fa-f]{32}");
  private static final Pattern NUMBER = Pattern.compile("[0-9]{1,10}");

  private final URI baseUri;
  private final String businessObjects;
  private final String rest;

  OData(IvantiSettings settings) {
    this.baseUri = settings.baseUri();
    this.businessObjects = settings.pathPrefix() + "/api/odata/businessobject/";
    this.rest = settings.pathPrefix() + "/api/rest/";
  }

  /** Whether the text is an Ivanti record id: 32 hexadecimal characters. */
  static boolean isRecId(String text) {
    return text != null && REC_ID.matcher(text).matches();
  }

  /** Whether the text is a task number. */
  static boolean isNumber(String text) {
    return text != null && NUMBER.matcher(text).matches();
  }

  /** An OData string literal: quoted, with single quotes doubled. */
  static String literal(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  /** {@code field eq 'value'}. */
  static String eq(String field, String value) {
    return field + " eq " + literal(value);
  }

  /** {@code (field eq 'a' or field eq 'b')}. */
  static String anyOf(String field, List<String> values) {
    return values.stream().map(v -> eq(field, v)).collect(Collectors.joining(" or ", "(", ")"));
  }

  /** The address of one record of an entity set. */
  URI record(String set, String recId) {
    if (!isRecId(recId)) {
      throw new IllegalArgumentException("not a record id: " + recId);
    }
    return baseUri.resolve(businessObjects + set + "('" + recId + "')");
  }

  /** The address of an entity set, for a POST. */
  URI set(String set) {
    return baseUri.resolve(businessObjects + set);
  }

  /** The address of a filtered page of an entity set. */
  URI query(String set, String filter, int top, int skip) {
    Map<String, String> options = new LinkedHashMap<>();
    options.put("$filter", filter);
    options.put("$top", Integer.toString(top));
    if (skip > 0) {
      options.put("$skip", Integer.toString(skip));
    }
    return baseUri.resolve(businessObjects + set + "?" + encode(options));
  }

  /** The address of a REST (non-OData) operation, such as {@code ServiceRequest/new}. */
  URI rest(String operation) {
    return baseUri.resolve(rest + operation);
  }

  private static String encode(Map<String, String> options) {
    // OData names keep their '$'; values are percent-encoded, with spaces as %20, not '+'.
    return options.entrySet().stream()
        .map(e -> e.getKey() + "="
            + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8).replace("+", "%20"))
        .collect(Collectors.joining("&"));
  }
}
