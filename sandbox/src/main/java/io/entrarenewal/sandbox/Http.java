package io.entrarenewal.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The small HTTP vocabulary the stand-ins are written in: a parsed request and a reply. */
final class Http {

  static final ObjectMapper JSON = new ObjectMapper();

  private Http() {}

  /** A request as read off the wire, with headers keyed in lower case. */
  record Request(String method, URI uri, String path, Map<String, String> query,
      Map<String, List<String>> headers, byte[] body) {

    Optional<String> header(String name) {
      List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
      return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    Optional<String> param(String name) {
      return Optional.ofNullable(query.get(name));
    }

    /** The query parameter, ignoring the case of its name (Passwordstate and Ivanti do). */
    Optional<String> paramIgnoreCase(String name) {
      return query.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(Map.Entry::getValue).findFirst();
    }

    String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }

    Map<String, String> form() {
      return parseQuery(bodyText());
    }

    JsonNode json() throws IOException {
      return JSON.readTree(body);
    }
  }

  /** A reply; {@code body} is sent as is. */
  record Response(int status, String contentType, byte[] body, Map<String, String> headers) {

    static Response json(int status, Object value) {
      try {
        return new Response(status, "application/json; charset=utf-8",
            JSON.writeValueAsBytes(value), new LinkedHashMap<>());
      } catch (IOException e) {
        throw new IllegalStateException("cannot serialise a reply", e);
      }
    }

    static Response text(int status, String contentType, String text) {
      return new Response(status, contentType, text.getBytes(StandardCharsets.UTF_8),
          new LinkedHashMap<>());
    }

    static Response bytes(int status, String contentType, byte[] body) {
      return new Response(status, contentType, body, new LinkedHashMap<>());
    }

    static Response empty(int status) {
      return new Response(status, null, new byte[0], new LinkedHashMap<>());
    }

    Response withHeader(String name, String value) {
      Map<String, String> copy = new LinkedHashMap<>(headers);
      copy.put(name, value);
      return new Response(status, contentType, body, copy);
    }
  }

  /** One stand-in service: answers a request and names the endpoint it hit, for counting. */
  interface Service {

    /** The name of the endpoint this request addresses, such as {@code graph.addPassword}. */
    String endpointName(Request request);

    Response handle(Request request) throws Exception;
  }

  /** Parses a query string or form body; a parameter without '=' maps to an empty string. */
  static Map<String, String> parseQuery(String raw) {
    Map<String, String> result = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return result;
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      result.putIfAbsent(decode(name), decode(value));
    }
    return result;
  }

  static String decode(String value) {
    return URLDecoder.decode(value, StandardCharsets.UTF_8);
  }

  static String encode(String value) {
    return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  static ObjectMapper prettyMapper() {
    return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  }
}
