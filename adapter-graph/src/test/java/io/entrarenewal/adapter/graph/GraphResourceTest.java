package io.entrarenewal.adapter.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** The token scope names Graph's resource, wherever Graph itself is reached. */
class GraphResourceTest {

  @Test
  void givenStandInAddress_andGraphResource_graphScope_namesTheResourceNotTheAddress() {
    GraphSettings settings = GraphSettings.builder()
        .graphBaseUrl(URI.create("https://127.0.0.1:8443/v1.0"))
        .graphResource(URI.create("https://graph.microsoft.com/"))
        .build();

    assertThat(settings.graphScope()).isEqualTo("https://graph.microsoft.com/.default");
    assertThat(settings.graphOrigin()).isEqualTo("https://127.0.0.1:8443");
  }

  @Test
  void givenProxyInFrontOfAnotherCloudsGraph_graphScope_isThatCloudsResource() {
    GraphSettings settings = GraphSettings.builder()
        .graphBaseUrl(URI.create("https://graph-proxy.example.org/v1.0"))
        .graphResource(URI.create("https://graph.microsoft.us"))
        .build();

    assertThat(settings.graphScope()).isEqualTo("https://graph.microsoft.us/.default");
  }

  @Test
  void givenPlainHttpResource_builder_refusesIt() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> GraphSettings.builder()
            .graphResource(URI.create("http://graph.example.org")).build())
        .withMessageContaining("graphResource");
  }
}
