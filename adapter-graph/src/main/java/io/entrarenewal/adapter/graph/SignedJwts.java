package io.entrarenewal.adapter.graph;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.entrarenewal.adapter.graph.GraphSettings.JwtHeader;
import io.entrarenewal.core.domain.CertificateKeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * The two JWTs this adapter signs with an app's certificate: the client assertion that gets a
 * token as the app, and the proof of possession that addKey and removeKey demand. Both are
 * compact JWS in base64url without padding, as Entra requires.
 */
final class SignedJwts {

  /** Azure AD Graph's application id, the audience Entra expects in a proof of possession. */
  static final String PROOF_AUDIENCE = "00000002-0000-0000-c000-000000000000";

  /** Both tokens live ten minutes, the longest the documentation recommends. */
  static final Duration LIFETIME = Duration.ofMinutes(10);

  private SignedJwts() {}

  /** A client assertion for {@code clientId} at the tenant's token endpoint. */
  static String clientAssertion(
      CertificateKeyPair signer, String clientId, String tokenEndpoint, Instant now,
      JwtHeader header) {
    Instant issued = wholeSeconds(now);
    JWTClaimsSet claims = new JWTClaimsSet.Builder()
        .audience(tokenEndpoint)
        .issuer(clientId)
        .subject(clientId)
        .jwtID(UUID.randomUUID().toString())
        .notBeforeTime(Date.from(issued))
        .issueTime(Date.from(issued))
        .expirationTime(Date.from(issued.plus(LIFETIME)))
        .build();
    return sign(signer, header, claims);
  }

  /** A proof that the caller holds {@code signer}, for the application object {@code objectId}. */
  static String proofOfPossession(
      CertificateKeyPair signer, String objectId, Instant now, JwtHeader header) {
    Instant notBefore = wholeSeconds(now);
    JWTClaimsSet claims = new JWTClaimsSet.Builder()
        .audience(PROOF_AUDIENCE)
        .issuer(objectId)
        .jwtID(UUID.randomUUID().toString())
        .notBeforeTime(Date.from(notBefore))
        .expirationTime(Date.from(notBefore.plus(LIFETIME)))
        .build();
    return sign(signer, header, claims);
  }

  private static String sign(CertificateKeyPair signer, JwtHeader choice, JWTClaimsSet claims) {
    if (!"RSA".equalsIgnoreCase(signer.privateKey().getAlgorithm())) {
      throw new IllegalArgumentException("certificate " + signer.thumbprint()
          + " has a " + signer.privateKey().getAlgorithm() + " key; Entra accepts only RSA");
    }
    SignedJWT jwt = new SignedJWT(header(signer, choice), claims);
    try {
      jwt.sign(new RSASSASigner(signer.privateKey()));
    } catch (JOSEException e) {
      throw new IllegalArgumentException(
          "cannot sign with the key of certificate " + signer.thumbprint(), e);
    }
    return jwt.serialize();
  }

  @SuppressWarnings("deprecation") // x5t is deprecated in JOSE, yet Entra still relies on it
  private static JWSHeader header(CertificateKeyPair signer, JwtHeader choice) {
    byte[] der = encoded(signer);
    JWSHeader.Builder builder = new JWSHeader.Builder(
            choice == JwtHeader.PS256_X5T_S256 ? JWSAlgorithm.PS256 : JWSAlgorithm.RS256)
        .type(JOSEObjectType.JWT)
        .x509CertSHA256Thumbprint(Base64URL.encode(digest("SHA-256", der)));
    if (choice != JwtHeader.PS256_X5T_S256) {
      builder.x509CertThumbprint(Base64URL.encode(digest("SHA-1", der)));
    }
    if (choice == JwtHeader.RS256_X5T) {
      builder.x509CertSHA256Thumbprint(null);
    }
    return builder.build();
  }

  private static Instant wholeSeconds(Instant instant) {
    return Instant.ofEpochSecond(instant.getEpochSecond());
  }

  private static byte[] encoded(CertificateKeyPair signer) {
    try {
      return signer.certificate().getEncoded();
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException("certificate " + signer.thumbprint()
          + " cannot be encoded", e);
    }
  }

  private static byte[] digest(String algorithm, byte[] data) {
    try {
      return MessageDigest.getInstance(algorithm).digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is missing from the JDK", e);
    }
  }
}
