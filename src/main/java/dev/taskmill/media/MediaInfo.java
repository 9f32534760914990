package dev.taskmill.media;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What the media probe read from a file's headers. Stored with the data item (server-owned, apart
 * from the client's metadata); fields the format does not carry, or the probe could not read, stay
 * null. Public fields because it is stored by the MongoDB POJO codec, like the other entities
 * (registered for reflection so a native image can store it too; the probe itself uses none).
 */
@RegisterForReflection
public class MediaInfo {

  /**
   * True when the format was recognised and its main header read; {@link #error} may still name a
   * problem found further on (a truncated file), in which case some fields may be missing.
   */
  public boolean probed;

  /**
   * The format: mp4, mov, m4a, 3gp, heif, avif, matroska, webm, avi, wav, mp3, flac, ogg, png,
   * jpeg, gif, webp, bmp; null when not recognised.
   */
  public String container;

  /** VIDEO, AUDIO or IMAGE: what the content is (a video stream makes it VIDEO). */
  public String contentKind;

  public Double durationSeconds;
  public Integer width;
  public Integer height;
  public Double fps;

  /** The container's own codec name: an MP4 sample entry (avc1, hvc1), a Matroska CodecID. */
  public String videoCodec;

  /** Likewise for audio (mp4a, A_OPUS, vorbis, pcm_s16le, mp3, flac). */
  public String audioCodec;

  public Integer audioChannels;
  public Integer sampleRate;
  public Integer bitsPerSample;

  /** Why the headers could not be read (truncated, malformed, unknown format); else null. */
  public String error;

  /** A result for content whose format the probe does not know. */
  public static MediaInfo unknown() {
    MediaInfo info = new MediaInfo();
    info.error = "not a format the probe reads";
    return info;
  }

  @Override
  public String toString() {
    return "MediaInfo[container="
        + container
        + ", kind="
        + contentKind
        + ", duration="
        + durationSeconds
        + ", "
        + width
        + "x"
        + height
        + ", fps="
        + fps
        + ", video="
        + videoCodec
        + ", audio="
        + audioCodec
        + ", channels="
        + audioChannels
        + ", rate="
        + sampleRate
        + ", bits="
        + bitsPerSample
        + ", probed="
        + probed
        + ", error="
        + error
        + "]";
  }
}
