package io.entrarenewal.adapter.ivanti;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.entrarenewal.adapter.ivanti.IvantiFixtures.API_KEY;
import static io.entrarenewal.adapter.ivanti.IvantiFixtures.TASK_REC;
import static io.entrarenewal.adapter.ivanti.IvantiFixtures.json;
import static io.entrarenewal.adapter.ivanti.IvantiFixtures.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.entrarenewal.core.domain.Secret;
import io.entrarenewal.core.domain.TaskId;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** No API key, password or session id appears in exceptions, logs or settings' text. */
class IvantiSecrecyTest {

  @RegisterExtension
  static WireMockExtension ivanti =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final String PASSWORD = "Pa55word-DoNotLeak";
  private static final String SESSION_ID = "tenant#SESSION0123456789DoNotLeak#2";
  private static final Path LOG_FILE = Path.of("target", "adapter-ivanti-test.log");

  private final TaskId taskId = new TaskId(TASK_REC);

  private static String fullText(Throwable thrown) {
    StringWriter text = new StringWriter();
    thrown.printStackTrace(new PrintWriter(text));
    return text.toString();
  }

  private IvantiSettings sessionSettings() {
    return IvantiSettings.builder(URI.create(ivanti.baseUrl()),
            new IvantiSettings.SessionLogin("tenant", "svc_renewal", Secret.of(PASSWORD), "Admin"))
        .ownerTeam("team").build();
  }

  @Test
  void givenSecrets_settingsToString_showsNoneOfThem() {
    String apiKeySettings = IvantiFixtures.settings(ivanti).build().toString();
    String sessionSettings = sessionSettings().toString();

    assertThat(apiKeySettings).doesNotContain(API_KEY).contains("****");
    assertThat(sessionSettings).doesNotContain(PASSWORD).contains("svc_renewal");
  }

  @Test
  void givenFailuresOfEveryKind_exceptionsAndLogs_carryNoSecret() throws IOException {
    ivanti.stubFor(post(urlPathEqualTo("/api/rest/authentication/login"))
        .willReturn(okJson("\"" + SESSION_ID + "\"")));
    ivanti.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(500).withBody(
        "{\"code\":\"ISM_5000\",\"SessionId\":\"" + SESSION_ID + "\",\"Key\":\"" + API_KEY
            + "\"}")));
    List<Throwable> failures = new ArrayList<>();

    failures.add(catchThrowable(() -> IvantiWorkQueue.create(sessionSettings()).findTask(taskId)));
    failures.add(catchThrowable(() -> IvantiWorkQueue.create(IvantiFixtures.settings(ivanti)
        .build()).findTask(taskId)));
    ivanti.resetAll();
    ivanti.stubFor(get(anyUrl()).willReturn(json(401, sample(
        "error-ism4001-unauthorized-doc.json"))));
    ivanti.stubFor(post(anyUrl()).willReturn(json(400,
        "{\"code\":\"ISM_4000\",\"message\":[\"bad login\"]}")));
    failures.add(catchThrowable(() -> IvantiWorkQueue.create(sessionSettings()).findTask(taskId)));
    failures.add(catchThrowable(() -> IvantiWorkQueue.create(IvantiFixtures.settings(ivanti)
        .build()).pendingTasks()));

    assertThat(failures).hasSize(4).doesNotContainNull();
    for (Throwable failure : failures) {
      assertThat(fullText(failure)).doesNotContain(API_KEY, PASSWORD, SESSION_ID, "SESSION0123");
    }
    String logs = Files.readString(LOG_FILE, StandardCharsets.UTF_8);
    assertThat(logs).contains("HTTP 500").doesNotContain(API_KEY, PASSWORD, "SESSION0123");
  }
}
