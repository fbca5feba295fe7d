package io.entrarenewal.core.domain;

import java.util.Objects;

/**
 * A PFX (PKCS#12) file and the password that opens it. Both are secret; {@link #toString()}
 * shows only the size.
 *
 * @param content the file's bytes
 * @param password the password it was sealed with
 */
public record SealedPfx(byte[] content, Secret password) {

  /** Validates and copies the content. */
  public SealedPfx {
    Objects.requireNonNull(content, "'content' must not be null");
    Objects.requireNonNull(password, "'password' must not be null");
    content = content.clone();
  }

  @Override
  public byte[] content() {
    return content.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SealedPfx pfx
        && java.util.Arrays.equals(content, pfx.content)
        && password.equals(pfx.password);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(content);
  }

  @Override
  public String toString() {
    return "SealedPfx[" + content.length + " bytes, password=****]";
  }
}
