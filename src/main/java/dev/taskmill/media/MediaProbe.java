package dev.taskmill.media;

import dev.taskmill.media.MediaReader.ProbeException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads what a media file is from its headers alone, in pure Java: container, duration, picture
 * size, frame rate, codecs, channels and sample rate. Formats: MP4/MOV/M4A/3GP/HEIF/AVIF
 * (ISO-BMFF), Matroska/WebM, AVI, WAV, MP3, FLAC, Ogg (Vorbis, Opus, FLAC, Theora), PNG, JPEG, GIF,
 * WebP, BMP.
 *
 * <p>Positioned reads only: headers at the end of a file (an MP4's {@code moov}) are reached by
 * seeking, never by reading what lies before; at most {@link MediaReader#MAX_BYTES} are read and
 * {@link MediaReader#MAX_STEPS} structures visited per file. Never throws: a file it cannot read
 * comes back with {@code probed=false} (or a partial result) and an {@code error}.
 */
public final class MediaProbe {

  /** Bytes of the file's start used to recognise the format. */
  static final int HEAD = 4096;

  private MediaProbe() {}

  /** Probes the file at {@code file}. */
  public static MediaInfo probe(Path file) {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      return probe(channel);
    } catch (IOException e) {
      MediaInfo info = MediaInfo.unknown();
      info.error = "the file cannot be read: " + e.getMessage();
      return info;
    }
  }

  /** Probes the content of {@code channel} (positioned reads; the channel stays open). */
  public static MediaInfo probe(SeekableByteChannel channel) {
    MediaInfo info = new MediaInfo();
    try {
      MediaReader r = new MediaReader(channel);
      byte[] head = r.read(0, HEAD);
      if (!dispatch(r, info, head)) {
        return MediaInfo.unknown();
      }
    } catch (ProbeException e) {
      info.error = e.getMessage();
    } catch (IOException e) {
      info.error = "the file cannot be read: " + e.getMessage();
    } catch (RuntimeException | StackOverflowError e) {
      // A field pointing outside the bytes read, an impossible count, ...: hostile or broken.
      info.error = "the " + name(info) + " headers are malformed or truncated";
    }
    return info;
  }

  private static String name(MediaInfo info) {
    return info.container == null ? "file's" : info.container.toUpperCase();
  }

  /** Probes by the magic at the start of the file; false when no format matches. */
  private static boolean dispatch(MediaReader r, MediaInfo info, byte[] head)
      throws IOException, ProbeException {
    if (ImageProbe.isPng(head)) {
      ImageProbe.png(r, info);
    } else if (ImageProbe.isJpeg(head)) {
      ImageProbe.jpeg(r, info);
    } else if (ImageProbe.isGif(head)) {
      ImageProbe.gif(r, info);
    } else if (RiffProbe.matches(head)) {
      RiffProbe.probe(r, info, head);
    } else if (MatroskaProbe.matches(head)) {
      MatroskaProbe.probe(r, info);
    } else if (IsoBmffProbe.matches(head)) {
      IsoBmffProbe.probe(r, info);
    } else if (AudioProbe.isFlac(head)) {
      AudioProbe.flac(r, info, 0);
    } else if (AudioProbe.isOgg(head)) {
      AudioProbe.ogg(r, info);
    } else if (ImageProbe.isBmp(head)) {
      ImageProbe.bmp(r, info);
    } else if (AudioProbe.isMpegAudio(head)) {
      AudioProbe.mp3(r, info, head);
    } else {
      return false;
    }
    return true;
  }
}
