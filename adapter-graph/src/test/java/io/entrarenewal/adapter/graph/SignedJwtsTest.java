package io.entrarenewal.adapter.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import io.entrarenewal.core.domain.CertificateKeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignedJwtsTest {

  private static final Instant NOW = Instant.parse("2026-12-03T10:00:00.750Z");
  private static final String OBJECT_ID = "19287dbc-37c4-4d74-8da3-84ab7114e76f";

  @Test
  void givenPs256Choice_proof_isSignedWithPssAndNamesTheSha256ThumbprintOnly() throws Exception {
    SignedJWT proof = SignedJWT.parse(SignedJwts.proofOfPossession(
        StandIn.CURRENT, OBJECT_ID, NOW, GraphSettings.JwtHeader.PS256_X5T_S256));

    assertThat(proof.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.PS256);
    assertThat(proof.getHeader().toJSONObject()).containsKey("x5t#S256").doesNotContainKey("x5t");
    assertThat(proof.verify(new RSASSAVerifier(
        (RSAPublicKey) StandIn.CURRENT.certificate().getPublicKey()))).isTrue();
  }

  @Test
  void proof_usesWholeSecondsAndTheApplicationObjectAsIssuer() throws Exception {
    SignedJWT proof = SignedJWT.parse(SignedJwts.proofOfPossession(
        StandIn.CURRENT, OBJECT_ID, NOW, GraphSettings.JwtHeader.RS256_X5T));

    assertThat(proof.getJWTClaimsSet().getNotBeforeTime().toInstant())
        .isEqualTo(Instant.parse("2026-12-03T10:00:00Z"));
    assertThat(proof.getJWTClaimsSet().getExpirationTime().toInstant())
        .isEqualTo(Instant.parse("2026-12-03T10:10:00Z"));
    assertThat(proof.getJWTClaimsSet().getIssuer()).isEqualTo(OBJECT_ID);
    assertThat(proof.getHeader().getX509CertThumbprint().decode())
        .isEqualTo(HexFormat.of().parseHex(StandIn.CURRENT.thumbprint()));
  }

  @Test
  void givenEllipticCurveKey_proof_isRefusedBecauseEntraTakesOnlyRsa() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(256);
    CertificateKeyPair ec = new CertificateKeyPair(StandIn.CURRENT.certificate(),
        generator.generateKeyPair().getPrivate(), List.of());

    assertThatIllegalArgumentException()
        .isThrownBy(() -> SignedJwts.proofOfPossession(
            ec, OBJECT_ID, NOW, GraphSettings.JwtHeader.RS256_X5T_AND_X5T_S256))
        .withMessageContaining("only RSA")
        .withMessageContaining(StandIn.CURRENT.thumbprint());
  }
}
