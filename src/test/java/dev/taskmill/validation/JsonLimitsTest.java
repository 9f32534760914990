package dev.taskmill.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskmill.failure.Invalid;
import org.junit.jupiter.api.Test;

/** Depth, size and Unicode limits of stored JSON, at and just past each limit. */
class JsonLimitsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode nested(int levels) throws Exception {
    return JSON.readTree("[".repeat(levels) + "]".repeat(levels));
  }

  @Test
  void depthCountsContainers() throws Exception {
    assertThat(JsonLimits.depth(JSON.readTree("1"))).isZero();
    assertThat(JsonLimits.depth(JSON.readTree("{}"))).isEqualTo(1);
    assertThat(JsonLimits.depth(JSON.readTree("{\"a\":[{}],\"b\":1}"))).isEqualTo(3);
    assertThat(JsonLimits.problem(nested(32), JsonLimits.ANY_SIZE)).isNull();
    assertThat(JsonLimits.problem(nested(33), JsonLimits.ANY_SIZE)).contains("at most 32 levels");
    // A hostile depth is refused without walking (or recursing through) all of it.
    assertThat(JsonLimits.problem(nested(990), JsonLimits.ANY_SIZE)).contains("at most 32");
  }

  @Test
  void sizeIsTheCompactJsonInUtf8() throws Exception {
    JsonNode fits = JSON.readTree("{\"a\":\"" + "é".repeat(10) + "\"}");
    // {"a":"…"} is 8 bytes of syntax plus 20 bytes of text.
    assertThat(JsonLimits.problem(fits, 28)).isNull();
    assertThat(JsonLimits.problem(fits, 27)).contains("at most 27 bytes");
  }

  @Test
  void loneSurrogatesAreRefusedPairsAreNot() throws Exception {
    assertThat(JsonLimits.problem(JSON.readTree("{\"a\":\"\\ud83d\\ude00\"}"), 100)).isNull();
    assertThat(JsonLimits.problem(JSON.readTree("{\"a\":[\"\\ud800\"]}"), 100))
        .contains("not valid Unicode");
    assertThat(JsonLimits.problem(JSON.readTree("{\"\\udc00\":1}"), 100)).contains("field name");
    assertThatThrownBy(() -> Unicode.require("text", "a\ud800"))
        .isInstanceOf(Invalid.class)
        .hasMessageContaining("lone surrogate");
    assertThat(Unicode.loneSurrogate("ok \uD83D\uDE00")).isEqualTo(-1);
    assertThat(Unicode.loneSurrogate("\uDE00")).isZero();
  }
}
