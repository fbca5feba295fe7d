package io.entrarenewal.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** A raw HTTP client for protocol tests: trusts only the sandbox CA, builds JWTs by hand. */
final class TestClient {

  final Sandbox sandbox;
  final HttpClient http;

  TestClient(Sandbox sandbox) {
    this.sandbox = sandbox;
    this.http = HttpClient.newBuilder().sslContext(sandbox.clientSslContext())
        .connectTimeout(Duration.ofSeconds(5)).build();
  }

  HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(URI uri, String... headers) throws Exception {
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri).GET();
    if (headers.length > 0) {
      builder.headers(headers);
    }
    return send(builder.build());
  }

  HttpResponse<String> postJson(URI uri, String json, String... headers) throws Exception {
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json));
    if (headers.length > 0) {
      builder.headers(headers);
    }
    return send(builder.build());
  }

  HttpResponse<String> postForm(URI uri, Map<String, String> form, String... headers)
      throws Exception {
    String body = form.entrySet().stream()
        .map(e -> Http.encode(e.getKey()) + "=" + Http.encode(e.getValue()))
        .collect(Collectors.joining("&"));
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      builder.headers(headers);
    }
    return send(builder.build());
  }

  static JsonNode json(HttpResponse<String> response) throws IOException {
    return Http.JSON.readTree(response.body());
  }

  /**
   * A Graph access token of a new administrator app named {@code name} in the tenant, signing
   * in with a fresh secret.
   */
  String administratorToken(String tenantId, String name) throws Exception {
    SandboxState.AppView admin = sandbox.state().createApp(tenantId, name, true);
    return tokenWithSecret(tenantId, admin.appId(),
        sandbox.state().addSecret(tenantId, admin.appId(), Duration.ofDays(1)));
  }

  /** A Graph access token for the app, through the client-secret grant. */
  String tokenWithSecret(String tenantId, String clientId, String secret) throws Exception {
    HttpResponse<String> response = postForm(sandbox.tokenEndpoint(tenantId), secretForm(
        clientId, secret));
    if (response.statusCode() != 200) {
      throw new IllegalStateException("token request failed: " + response.body());
    }
    return json(response).path("access_token").asText();
  }

  static Map<String, String> secretForm(String clientId, String secret) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("client_id", clientId);
    form.put("client_secret", secret);
    form.put("scope", "https://graph.microsoft.com/.default");
    form.put("grant_type", "client_credentials");
    return form;
  }

  static Map<String, String> assertionForm(String clientId, String assertion) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("client_id", clientId);
    form.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
    form.put("client_assertion", assertion);
    form.put("scope", "https://graph.microsoft.com/.default openid profile offline_access");
    form.put("grant_type", "client_credentials");
    return form;
  }

  /** Encodes header and payload JSON, padded or not, and signs them with RS256 or PS256. */
  static String jwt(String headerJson, String payloadJson, PrivateKey key, boolean padded,
      String alg) throws GeneralSecurityException {
    Base64.Encoder encoder = padded ? Base64.getUrlEncoder()
        : Base64.getUrlEncoder().withoutPadding();
    String signingInput = encoder.encodeToString(headerJson.getBytes(StandardCharsets.UTF_8))
        + "." + encoder.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8));
    Signature signature;
    if ("PS256".equals(alg)) {
      signature = Signature.getInstance("RSASSA-PSS");
      signature.setParameter(new java.security.spec.PSSParameterSpec("SHA-256", "MGF1",
          java.security.spec.MGF1ParameterSpec.SHA256, 32, 1));
    } else {
      signature = Signature.getInstance("SHA256withRSA");
    }
    signature.initSign(key);
    signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
    return signingInput + "." + Base64.getUrlEncoder().withoutPadding()
        .encodeToString(signature.sign());
  }

  static String x5t(X509Certificate certificate) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(
        Crypto.digest("SHA-1", Crypto.der(certificate)));
  }

  /** A client assertion as the documentation describes it. */
  static String assertion(String audience, String clientId, X509Certificate certificate,
      PrivateKey key, Instant now) throws GeneralSecurityException {
    String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"x5t\":\"" + x5t(certificate) + "\"}";
    String payload = "{\"aud\":\"" + audience + "\",\"iss\":\"" + clientId + "\",\"sub\":\""
        + clientId + "\",\"jti\":\"" + UUID.randomUUID() + "\",\"nbf\":" + now.getEpochSecond()
        + ",\"exp\":" + now.plusSeconds(600).getEpochSecond() + "}";
    return jwt(header, payload, key, false, "RS256");
  }

  /** A proof-of-possession token for addKey/removeKey. */
  static String proof(String objectId, X509Certificate certificate, PrivateKey key,
      Instant nbf, Duration lifetime, String audience, boolean padded)
      throws GeneralSecurityException {
    String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"x5t\":\"" + x5t(certificate) + "\"}";
    // Lengths that are multiples of three encode without padding: lengthen them when asked.
    String payload = "{\"aud\":\"" + audience + "\",\"iss\":\"" + objectId + "\",\"nbf\":"
        + nbf.getEpochSecond() + ",\"exp\":" + nbf.plus(lifetime).getEpochSecond() + "}";
    while (padded && payload.length() % 3 == 0) {
      payload = payload.substring(0, payload.length() - 1) + ",\"p\":\"a\"}";
    }
    while (padded && header.length() % 3 == 0) {
      header = header.substring(0, header.length() - 1) + ",\"q\":\"a\"}";
    }
    return jwt(header, payload, key, padded, "RS256");
  }

  /** A fresh client certificate from the sandbox's issuing CA for a pooled key. */
  static X509Certificate certificateFor(Sandbox sandbox, KeyPair keys, String cn,
      Instant notBefore, Instant notAfter) {
    return Crypto.clientCertificate(sandbox.state().issuingCaCertificate(),
        Crypto.pooledKeyPair(3).getPrivate(),
        new org.bouncycastle.asn1.x500.X500Name("CN=" + cn), keys.getPublic(), notBefore,
        notAfter);
  }
}
