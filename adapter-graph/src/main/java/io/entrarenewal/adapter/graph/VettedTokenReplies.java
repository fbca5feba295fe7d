package io.entrarenewal.adapter.graph;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import com.azure.json.JsonToken;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The HTTP client of the token requests, letting through only successful token replies that are
 * what the token endpoint documents: one JSON object of plain values, of a sane size.
 *
 * <p>Why: MSAL4J reads a successful reply into a map with a parser that never returns when a
 * value is an array or an object (seen with msal4j 1.23 and azure-json 1.5), so one hostile or
 * broken reply would hang the run for good. Any other successful reply is turned into a 502
 * with an error that says what was wrong, which MSAL reports as a failure like any other.
 */
final class VettedTokenReplies implements HttpClient {

  /** Token replies are a few kilobytes; a large token with many claims stays far below this. */
  static final int MAX_TOKEN_REPLY_BYTES = 256 * 1024;

  private static final String TOKEN_PATH_END = "/oauth2/v2.0/token";

  private final HttpClient delegate;

  VettedTokenReplies(HttpClient delegate) {
    this.delegate = Objects.requireNonNull(delegate, "'delegate' must not be null");
  }

  @Override
  public Mono<HttpResponse> send(HttpRequest request) {
    return send(request, Context.NONE);
  }

  @Override
  public Mono<HttpResponse> send(HttpRequest request, Context context) {
    if (!isTokenRequest(request)) {
      return delegate.send(request, context);
    }
    return delegate.send(request, context).flatMap(response -> response.getBodyAsByteArray()
        .defaultIfEmpty(new byte[0])
        .map(body -> vetted(request, response, body)));
  }

  @Override
  public HttpResponse sendSync(HttpRequest request, Context context) {
    HttpResponse response = delegate.sendSync(request, context);
    if (!isTokenRequest(request) || response.getStatusCode() != 200) {
      return response;
    }
    byte[] body = response.getBodyAsBinaryData().toBytes();
    return vetted(request, response, body == null ? new byte[0] : body);
  }

  private static boolean isTokenRequest(HttpRequest request) {
    String path = request.getUrl().getPath();
    return path != null && path.endsWith(TOKEN_PATH_END);
  }

  private static HttpResponse vetted(HttpRequest request, HttpResponse response, byte[] body) {
    if (response.getStatusCode() != 200) {
      return new Buffered(request, response.getStatusCode(), response.getHeaders(), body);
    }
    String problem = problem(body);
    if (problem == null) {
      return new Buffered(request, 200, response.getHeaders(), body);
    }
    String error = "{\"error\":\"invalid_token_reply\",\"error_description\":\"The token"
        + " endpoint answered 200 with " + problem + ", not a token reply.\"}";
    HttpHeaders headers = new HttpHeaders()
        .set(HttpHeaderName.CONTENT_TYPE, "application/json");
    return new Buffered(request, 502, headers, error.getBytes(StandardCharsets.UTF_8));
  }

  /** What is wrong with a successful reply's body, or null when it is one flat JSON object. */
  static String problem(byte[] body) {
    if (body.length == 0) {
      return "an empty body";
    }
    if (body.length > MAX_TOKEN_REPLY_BYTES) {
      return "a body of " + body.length + " bytes";
    }
    try (JsonReader reader = JsonProviders.createReader(body)) {
      if (reader.nextToken() != JsonToken.START_OBJECT) {
        return "a body that is not a JSON object";
      }
      for (JsonToken token = reader.nextToken(); token != JsonToken.END_OBJECT;
          token = reader.nextToken()) {
        if (token != JsonToken.FIELD_NAME) {
          return "a malformed JSON object";
        }
        JsonToken value = reader.nextToken();
        if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
          return "a nested value in field " + quoted(reader.getFieldName());
        }
        if (value == JsonToken.END_DOCUMENT || value == JsonToken.END_OBJECT) {
          return "a malformed JSON object";
        }
      }
      return reader.nextToken() == JsonToken.END_DOCUMENT ? null : "text after the JSON object";
    } catch (IOException | RuntimeException e) {
      return "a body that is not valid JSON";
    }
  }

  private static String quoted(String field) {
    String safe = field == null ? "" : field.replaceAll("[^A-Za-z0-9_.-]", "?");
    return "'" + (safe.length() > 40 ? safe.substring(0, 40) : safe) + "'";
  }

  /** A reply whose body has been read into memory. */
  private static final class Buffered extends HttpResponse {
    private final int status;
    private final HttpHeaders headers;
    private final byte[] body;

    Buffered(HttpRequest request, int status, HttpHeaders headers, byte[] body) {
      super(request);
      this.status = status;
      this.headers = headers;
      this.body = body;
    }

    @Override
    public int getStatusCode() {
      return status;
    }

    @Override
    public String getHeaderValue(String name) {
      return headers.getValue(HttpHeaderName.fromString(name));
    }

    @Override
    public HttpHeaders getHeaders() {
      return headers;
    }

    @Override
    public Flux<ByteBuffer> getBody() {
      return Flux.just(ByteBuffer.wrap(body));
    }

    @Override
    public Mono<byte[]> getBodyAsByteArray() {
      return Mono.just(body);
    }

    @Override
    public Mono<String> getBodyAsString() {
      return getBodyAsString(StandardCharsets.UTF_8);
    }

    @Override
    public Mono<String> getBodyAsString(Charset charset) {
      return Mono.just(new String(body, charset));
    }
  }
}
