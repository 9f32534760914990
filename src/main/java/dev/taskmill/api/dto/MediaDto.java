package dev.taskmill.api.dto;

import dev.taskmill.media.MediaInfo;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What the server's probe read from a media file's headers; null fields are unknown. */
@Schema(
    name = "MediaInfo",
    description =
        "Set by the server from the file's headers (never by clients): audio, video and images")
public record MediaDto(
    @Schema(
            description =
                "The headers were recognised and read; false for a format the probe does not"
                    + " know (the item is still accepted)")
        boolean probed,
    @Schema(
            description =
                "mp4, mov, m4a, 3gp, heif, avif, matroska, webm, avi, wav, mp3, flac, ogg, png,"
                    + " jpeg, gif, webp, bmp",
            example = "mp4")
        String container,
    @Schema(
            description = "What the content is: a video stream makes it VIDEO",
            enumeration = {"VIDEO", "AUDIO", "IMAGE"})
        String contentKind,
    @Schema(example = "12.48") Double durationSeconds,
    @Schema(description = "Pixels (coded picture size)", example = "1920") Integer width,
    @Schema(example = "1080") Integer height,
    @Schema(description = "Frames per second", example = "29.97") Double fps,
    @Schema(
            description = "The container's codec name: an MP4 fourcc or a Matroska CodecID",
            example = "avc1")
        String videoCodec,
    @Schema(example = "mp4a") String audioCodec,
    @Schema(example = "2") Integer audioChannels,
    @Schema(description = "Hz", example = "48000") Integer sampleRate,
    Integer bitsPerSample,
    @Schema(description = "What could not be read (truncated, malformed, unknown format)")
        String error) {

  /** Maps the stored probe result; null stays null. */
  public static MediaDto of(MediaInfo m) {
    if (m == null) {
      return null;
    }
    return new MediaDto(
        m.probed,
        m.container,
        m.contentKind,
        m.durationSeconds,
        m.width,
        m.height,
        m.fps,
        m.videoCodec,
        m.audioCodec,
        m.audioChannels,
        m.sampleRate,
        m.bitsPerSample,
        m.error);
  }
}
