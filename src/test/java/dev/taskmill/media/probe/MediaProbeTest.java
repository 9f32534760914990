package dev.taskmill.media.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskmill.media.MediaInfo;
import dev.taskmill.media.MediaProbe;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The probe on real files of every format it reads, made in the test. */
class MediaProbeTest {

  @TempDir Path dir;

  private MediaInfo probe(byte[] bytes) throws IOException {
    Path file = Files.createTempFile(dir, "media", ".bin");
    Files.write(file, bytes);
    return MediaProbe.probe(file);
  }

  @Test
  void mp4WithMoovFirst() throws IOException {
    MediaInfo info = probe(TestMedia.mp4(TestMedia.Mp4.standard()));
    assertThat(info.probed).isTrue();
    assertThat(info.error).isNull();
    assertThat(info.container).isEqualTo("mp4");
    assertThat(info.contentKind).isEqualTo("VIDEO");
    assertThat(info.durationSeconds).isEqualTo(2.0);
    assertThat(info.width).isEqualTo(320);
    assertThat(info.height).isEqualTo(240);
    assertThat(info.fps).isEqualTo(25.0);
    assertThat(info.videoCodec).isEqualTo("avc1");
    assertThat(info.audioCodec).isEqualTo("mp4a");
    assertThat(info.audioChannels).isEqualTo(2);
    assertThat(info.sampleRate).isEqualTo(48000);
  }

  @Test
  void mp4WithMoovAtTheEndAndTheDecoderConfigsChannelCount() throws IOException {
    TestMedia.Mp4 spec =
        TestMedia.Mp4.standard()
            .withVideo("hvc1", 1920, 1080, 29.97)
            .withAudio("mp4a", 1, 44100)
            .withLayout("qt  ", 12.5, true, 100_000);
    MediaInfo info = probe(TestMedia.mp4(spec));
    assertThat(info.probed).isTrue();
    assertThat(info.container).isEqualTo("mov");
    assertThat(info.durationSeconds).isEqualTo(12.5);
    assertThat(info.width).isEqualTo(1920);
    assertThat(info.height).isEqualTo(1080);
    assertThat(info.fps).isEqualTo(29.97);
    assertThat(info.videoCodec).isEqualTo("hvc1");
    // The sample entry says 2 (as encoders write); the AudioSpecificConfig says mono.
    assertThat(info.audioChannels).isEqualTo(1);
    assertThat(info.sampleRate).isEqualTo(44100);
  }

  @Test
  void audioOnlyM4aIsAudio() throws IOException {
    TestMedia.Mp4 spec =
        TestMedia.Mp4.standard()
            .withVideo(null, 0, 0, 1)
            .withAudio("mp4a", 6, 22050)
            .withLayout("M4A ", 3, false, 10);
    MediaInfo info = probe(TestMedia.mp4(spec));
    assertThat(info.container).isEqualTo("m4a");
    assertThat(info.contentKind).isEqualTo("AUDIO");
    assertThat(info.videoCodec).isNull();
    assertThat(info.width).isNull();
    assertThat(info.audioChannels).isEqualTo(6);
    assertThat(info.sampleRate).isEqualTo(22050);
    assertThat(info.durationSeconds).isEqualTo(3.0);
  }

  @Test
  void mp4CutBeforeItsMoovSaysSo() throws IOException {
    byte[] whole = TestMedia.mp4(TestMedia.Mp4.standard().withLayout("isom", 2, true, 50_000));
    byte[] cut = java.util.Arrays.copyOf(whole, 30_000);
    MediaInfo info = probe(cut);
    assertThat(info.probed).isFalse();
    assertThat(info.container).isEqualTo("mp4");
    assertThat(info.error).contains("truncated");
  }

