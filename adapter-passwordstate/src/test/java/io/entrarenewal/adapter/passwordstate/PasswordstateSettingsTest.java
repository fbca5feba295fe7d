package io.entrarenewal.adapter.passwordstate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.entrarenewal.adapter.passwordstate.PasswordstateSettings.LegacyDocumentLookup;
import io.entrarenewal.core.domain.RetryPolicy;
import io.entrarenewal.core.domain.Secret;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PasswordstateSettingsTest {

  private static final URI BASE = URI.create("https://passwordstate.example.org");

  @Test
  void givenOnlyBaseUri_build_appliesDocumentedDefaults() {
    PasswordstateSettings settings = PasswordstateSettings.builder(BASE).build();

    assertThat(settings.apiPath()).isEqualTo("/api");
    assertThat(settings.defaultMetadataField()).isEqualTo("GenericField6");
    assertThat(settings.systemApiKeyIfSet()).isEmpty();
    assertThat(settings.reason()).isNull();
    assertThat(settings.trustStore()).isNull();
    assertThat(settings.retryPolicy()).isEqualTo(RetryPolicy.standard());
    assertThat(settings.legacyDocumentLookup()).isEqualTo(LegacyDocumentLookup.none());
    assertThat(settings.documentContentType()).isEqualTo("multipart/form-data");
    assertThat(settings.maxDocumentBytes()).isEqualTo(10L * 1024 * 1024);
    assertThat(settings.excludePasswordOnSearch()).isTrue();
    assertThat(settings.quoteTitleForExactMatch()).isTrue();
  }

  @Test
  void givenListKeyAndSystemKey_apiKeyFor_prefersTheListKey() {
    PasswordstateSettings settings = PasswordstateSettings.builder(BASE)
        .listApiKey("7651", Secret.of("list-key"))
        .systemApiKey(Secret.of("system-key"))
        .build();

    assertThat(settings.apiKeyFor("7651")).contains(Secret.of("list-key"));
    assertThat(settings.apiKeyFor("8620")).contains(Secret.of("system-key"));
  }

  @Test
  void givenListField_metadataFieldFor_fallsBackToTheDefault() {
    PasswordstateSettings settings =
        PasswordstateSettings.builder(BASE).metadataField("6691", "GenericField7").build();

    assertThat(settings.metadataFieldFor("6691")).isEqualTo("GenericField7");
    assertThat(settings.metadataFieldFor("7651")).isEqualTo("GenericField6");
  }

  @Test
  void givenKeysAndJdbcPassword_toString_masksEverySecret() {
    PasswordstateSettings settings = PasswordstateSettings.builder(BASE)
        .listApiKey("7651", Secret.of("list-key-value"))
        .systemApiKey(Secret.of("system-key-value"))
        .legacyDocumentLookup(new LegacyDocumentLookup.Jdbc(
            "jdbc:sqlserver://db.example.org;user=ps;password=url-password-value", "ps",
            Secret.of("db-password-value"), "SELECT DocumentID FROM D WHERE PasswordID = ?",
            Duration.ofSeconds(5)))
        .build();

    String text = settings.toString();

    assertThat(text)
        .doesNotContain("list-key-value", "system-key-value", "url-password-value",
            "db-password-value")
        .contains("7651", "jdbc:sqlserver:****", "systemApiKey=****");
  }

  @Test
  void givenFieldThatIsNotGeneric_build_isRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> PasswordstateSettings.builder(BASE).metadataField("1", "Notes").build())
        .withMessageContaining("GenericField1 to GenericField10");
  }

  @Test
  void givenReasonWithLineBreak_build_isRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> PasswordstateSettings.builder(BASE).reason("a\r\nX-Evil: 1").build())
        .withMessageContaining("'reason'");
  }

  @Test
  void givenListIdThatIsNotANumber_build_isRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> PasswordstateSettings.builder(BASE)
            .listApiKey("../x", Secret.of("k")).build())
        .withMessageContaining("list id");
  }

  @Test
  void givenRelativeUriOrBadApiPath_build_isRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> PasswordstateSettings.builder(URI.create("/api")).build());
    assertThatIllegalArgumentException()
        .isThrownBy(() -> PasswordstateSettings.builder(BASE).apiPath("api").build());
  }

  @Test
  void givenSqlWithoutPlaceholder_jdbcLookup_isRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new LegacyDocumentLookup.Jdbc("jdbc:h2:mem:x", "", null,
            "SELECT 1", Duration.ofSeconds(1)))
        .withMessageContaining("exactly one '?'");
  }
}
