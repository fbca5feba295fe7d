package io.entrarenewal.adapter.ivanti;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.entrarenewal.core.domain.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Literals, filters and addresses. */
class ODataTest {

  private final OData odata = new OData(IvantiSettings.builder(
      URI.create("https://itsm.example.org"), new IvantiSettings.ApiKey(Secret.of("k")))
      .ownerTeam("t").onPremises().build());

  @Test
  void givenQuotes_literal_doublesThem() {
    assertThat(OData.literal("it's 'x'")).isEqualTo("'it''s ''x'''");
  }

  @Test
  void givenInjectionAttempt_eq_keepsItInsideOneLiteral() {
    assertThat(OData.eq("Subject", "x' or 1 eq 1 or 'y"))
        .isEqualTo("Subject eq 'x'' or 1 eq 1 or ''y'");
  }

  @Test
  void givenSeveralValues_anyOf_joinsThemWithOrInParentheses() {
    assertThat(OData.anyOf("Status", List.of("Logged", "Accepted")))
        .isEqualTo("(Status eq 'Logged' or Status eq 'Accepted')");
  }

  @Test
  void givenFilter_query_percentEncodesValuesWithSpacesAsPercent20() {
    URI uri = odata.query("Task__Assignments", "Subject eq 'a&b=c+d'", 100, 200);

    assertThat(uri.toString()).isEqualTo("https://itsm.example.org/HEAT/api/odata/businessobject/"
        + "Task__Assignments?$filter=Subject%20eq%20%27a%26b%3Dc%2Bd%27&$top=100&$skip=200");
  }

  @Test
  void givenSomethingOtherThanARecordId_record_isRejected() {
    assertThatIllegalArgumentException().isThrownBy(() -> odata.record("Tasks", "1') or ('1"));
    assertThat(OData.isRecId("0123456789abcdef0123456789ABCDEF")).isTrue();
    assertThat(OData.isRecId("0123456789abcdef0123456789ABCDEG")).isFalse();
    assertThat(OData.isNumber("12345678901")).isFalse();
  }

  @Test
  void givenRetryAfterInSecondsOrAsADate_parseRetryAfter_readsBoth() {
    assertThat(IvantiHttp.parseRetryAfter("7")).contains(Duration.ofSeconds(7));
    assertThat(IvantiHttp.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT"))
        .contains(Duration.ZERO);
    assertThat(IvantiHttp.parseRetryAfter("soon")).isEmpty();
  }
}