  @ParameterizedTest
  @CsvSource({
    "2, 44100, 16, 1.5, pcm_s16le",
    "1, 8000, 8, 0.25, pcm_u8",
    "6, 48000, 24, 1, pcm_s24le"
  })
  void wav(int channels, int rate, int bits, double seconds, String codec) throws IOException {
    MediaInfo info = probe(TestMedia.wav(channels, rate, bits, seconds));
    assertThat(info.probed).isTrue();
    assertThat(info.container).isEqualTo("wav");
    assertThat(info.contentKind).isEqualTo("AUDIO");
    assertThat(info.audioChannels).isEqualTo(channels);
    assertThat(info.sampleRate).isEqualTo(rate);
    assertThat(info.bitsPerSample).isEqualTo(bits);
    assertThat(info.durationSeconds).isEqualTo(seconds);
    assertThat(info.audioCodec).isEqualTo(codec);
  }

  @Test
  void wavCutShortReportsWhatIsThere() throws IOException {
    byte[] wav = TestMedia.wav(1, 16000, 16, 2);
    MediaInfo info = probe(java.util.Arrays.copyOf(wav, 44 + 32000));
    assertThat(info.probed).isTrue();
    assertThat(info.durationSeconds).isEqualTo(1.0);
    assertThat(info.error).contains("truncated");
  }

  @ParameterizedTest
  @CsvSource({"png, 64, 48", "jpeg, 123, 45", "gif, 7, 300", "bmp, 33, 21"})
  void imagesFromImageIo(String format, int w, int h) throws IOException {
    MediaInfo info = probe(TestMedia.image(format, w, h));
    assertThat(info.probed).isTrue();
    assertThat(info.container).isEqualTo(format);
    assertThat(info.contentKind).isEqualTo("IMAGE");
    assertThat(info.width).isEqualTo(w);
    assertThat(info.height).isEqualTo(h);
    assertThat(info.durationSeconds).isNull();
  }

  @Test
  void jpegWithLargeExifBeforeTheFrameHeader() throws IOException {
    byte[] jpeg = TestMedia.image("jpeg", 40, 30);
    byte[] app1 = new byte[4 + 60_000];
    app1[0] = (byte) 0xff;
    app1[1] = (byte) 0xe1;
    app1[2] = (byte) ((60_002) >> 8);
    app1[3] = (byte) 60_002;
    byte[] withExif =
        TestMedia.cat(
            java.util.Arrays.copyOf(jpeg, 2),
            app1,
            java.util.Arrays.copyOfRange(jpeg, 2, jpeg.length));
    MediaInfo info = probe(withExif);
    assertThat(info.width).isEqualTo(40);
    assertThat(info.height).isEqualTo(30);
  }

  @Test
  void webpOfEachFlavour() throws IOException {
    for (Map.Entry<String, byte[]> e : Fixtures.webp(300, 200).entrySet()) {
      MediaInfo info = probe(e.getValue());
      assertThat(info.container).as(e.getKey()).isEqualTo("webp");
      assertThat(info.width).as(e.getKey()).isEqualTo(300);
      assertThat(info.height).as(e.getKey()).isEqualTo(200);
      assertThat(info.probed).as(e.getKey()).isTrue();
    }
  }

  @Test
  void webmWithTracksBeforeTheFirstCluster() throws IOException {
    assertWebm(probe(Fixtures.webm(false)));
  }

  @Test
  void webmWithTracksAfterTheClusterFoundThroughTheSeekHead() throws IOException {
    assertWebm(probe(Fixtures.webm(true)));
  }

  private static void assertWebm(MediaInfo info) {
    assertThat(info.probed).isTrue();
    assertThat(info.error).isNull();
    assertThat(info.container).isEqualTo("webm");
    assertThat(info.contentKind).isEqualTo("VIDEO");
    assertThat(info.durationSeconds).isEqualTo(2.5);
    assertThat(info.videoCodec).isEqualTo("V_VP9");
    assertThat(info.width).isEqualTo(640);
    assertThat(info.height).isEqualTo(360);
    assertThat(info.fps).isEqualTo(25.0);
    assertThat(info.audioCodec).isEqualTo("A_OPUS");
    assertThat(info.audioChannels).isEqualTo(2);
    assertThat(info.sampleRate).isEqualTo(48000);
  }

