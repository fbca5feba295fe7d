package io.entrarenewal.adapter.ivanti;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.entrarenewal.core.domain.RetryPolicy;
import io.entrarenewal.core.domain.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The settings' defaults and validation. */
class IvantiSettingsTest {

  private static IvantiSettings.Builder builder() {
    return IvantiSettings.builder(URI.create("https://itsm.example.org"),
        new IvantiSettings.ApiKey(Secret.of("key"))).ownerTeam("Automation");
  }

  @Test
  void givenOnlyTheRequiredSettings_build_appliesTheDocumentedDefaults() {
    IvantiSettings settings = builder().build();

    assertThat(settings.pathPrefix()).isEmpty();
    assertThat(settings.objects()).isEqualTo(IvantiSettings.ObjectNames.standard());
    assertThat(settings.objects().notes()).isEqualTo("Journal__Notess");
    assertThat(settings.appIdParameter()).isEqualTo("AppID");
    assertThat(settings.secretTypeParameter()).isEqualTo("SecretType");
    assertThat(settings.pending().statuses()).containsExactly("Logged", "Accepted");
    assertThat(settings.closedStatus()).isEqualTo("Completed");
    assertThat(settings.closeOwner()).isNull();
    assertThat(settings.timeSpentField()).isNull();
    assertThat(settings.writeMethod()).isEqualTo(IvantiSettings.WriteMethod.PATCH);
    assertThat(settings.handOverStatus()).isEqualTo("Logged");
    assertThat(settings.noteParentCategory()).isEqualTo("Task");
    assertThat(settings.sendValidCompanions()).isFalse();
    assertThat(settings.renewalRequests().canOpen()).isFalse();
    assertThat(settings.retryPolicy()).isEqualTo(RetryPolicy.standard());
    assertThat(settings.pageSize()).isEqualTo(100);
  }

  @Test
  void givenPrefixWithoutLeadingOrWithTrailingSlash_build_normalisesIt() {
    assertThat(builder().pathPrefix("HEAT/").build().pathPrefix()).isEqualTo("/HEAT");
    assertThat(builder().onPremises().build().pathPrefix()).isEqualTo("/HEAT");
    assertThat(builder().pathPrefix("/").build().pathPrefix()).isEmpty();
  }

  @Test
  void givenPrefixWithQueryCharacters_build_isRejected() {
    assertThatIllegalArgumentException().isThrownBy(() -> builder().pathPrefix("/HEAT?x=1")
        .build());
  }

  @Test
  void givenPageSizeAboveIvantisLimit_build_isRejected() {
    assertThatIllegalArgumentException().isThrownBy(() -> builder().pageSize(101).build())
        .withMessageContaining("100");
  }

  @Test
  void givenNoOwnerTeam_build_isRejected() {
    assertThatIllegalArgumentException().isThrownBy(() -> builder().ownerTeam(" ").build())
        .withMessageContaining("ownerTeam");
  }

  @Test
  void givenEntitySetNameWithPathCharacters_build_isRejected() {
    assertThatIllegalArgumentException().isThrownBy(() -> builder().objects(
        new IvantiSettings.ObjectNames("Task__Assignments('x')", "ServiceReqs",
            "ServiceReqParams", "Journal__Notess")).build());
  }

  @Test
  void givenNoPendingStatus_build_isRejected() {
    assertThatIllegalArgumentException().isThrownBy(() -> builder().pendingStatuses(List.of())
        .build());
  }

  @Test
  void givenZeroTimeout_build_isRejected() {
    assertThatIllegalArgumentException().isThrownBy(() -> builder()
        .timeouts(Duration.ZERO, Duration.ofSeconds(1)).build());
  }

  @Test
  void givenRelativeBaseUri_build_isRejected() {
    assertThatIllegalArgumentException().isThrownBy(() -> IvantiSettings.builder(
        URI.create("itsm.example.org"), new IvantiSettings.ApiKey(Secret.of("k")))
        .ownerTeam("t").build());
  }

  @Test
  void givenBaseUriWithAPath_build_isRejectedPointingAtThePrefix() {
    assertThatIllegalArgumentException().isThrownBy(() -> IvantiSettings.builder(
        URI.create("https://itsm.example.org/HEAT"), new IvantiSettings.ApiKey(Secret.of("k")))
        .ownerTeam("t").build()).withMessageContaining("pathPrefix");
    assertThat(IvantiSettings.builder(URI.create("https://itsm.example.org/"),
        new IvantiSettings.ApiKey(Secret.of("k"))).ownerTeam("t").build().baseUri())
        .hasHost("itsm.example.org");
  }
}
