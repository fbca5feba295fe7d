package io.entrarenewal.adapter.graph;

import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.microsoft.graph.core.requests.GraphClientFactory;
import com.microsoft.graph.core.requests.options.GraphClientOption;
import com.microsoft.kiota.http.middleware.RetryHandler;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;

/**
 * The two HTTP clients this adapter needs, trusting the same certificates: the JDK client behind
 * azure-identity (token endpoint) and OkHttp behind the Graph SDK.
 */
final class HttpStack {

  private final OkHttpClient graphClient;
  private final HttpClient identityClient;

  private HttpStack(OkHttpClient graphClient, HttpClient identityClient) {
    this.graphClient = graphClient;
    this.identityClient = identityClient;
  }

  static HttpStack create(GraphSettings settings) {
    X509TrustManager trustManager = trustManager(settings.trustStoreIfAny().orElse(null));
    SSLContext sslContext = sslContext(trustManager);

    OkHttpClient graph = GraphClientFactory.create(new GraphClientOption(), graphMiddleware())
        .sslSocketFactory(sslContext.getSocketFactory(), trustManager)
        .connectTimeout(settings.connectTimeout())
        .readTimeout(settings.readTimeout())
        .writeTimeout(settings.readTimeout())
        // OkHttp would silently resend a request after some connection failures, POSTs included;
        // a resent addPassword adds a second secret, so every retry is decided by this adapter.
        .retryOnConnectionFailure(false)
        .build();

    HttpClient identity = new VettedTokenReplies(
        new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder().sslContext(sslContext))
            .connectionTimeout(settings.connectTimeout())
            .responseTimeout(settings.readTimeout())
            .build());
    return new HttpStack(graph, identity);
  }

  OkHttpClient graphClient() {
    return graphClient;
  }

  HttpClient identityClient() {
    return identityClient;
  }

  /**
   * The Graph SDK's default middleware without its RetryHandler: that handler replays POSTs on
   * 429, 503 and 504, and a replayed addPassword or addKey can add a credential twice. Reads are
   * retried by {@link GraphCalls} instead.
   */
  private static List<Interceptor> graphMiddleware() {
    return Arrays.stream(GraphClientFactory.createDefaultGraphInterceptors(new GraphClientOption()))
        .filter(interceptor -> !(interceptor instanceof RetryHandler))
        .toList();
  }

  private static X509TrustManager trustManager(KeyStore trustStore) {
    try {
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trustStore);
      for (TrustManager manager : factory.getTrustManagers()) {
        if (manager instanceof X509TrustManager x509) {
          return x509;
        }
      }
      throw new IllegalStateException("the JDK offers no X.509 trust manager");
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("the trust store cannot be used for TLS", e);
    }
  }

  private static SSLContext sslContext(X509TrustManager trustManager) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {trustManager}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot set up TLS", e);
    }
  }
}
