package io.entrarenewal.adapter.pki;

import io.entrarenewal.core.domain.CertificateKeyPair;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.spec.ECGenParameterSpec;

/**
 * Key pairs shared by every test in the run. RSA generation costs up to a second per key on a
 * small machine, and a fresh key proves nothing in these tests, so the 2048-bit keys are the
 * core's pre-generated test keys; only the small 1024-bit key is made here, once.
 */
final class TestKeys {

  private TestKeys() {}

  /** The app's key: what the key generator hands out in enrollment tests. */
  static KeyPair app() {
    return Holder.APP;
  }

  /** Another 2048-bit key, for "not our key" cases and end-entity keys. */
  static KeyPair other() {
    return Holder.OTHER;
  }

  /** The test CA's key. */
  static KeyPair ca() {
    return Holder.CA;
  }

  /** A second CA's key, for certificates that do not chain to the trusted CA. */
  static KeyPair rogueCa() {
    return Holder.ROGUE_CA;
  }

  /** A 1024-bit key, too small for Entra. */
  static KeyPair small() {
    return SmallHolder.SMALL;
  }

  /** An EC P-256 key, which Entra does not accept. */
  static KeyPair ec() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static final class Holder {
    static final KeyPair APP = preGenerated(0);
    static final KeyPair OTHER = preGenerated(1);
    static final KeyPair CA = preGenerated(2);
    static final KeyPair ROGUE_CA = preGenerated(3);
  }

  private static KeyPair preGenerated(int index) {
    CertificateKeyPair pair = io.entrarenewal.core.fakes.TestCertificates.pair(index);
    return new KeyPair(pair.certificate().getPublicKey(), pair.privateKey());
  }

  private static final class SmallHolder {
    static final KeyPair SMALL = rsa(1024);
  }

  private static KeyPair rsa(int bits) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(bits);
      return generator.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
