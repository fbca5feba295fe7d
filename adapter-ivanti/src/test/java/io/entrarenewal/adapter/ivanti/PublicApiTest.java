package io.entrarenewal.adapter.ivanti;

import static org.assertj.core.api.Assertions.assertThat;

import io.entrarenewal.core.fakes.ApiSignature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** This adapter's public API changes only on purpose: see {@link ApiSignature}. */
class PublicApiTest {

  @Test
  void publicApi_isTheOneRecordedInPublicApiTxt() throws IOException {
    List<String> api = ApiSignature.of("io.entrarenewal.adapter.ivanti");

    List<String> differences = ApiSignature.differences(api, Path.of("public-api.txt"));

    assertThat(differences)
        .as("the public API changed; if on purpose, run the tests with -Dapi.update=true and"
            + " review public-api.txt's diff (docs/embedding.md, 'Compatibility')")
        .isEmpty();
  }
}
