package io.entrarenewal.adapter.pki;

import io.entrarenewal.core.domain.Secret;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/** HTTP Basic credentials (RFC 7617, UTF-8). */
final class BasicAuthentication implements HttpAuthentication {

  private final String user;
  private final Secret password;

  BasicAuthentication(String user, Secret password) {
    Objects.requireNonNull(user, "'user' must not be null");
    if (user.isBlank() || user.contains(":")) {
      throw new IllegalArgumentException("'user' must not be blank or contain ':'");
    }
    this.user = user;
    this.password = Objects.requireNonNull(password, "'password' must not be null");
  }

  @Override
  public void authenticate(HttpRequest.Builder request) {
    String pair = user + ":" + password.reveal();
    String encoded = Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    request.header("Authorization", "Basic " + encoded);
  }

  @Override
  public String describe() {
    return "Basic as '" + user + "'";
  }

  @Override
  public String toString() {
    return "BasicAuthentication[user=" + user + ", password=****]";
  }
}
