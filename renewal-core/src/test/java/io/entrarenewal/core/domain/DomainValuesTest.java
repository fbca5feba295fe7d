package io.entrarenewal.core.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.entrarenewal.core.fakes.TestCertificates;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DomainValuesTest {

  @Test
  void secret_toString_neverShowsTheValue() {
    Secret secret = Secret.of("hunter2-very-secret");

    assertThat(secret.toString()).isEqualTo("****");
    assertThat(new SystemAccount("user", secret).toString()).doesNotContain("hunter2");
    assertThat(new SealedPfx(new byte[] {1, 2}, secret).toString()).doesNotContain("hunter2");
    assertThat(secret.reveal()).isEqualTo("hunter2-very-secret");
    assertThat(secret.matches(Secret.of("hunter2-very-secret"))).isTrue();
  }

  @Test
  void certificateKeyPair_toString_showsThumbprintButNotTheKey() {
    CertificateKeyPair pair = TestCertificates.pair(0);

    assertThat(pair.toString()).contains(pair.thumbprint()).contains("privateKey=****")
        .doesNotContain(pair.privateKey().toString());
    assertThat(pair.thumbprint()).matches("[0-9A-F]{40}");
  }

  @Test
  void clientId_normalisesCaseAndRejectsAnythingButAGuid() {
    assertThat(ClientId.parse(" AAAAAAAA-0000-4000-8000-00000000000A ").value())
        .isEqualTo("aaaaaaaa-0000-4000-8000-00000000000a");
    assertThatExceptionOfType(InvalidRequestException.class)
        .isThrownBy(() -> ClientId.parse("{aaaaaaaa-0000-4000-8000-00000000000a}"))
        .withMessageContaining("must be a GUID");
  }

  @Test
  void taskId_rejectsODataAndControlCharacters() {
    assertThatExceptionOfType(InvalidRequestException.class)
        .isThrownBy(() -> new TaskId("12' or '1' eq '1"))
        .withMessageContaining("'taskId' must be a task number or record id");
    assertThat(new TaskId(" 4711 ").value()).isEqualTo("4711");
  }

  @Test
  void texts_quoteForHumans_escapesControlCharactersAndCutsLongInput() {
    assertThat(Texts.quoteForHumans("a\rb")).isEqualTo("'a\\u000db'");
    assertThat(Texts.quoteForHumans("x".repeat(200))).endsWith("(cut, 200 characters in all)");
  }

  @Test
  void settings_rejectPatternsWithoutTheAppPlaceholder() {
    var builder = RenewalSettings.builder(
        List.of(new Tenant("p", UUID.randomUUID().toString(), "1", null)), "2", "team");
    assertThatExceptionOfType(IllegalArgumentException.class)
        .isThrownBy(() -> builder.secretTitlePattern("fixed").build())
        .withMessageContaining("'secretTitlePattern' must contain {app}");
  }

  @Test
  void settingsBuilder_defaultsFollowTheOriginalDeployment() {
    RenewalSettings settings = RenewalSettings.builder(
        List.of(new Tenant("p", UUID.randomUUID().toString(), "1", null)), "6691", "team")
        .build();

    assertThat(settings.secretTitle("HR-Portal")).isEqualTo("HR-Portal");
    assertThat(settings.certificateTitle("HR-Portal")).isEqualTo("Certificaat HR-Portal");
    assertThat(settings.secretValidity()).isEqualTo(Duration.ofDays(365));
    assertThat(settings.renewBefore()).isEqualTo(Duration.ofDays(30));
    assertThat(settings.defaultTemplate()).isEqualTo("_D09-CA2-SHA256-EntraID");
    assertThat(settings.administrativeCertificatePath()).isFalse();
    assertThat(settings.credentialName("task-42")).isEqualTo("renewal task-42");
    assertThat(settings.texts()).isEqualTo(TaskTexts.withTeam("team"));
  }

  @Test
  void retryPolicy_honoursRetryAfterButNeverExceedsTheCap() {
    RetryPolicy policy = new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(2));

    assertThat(policy.delayAfter(1, java.util.Optional.of(Duration.ofSeconds(1))))
        .isEqualTo(Duration.ofSeconds(1));
    assertThat(policy.delayAfter(1, java.util.Optional.of(Duration.ofSeconds(60))))
        .isEqualTo(Duration.ofSeconds(2));
    assertThat(policy.delayAfter(2, java.util.Optional.empty()))
        .isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
    assertThat(policy.allowsAnotherAfter(2)).isTrue();
    assertThat(policy.allowsAnotherAfter(3)).isFalse();
  }

  @Test
  void vaultEntry_describe_namesListAndTitle() {
    VaultEntry entry = new VaultEntry("7651", "12", "Payroll", Map.of("KeyId", " "));

    assertThat(entry.describe()).isEqualTo("vault entry 'Payroll' (list 7651, id 12)");
    assertThat(entry.metadata("KeyId")).isEmpty();
  }
}
