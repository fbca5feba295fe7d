package io.entrarenewal.adapter.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

  @Test
  void givenDelaySeconds_parse_returnsThem() {
    assertThat(RetryAfter.parse(" 120 ")).contains(Duration.ofSeconds(120));
  }

  @Test
  void givenHttpDate_parse_returnsTheTimeUntilThen() {
    String inTenMinutes = DateTimeFormatter.RFC_1123_DATE_TIME
        .format(ZonedDateTime.now(ZoneOffset.UTC).plusMinutes(10));

    assertThat(RetryAfter.parse(inTenMinutes)).hasValueSatisfying(delay ->
        assertThat(delay).isBetween(Duration.ofMinutes(9), Duration.ofMinutes(10)));
  }

  @Test
  void givenGarbage_parse_isEmpty() {
    assertThat(RetryAfter.parse("soon")).isEmpty();
  }
}
