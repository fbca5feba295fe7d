package io.entrarenewal.adapter.passwordstate;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.entrarenewal.core.domain.Secret;
import io.entrarenewal.core.domain.VaultEntry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Pins the default upload format, raw bytes under a bare {@code multipart/form-data} type as the
 * PowerShell clients send them, on the JDK's own server: WireMock refuses that format.
 */
class DocumentUploadTest {

  private HttpServer server;
  private final List<String> contentTypes = new CopyOnWriteArrayList<>();
  private final List<byte[]> bodies = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/api/document/password/", exchange -> {
      contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
      bodies.add(exchange.getRequestBody().readAllBytes());
      byte[] reply = "{\"DocumentID\":77,\"DocumentName\":\"x.pfx\"}"
          .getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, reply.length);
      exchange.getResponseBody().write(reply);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  @Test
  void givenDefaultSettings_storeDocument_sendsRawBytesAsBareMultipart() {
    URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    PasswordstateVault vault = new PasswordstateVault(PasswordstateSettings.builder(base)
        .listApiKey("6691", Secret.of("key")).build(), d -> { });
    byte[] pfx = {0x30, (byte) 0x82, 0x01, 0x02};

    String documentId = vault.storeDocument(
        new VaultEntry("6691", "5", "Certificaat App", Map.of()), "app.pfx", pfx);

    assertThat(documentId).isEqualTo("77");
    assertThat(contentTypes).containsExactly("multipart/form-data");
    assertThat(bodies).singleElement().isEqualTo(pfx);
  }
}
