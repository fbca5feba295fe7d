package io.entrarenewal.adapter.pki;

import io.entrarenewal.core.domain.Secret;
import java.net.http.HttpRequest;

/**
 * How requests to a CA's web service authenticate. {@code java.net.http} speaks Basic only;
 * NTLM and Kerberos (SPNEGO) need another transport, see the module's documentation.
 */
public interface HttpAuthentication {

  /** Adds the credentials to a request. */
  void authenticate(HttpRequest.Builder request);

  /** A short, secret-free description for messages, such as {@code Basic as 'svc-pki'}. */
  String describe();

  // Limitation: Basic is the only scheme; NTLM and Kerberos are connection-bound and need
  // another transport than java.net.http behind the same Enroller seam.

  /** HTTP Basic authentication; only ever sent over HTTPS (or to a loopback test server). */
  static HttpAuthentication basic(String user, Secret password) {
    return new BasicAuthentication(user, password);
  }
}
