package io.entrarenewal.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.identity.ClientSecretCredential;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.microsoft.graph.applications.item.addpassword.AddPasswordPostRequestBody;
import com.microsoft.graph.core.requests.BaseGraphRequestAdapter;
import com.microsoft.graph.core.requests.GraphClientFactory;
import com.microsoft.graph.core.tasks.PageIterator;
import com.microsoft.graph.models.Application;
import com.microsoft.graph.models.ApplicationCollectionResponse;
import com.microsoft.graph.models.PasswordCredential;
import com.microsoft.graph.models.odataerrors.ODataError;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.authentication.AzureIdentityAuthenticationProvider;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.Set;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Java Graph SDK v6 reads, pages, writes and parses errors against the sandbox. */
class GraphSdkTest {

  private static Sandbox sandbox;
  private static String tenantId;
  private static GraphServiceClient graph;

  @BeforeAll
  static void start() throws Exception {
    sandbox = Sandbox.start(SandboxOptions.defaults().withWorld(SandboxOptions.WorldKind.EMPTY));
    tenantId = sandbox.world().tenant("production").tenantId();
    SandboxState.AppView admin = sandbox.state().createApp(tenantId, "Sdk-Admin", true);
    ClientSecretCredential credential = new ClientSecretCredentialBuilder().tenantId(tenantId)
        .clientId(admin.appId())
        .clientSecret(sandbox.state().addSecret(tenantId, admin.appId(), Duration.ofDays(1)))
        .authorityHost(sandbox.entraAuthorityHost().toString()).disableInstanceDiscovery()
        .httpClient(new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder()
            .sslContext(sandbox.clientSslContext())).build())
        .build();
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(sandbox.trustStore());
    OkHttpClient okHttp = GraphClientFactory.create()
        .sslSocketFactory(sandbox.clientSslContext().getSocketFactory(),
            (X509TrustManager) trust.getTrustManagers()[0])
        .build();
    AzureIdentityAuthenticationProvider auth = new AzureIdentityAuthenticationProvider(
        credential, new String[] {"127.0.0.1"}, "https://graph.microsoft.com/.default");
    BaseGraphRequestAdapter adapter = new BaseGraphRequestAdapter(auth,
        sandbox.graphBaseUri().toString(), okHttp);
    adapter.setBaseUrl(sandbox.graphBaseUri().toString());
    graph = new GraphServiceClient(adapter);
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  @Test
  void givenManyApps_pageIterator_visitsEveryAppOnce() throws Exception {
    for (int i = 0; i < 150; i++) {
      sandbox.state().createApp(tenantId, "Sdk-Paged-" + i, false);
    }
    Set<String> seen = new HashSet<>();
    ApplicationCollectionResponse first = graph.applications().get(rc -> {
      rc.queryParameters.select = new String[] {"id", "appId", "keyCredentials"};
      rc.queryParameters.top = 40;
    });

    new PageIterator.Builder<Application, ApplicationCollectionResponse>()
        .client(graph).collectionPage(first)
        .collectionPageFactory(ApplicationCollectionResponse::createFromDiscriminatorValue)
        .processPageItemCallback(app -> seen.add(app.getId()) || true)
        .build().iterate();

    assertThat(seen).hasSize(sandbox.state().apps(tenantId).size());
  }

  @Test
  void givenAppId_sdk_findsTheAppAndAddsAPassword() throws Exception {
    SandboxState.AppView app = sandbox.state().createApp(tenantId, "Sdk-Target", false);

    Application found = graph.applicationsWithAppId(app.appId()).get(rc ->
        rc.queryParameters.select = new String[] {"id", "displayName", "passwordCredentials"});
    AddPasswordPostRequestBody body = new AddPasswordPostRequestBody();
    PasswordCredential wanted = new PasswordCredential();
    wanted.setDisplayName("renewal");
    wanted.setEndDateTime(OffsetDateTime.now().plusDays(365));
    body.setPasswordCredential(wanted);
    PasswordCredential added = graph.applications().byApplicationId(found.getId())
        .addPassword().post(body);

    assertThat(found.getDisplayName()).isEqualTo("Sdk-Target");
    assertThat(added.getSecretText()).isNotBlank();
    assertThat(added.getHint()).isEqualTo(added.getSecretText().substring(0, 3));
    assertThat(sandbox.state().app(tenantId, app.appId()).orElseThrow().secrets()).hasSize(1);
  }

  @Test
  void givenUnknownId_sdk_throwsODataErrorWithCode() {
    assertThatThrownBy(() -> graph.applications()
        .byApplicationId("6a1c7b0e-0000-0000-0000-000000000000").get())
        .isInstanceOfSatisfying(ODataError.class, error -> {
          assertThat(error.getResponseStatusCode()).isEqualTo(404);
          assertThat(error.getError().getCode()).isEqualTo("Request_ResourceNotFound");
          assertThat(error.getError().getInnerError().getDate()).isNotNull();
        });
  }
}
