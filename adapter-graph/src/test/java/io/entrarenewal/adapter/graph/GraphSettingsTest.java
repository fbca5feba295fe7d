package io.entrarenewal.adapter.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.entrarenewal.core.domain.Secret;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class GraphSettingsTest {

  private static final GraphAccount ACCOUNT =
      new GraphAccount("aaaaaaaa-1111-4222-8333-444444444444", Secret.of("account-secret-value"));

  @Test
  void givenNothingSet_builder_targetsTheGlobalCloudWithTheDocumentedDefaults() {
    GraphSettings settings = GraphSettings.builder().account("production", ACCOUNT).build();

    assertThat(settings.authorityHost()).isEqualTo(URI.create("https://login.microsoftonline.com"));
    assertThat(settings.graphBaseUrl()).isEqualTo(URI.create("https://graph.microsoft.com/v1.0"));
    assertThat(settings.graphScope()).isEqualTo("https://graph.microsoft.com/.default");
    assertThat(settings.propagationWindow()).isEqualTo(Duration.ofMinutes(2));
    assertThat(settings.proofHeader()).isEqualTo(GraphSettings.JwtHeader.RS256_X5T_AND_X5T_S256);
    assertThat(settings.assertionHeader())
        .isEqualTo(GraphSettings.JwtHeader.RS256_X5T_AND_X5T_S256);
    assertThat(settings.authorityIsMicrosoft()).isTrue();
    assertThat(settings.account("production")).contains(ACCOUNT);
    assertThat(settings.account("education")).isEmpty();
  }

  @Test
  void givenNationalCloud_graphScope_isItsGraphHost() {
    GraphSettings settings = GraphSettings.builder()
        .authorityHost(URI.create("https://login.microsoftonline.us/"))
        .graphBaseUrl(URI.create("https://graph.microsoft.us/v1.0/"))
        .build();

    assertThat(settings.graphScope()).isEqualTo("https://graph.microsoft.us/.default");
    assertThat(settings.graphBaseUrl()).isEqualTo(URI.create("https://graph.microsoft.us/v1.0"));
    assertThat(settings.authorityIsMicrosoft()).isTrue();
  }

  @Test
  void givenStandInHost_graphScope_isTheGlobalGraphResource() {
    GraphSettings settings = GraphSettings.builder()
        .authorityHost(URI.create("https://127.0.0.1:8443"))
        .graphBaseUrl(URI.create("https://127.0.0.1:9443/v1.0"))
        .build();

    assertThat(settings.graphScope()).isEqualTo("https://graph.microsoft.com/.default");
    assertThat(settings.authorityIsMicrosoft()).isFalse();
  }

  @Test
  void givenPlainHttp_builder_refusesTheAuthority() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> GraphSettings.builder()
            .authorityHost(URI.create("http://login.example.org")).build())
        .withMessageContaining("authorityHost");
  }

  @Test
  void givenAccountSecret_toString_masksIt() {
    GraphSettings settings = GraphSettings.builder().account("production", ACCOUNT).build();

    assertThat(settings.toString()).doesNotContain("account-secret-value").contains("****");
  }
}
