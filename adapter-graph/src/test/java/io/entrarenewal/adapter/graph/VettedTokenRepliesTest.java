package io.entrarenewal.adapter.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Only a flat JSON object reaches MSAL's parser, which never returns on nested values. */
class VettedTokenRepliesTest {

  @Test
  void givenTokenReply_problem_isNone() {
    assertThat(VettedTokenReplies.problem(bytes("{\"token_type\":\"Bearer\",\"expires_in\":3599,"
        + "\"ext_expires_in\":3599,\"access_token\":\"eyJ0eXAi.e30.c2ln\",\"foo\":null,"
        + "\"bar\":true}"))).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"token_type\":7,\"access_token\":[1]}",
      "{\"access_token\":{\"value\":\"x\"}}",
      "[\"access_token\"]",
      "<html><body>Sign in</body></html>",
      "{\"access_token\":\"x\"",
      "{\"access_token\":\"x\"} trailing",
      ""})
  void givenBodyThatIsNotAFlatObject_problem_saysWhat(String body) {
    assertThat(VettedTokenReplies.problem(bytes(body))).isNotBlank();
  }

  @Test
  void givenDeeplyNestedBody_problem_answersWithoutDescending() {
    String body = "{\"a\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";

    assertThat(VettedTokenReplies.problem(bytes(body))).contains("nested value in field 'a'");
  }

  @Test
  void givenHugeBody_problem_namesItsSize() {
    String body = "{\"a\":\"" + "x".repeat(VettedTokenReplies.MAX_TOKEN_REPLY_BYTES) + "\"}";

    assertThat(VettedTokenReplies.problem(bytes(body))).contains("bytes");
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
