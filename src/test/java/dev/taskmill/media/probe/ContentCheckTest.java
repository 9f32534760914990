package dev.taskmill.media.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskmill.media.ContentCheck;
import dev.taskmill.media.MediaInfo;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The kind-versus-content rules on their own, without HTTP. */
class ContentCheckTest {

  private static MediaInfo media(String container, String kind) {
    MediaInfo info = new MediaInfo();
    info.probed = true;
    info.container = container;
    info.contentKind = kind;
    return info;
  }

  private static final byte[] TEXT = "hello there\nline two\n".getBytes(StandardCharsets.UTF_8);
  private static final byte[] BINARY = {0, 1, 2, (byte) 0xff, 0, 7, 8, 9};

  @Test
  void textIsRecognised() {
    assertThat(ContentCheck.looksLikeText(TEXT)).isTrue();
    assertThat(ContentCheck.looksLikeText("größe €".getBytes(StandardCharsets.UTF_8))).isTrue();
    // A character cut off by the end of the sample is still text.
    byte[] euro = "ab€".getBytes(StandardCharsets.UTF_8);
    assertThat(ContentCheck.looksLikeText(Arrays.copyOf(euro, euro.length - 1))).isTrue();
    assertThat(ContentCheck.looksLikeText("hi".getBytes(StandardCharsets.UTF_16))).isTrue();
    assertThat(ContentCheck.looksLikeText(BINARY)).isFalse();
    assertThat(ContentCheck.looksLikeText(new byte[] {(byte) 0xc3, 0x28, 'a'})).isFalse();
    assertThat(ContentCheck.looksLikeText(new byte[0])).isFalse();
  }

  @Test
  void mediaClaims() {
    MediaInfo unknown = MediaInfo.unknown();
    assertThat(ContentCheck.mismatch("VIDEO", 20, unknown, TEXT, "text/plain")).isEqualTo("text");
    assertThat(ContentCheck.mismatch("VIDEO", 8, unknown, BINARY, "application/octet-stream"))
        .isNull();
    assertThat(ContentCheck.mismatch("IMAGE", 20, unknown, TEXT, "image/svg+xml")).isNull();
    assertThat(ContentCheck.mismatch("AUDIO", 0, unknown, new byte[0], null))
        .isEqualTo("an empty file");
    assertThat(ContentCheck.mismatch("AUDIO", 9, media("png", "IMAGE"), BINARY, "image/png"))
        .isEqualTo("a PNG image");
    assertThat(ContentCheck.mismatch("VIDEO", 9, media("wav", "AUDIO"), BINARY, null))
        .isEqualTo("WAV audio");
    assertThat(ContentCheck.mismatch("IMAGE", 9, media("mp4", "VIDEO"), BINARY, null))
        .isEqualTo("an MP4 video");
    assertThat(ContentCheck.mismatch("VIDEO", 9, media("m4a", "AUDIO"), BINARY, null)).isNull();
    assertThat(ContentCheck.mismatch("AUDIO", 9, media("webm", "VIDEO"), BINARY, null)).isNull();
    assertThat(ContentCheck.mismatch("VIDEO", 9, media("gif", "IMAGE"), BINARY, null)).isNull();
    assertThat(ContentCheck.mismatch("IMAGE", 9, media("heif", "IMAGE"), BINARY, null)).isNull();
    assertThat(ContentCheck.mismatch("VIDEO", 9, media("heif", "IMAGE"), BINARY, null))
        .isEqualTo("a HEIF image");
  }

  @Test
  void otherClaims() {
    assertThat(ContentCheck.mismatch("TEXT", 9, media("png", "IMAGE"), BINARY, null))
        .isEqualTo("a PNG image");
    assertThat(ContentCheck.mismatch("JSON", 20, MediaInfo.unknown(), TEXT, null)).isNull();
    assertThat(ContentCheck.mismatch("FILE", 9, media("png", "IMAGE"), BINARY, null)).isNull();
  }
}
