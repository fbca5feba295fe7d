package io.entrarenewal.adapter.passwordstate;

import io.entrarenewal.core.domain.RetryPolicy;
import io.entrarenewal.core.domain.Secret;
import io.entrarenewal.sandbox.Sandbox;
import io.entrarenewal.sandbox.World;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** The adapter's view of the sandbox's Passwordstate: its lists, keys and a way to seed. */
final class SandboxPasswordstate {

  private final Sandbox sandbox;

  SandboxPasswordstate(Sandbox sandbox) {
    this.sandbox = sandbox;
  }

  World.Passwordstate world() {
    return sandbox.world().passwordstate();
  }

  /** The production tenant's secret list (7651 in the demo world). */
  int secretList() {
    return sandbox.world().tenant("production").secretListId();
  }

  /** The education tenant's secret list (8633 in the demo world). */
  int educationSecretList() {
    return sandbox.world().tenant("education").secretListId();
  }

  int certificateList() {
    return world().certificateListId();
  }

  int systemAccountsList() {
    return world().systemAccountsListId();
  }

  Secret listKey(int listId) {
    return Secret.of(world().listApiKeys().get(listId));
  }

  /** Settings with the sandbox's CA and quick retries, and no key yet. */
  PasswordstateSettings.Builder settings() {
    return PasswordstateSettings.builder(sandbox.passwordstateBaseUri())
        .trustStore(sandbox.trustStore())
        .retryPolicy(new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(5)));
  }

  /** Settings with every list's own key, the certificates' metadata in GenericField7. */
  PasswordstateSettings.Builder settingsWithListKeys() {
    PasswordstateSettings.Builder builder = settings()
        .metadataField(Integer.toString(certificateList()), "GenericField7");
    world().listApiKeys().forEach((list, key) ->
        builder.listApiKey(Integer.toString(list), Secret.of(key)));
    return builder;
  }

  /** A title no other test uses. */
  static String title(String name) {
    return name + " " + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Seeds a record directly into the sandbox and returns its PasswordID. */
  int givenRecord(int listId, String title, String password, String field, String metadata) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("Title", title);
    fields.put("Password", password);
    if (field != null) {
      fields.put(field, metadata);
    }
    return sandbox.state().addPasswordRecord(listId, fields);
  }

  /** A record as the sandbox holds it. */
  Map<String, Object> record(int passwordId) {
    return sandbox.state().passwordRecord(passwordId).orElseThrow(() ->
        new AssertionError("the sandbox has no record " + passwordId));
  }

  /** The raw reply to an exact-title search, to see which empty reply the sandbox gives. */
  HttpResponse<String> search(int listId, String title) {
    String query = URLEncoder.encode("\"" + title + "\"", StandardCharsets.UTF_8)
        .replace("+", "%20");
    HttpRequest request = HttpRequest.newBuilder(URI.create(sandbox.passwordstateBaseUri()
            + "/api/searchpasswords/" + listId + "?Title=" + query))
        .header("APIKey", world().listApiKeys().get(listId))
        .GET().build();
    try {
      return HttpClient.newBuilder().sslContext(sandbox.clientSslContext()).build()
          .send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
