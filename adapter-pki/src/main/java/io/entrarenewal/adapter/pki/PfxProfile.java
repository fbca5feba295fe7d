package io.entrarenewal.adapter.pki;

/**
 * How PFX files are encrypted. Both profiles are read; this chooses what is written.
 */
public enum PfxProfile {

  /**
   * PBES2 with PBKDF2-HMAC-SHA256 and AES-256-CBC for the key and the certificates, and an
   * HMAC-SHA256 MAC: what Windows exports as "AES256-SHA256" (Windows 10 1709 / Server 2019 and
   * later) and what JDK 12+ writes by default.
   */
  MODERN,

  /**
   * Triple DES (pbeWithSHAAnd3-KeyTripleDES-CBC) for the key and the certificates and an
   * HMAC-SHA1 MAC, for Windows Server 2016 and older. Triple DES rather than RC2-40 for the
   * certificates, because OpenSSL 3 refuses RC2 without its legacy provider.
   */
  LEGACY
}
