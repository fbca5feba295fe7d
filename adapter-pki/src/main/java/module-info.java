/**
 * The certificate authority and PFX ports on BouncyCastle: AD CS web enrollment, EST, an
 * embedded CA, and PKCS#12 files. Entry points: {@code PkiCertificateAuthority} and
 * {@code Pkcs12Files}.
 */
module io.entrarenewal.adapter.pki {
  requires transitive io.entrarenewal.core;
  requires java.net.http;
  requires org.bouncycastle.pkix;
  requires org.bouncycastle.provider;
  requires org.bouncycastle.util;
  requires org.slf4j;

  exports io.entrarenewal.adapter.pki;
}
