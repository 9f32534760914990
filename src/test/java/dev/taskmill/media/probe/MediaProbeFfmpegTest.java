package dev.taskmill.media.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.taskmill.media.MediaInfo;
import dev.taskmill.media.MediaProbe;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The probe on real files written by FFmpeg (src/test/resources/media, made by its make.sh), each
 * compared with what {@code ffmpeg -i} reports for it. Empty cells: the format does not carry it.
 */
class MediaProbeFfmpegTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      nullValues = "-",
      value = {
        // file, container, kind, seconds, w, h, fps, video, audio, channels, rate
        "h264_aac_moov_at_end.mp4, mp4, VIDEO, 1.0, 160, 120, 25, avc1, mp4a, 2, 44100",
        "h264_aac_faststart.mp4, mp4, VIDEO, 2.0, 96, 64, 15, avc1, mp4a, 1, 16000",
        "h264_fragmented.mp4, mp4, VIDEO, 1.0, 160, 120, 25, avc1, -, -, -",
        "hevc.mov, mov, VIDEO, 0.5, 64, 48, 29.97, hvc1, -, -, -",
        "aac.m4a, m4a, AUDIO, 1.0, -, -, -, -, mp4a, 1, 44100",
        "vp9_opus.webm, webm, VIDEO, 1.01, 160, 120, 25, V_VP9, A_OPUS, 1, 48000",
        "h264_flac.mkv, matroska, VIDEO, 1.0, 160, 120, 25, V_MPEG4/ISO/AVC, A_FLAC, 1, 44100",
        "mjpeg.avi, avi, VIDEO, 1.0, 64, 48, 10, MJPG, pcm_u8, 1, 8000",
        "mp3_32k.mp3, mp3, AUDIO, 1.0, -, -, -, -, mp3, 1, 44100",
        "stereo.flac, flac, AUDIO, 1.0, -, -, -, -, flac, 2, 44100",
        "opus.ogg, ogg, AUDIO, 1.0, -, -, -, -, opus, 1, 48000",
        "vorbis.ogg, ogg, AUDIO, 1.0, -, -, -, -, vorbis, 1, 44100",
        "pcm.wav, wav, AUDIO, 0.5, -, -, -, -, pcm_s16le, 1, 22050",
        "still.webp, webp, IMAGE, -, 80, 60, -, -, -, -, -",
        "anim.gif, gif, IMAGE, -, 40, 30, -, -, -, -, -",
      })
  void matchesFfmpeg(
      String file,
      String container,
      String kind,
      Double seconds,
      Integer width,
      Integer height,
      Double fps,
      String video,
      String audio,
      Integer channels,
      Integer rate)
      throws URISyntaxException {
    Path path = Path.of(getClass().getResource("/media/" + file).toURI());
    MediaInfo info = MediaProbe.probe(path);
    System.out.println("probe " + file + ": " + info);
    assertThat(info.probed).isTrue();
    assertThat(info.error).isNull();
    assertThat(info.container).isEqualTo(container);
    assertThat(info.contentKind).isEqualTo(kind);
    if (seconds == null) {
      assertThat(info.durationSeconds).isNull();
    } else {
      assertThat(info.durationSeconds).isCloseTo(seconds, within(0.03));
    }
    assertThat(info.width).isEqualTo(width);
    assertThat(info.height).isEqualTo(height);
    if (fps == null) {
      assertThat(info.fps).isNull();
    } else {
      assertThat(info.fps).isCloseTo(fps, within(0.01));
    }
    assertThat(info.videoCodec).isEqualTo(video);
    assertThat(info.audioCodec).isEqualTo(audio);
    assertThat(info.audioChannels).isEqualTo(channels);
    assertThat(info.sampleRate).isEqualTo(rate);
  }
}
