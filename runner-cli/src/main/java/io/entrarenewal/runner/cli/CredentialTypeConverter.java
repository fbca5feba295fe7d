package io.entrarenewal.runner.cli;

import io.entrarenewal.core.domain.CredentialType;
import io.entrarenewal.core.domain.InvalidRequestException;
import java.util.Iterator;
import java.util.List;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code --type}: secret or certificate (the task spellings work too). */
final class CredentialTypeConverter implements ITypeConverter<CredentialType>, Iterable<String> {

  @Override
  public CredentialType convert(String value) {
    try {
      return CredentialType.parse(value);
    } catch (InvalidRequestException e) {
      throw new TypeConversionException("must be secret or certificate");
    }
  }

  /** The completion candidates. */
  @Override
  public Iterator<String> iterator() {
    return List.of("secret", "certificate").iterator();
  }
}