  @Test
  void flac() throws IOException {
    MediaInfo info = probe(Fixtures.flac(44100, 2, 16, 44100 * 3));
    assertThat(info.container).isEqualTo("flac");
    assertThat(info.audioCodec).isEqualTo("flac");
    assertThat(info.sampleRate).isEqualTo(44100);
    assertThat(info.audioChannels).isEqualTo(2);
    assertThat(info.bitsPerSample).isEqualTo(16);
    assertThat(info.durationSeconds).isEqualTo(3.0);
  }

  @Test
  void oggOpusDurationFromTheLastPage() throws IOException {
    MediaInfo info = probe(Fixtures.oggOpus(4.2));
    assertThat(info.container).isEqualTo("ogg");
    assertThat(info.contentKind).isEqualTo("AUDIO");
    assertThat(info.audioCodec).isEqualTo("opus");
    assertThat(info.audioChannels).isEqualTo(2);
    assertThat(info.sampleRate).isEqualTo(48000);
    assertThat(info.durationSeconds).isEqualTo(4.2);
  }

  @Test
  void mp3ConstantBitRateAfterAnId3Tag() throws IOException {
    MediaInfo info = probe(Fixtures.mp3(100, true, false));
    assertThat(info.container).isEqualTo("mp3");
    assertThat(info.audioCodec).isEqualTo("mp3");
    assertThat(info.sampleRate).isEqualTo(44100);
    assertThat(info.audioChannels).isEqualTo(2);
    // 100 frames of 417 bytes at 128 kbit/s
    assertThat(info.durationSeconds).isEqualTo(Math.round(100 * 417 * 8 / 128.0) / 1000.0);
  }

  @Test
  void mp3FrameCountFromTheXingHeader() throws IOException {
    MediaInfo info = probe(Fixtures.mp3(10, false, true));
    // The Xing header claims 30 frames of 1152 samples at 44.1 kHz.
    assertThat(info.durationSeconds).isEqualTo(Math.round(30 * 1152 * 1000.0 / 44100) / 1000.0);
  }

  @Test
  void avi() throws IOException {
    MediaInfo info = probe(Fixtures.avi());
    assertThat(info.probed).isTrue();
    assertThat(info.container).isEqualTo("avi");
    assertThat(info.contentKind).isEqualTo("VIDEO");
    assertThat(info.videoCodec).isEqualTo("MJPG");
    assertThat(info.width).isEqualTo(320);
    assertThat(info.height).isEqualTo(240);
    assertThat(info.fps).isEqualTo(30.0);
    assertThat(info.durationSeconds).isEqualTo(3.0);
    assertThat(info.audioCodec).isEqualTo("pcm_s16le");
    assertThat(info.audioChannels).isEqualTo(1);
    assertThat(info.sampleRate).isEqualTo(22050);
  }

  @Test
  void textAndUnknownBinaryAreNotProbed() throws IOException {
    MediaInfo text = probe("just some words\n".repeat(100).getBytes(StandardCharsets.UTF_8));
    assertThat(text.probed).isFalse();
    assertThat(text.container).isNull();
    assertThat(text.error).isEqualTo("not a format the probe reads");
    byte[] exotic = new byte[2000];
    System.arraycopy("EXOTICFMT".getBytes(StandardCharsets.US_ASCII), 0, exotic, 0, 9);
    assertThat(probe(exotic).probed).isFalse();
    assertThat(probe(new byte[0]).probed).isFalse();
  }

  @Test
  void aMissingFileIsAnErrorNotAnException() {
    MediaInfo info = MediaProbe.probe(dir.resolve("nope.mp4"));
    assertThat(info.probed).isFalse();
    assertThat(info.error).contains("cannot be read");
  }
}
