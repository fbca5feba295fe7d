/**
 * Certificate enrollment (AD CS web enrollment, EST, an embedded CA) and PFX files. The entry
 * points are {@link io.entrarenewal.adapter.pki.PkiCertificateAuthority} and
 * {@link io.entrarenewal.adapter.pki.Pkcs12Files}; everything else is an implementation detail.
 */
package io.entrarenewal.adapter.pki;
