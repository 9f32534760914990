package dev.taskmill.media;

import dev.taskmill.media.MediaReader.ProbeException;
import java.io.IOException;
import java.nio.ByteBuffer;

/** RIFF files: WAV (and RF64), AVI and WebP. Reads chunk headers, seeks over sample data. */
final class RiffProbe {

  private RiffProbe() {}

  static boolean matches(byte[] head) {
    if (head.length < 12) {
      return false;
    }
    String riff = IsoBmffProbe.ascii(head, 0, 4);
    String form = IsoBmffProbe.ascii(head, 8, 4);
    return (riff.equals("RIFF") || riff.equals("RF64"))
        && (form.equals("WAVE") || form.equals("AVI ") || form.equals("WEBP"));
  }

  static void probe(MediaReader r, MediaInfo info, byte[] head) throws IOException, ProbeException {
    String form = IsoBmffProbe.ascii(head, 8, 4);
    switch (form) {
      case "WAVE" -> wave(r, info);
      case "AVI " -> avi(r, info);
      default -> webp(r, info);
    }
  }

  private record Chunk(String id, long start, long size) {
    long data() {
      return start + 8;
    }

    long next() {
      return start + 8 + size + (size & 1);
    }
  }

  private static Chunk chunk(MediaReader r, long pos) throws IOException, ProbeException {
    r.step();
    ByteBuffer b = r.le(pos, 8, "chunk header");
    return new Chunk(IsoBmffProbe.ascii(b.array(), 0, 4), pos, b.getInt(4) & 0xffffffffL);
  }

  private static void wave(MediaReader r, MediaInfo info) throws IOException, ProbeException {
    info.container = "wav";
    info.contentKind = "AUDIO";
    long dataSize = -1;
    long ds64Data = -1;
    long byteRate = 0;
    boolean fmt = false;
    for (long pos = 12; r.size() - pos >= 8 && !(fmt && dataSize >= 0); ) {
      Chunk c = chunk(r, pos);
      switch (c.id) {
        case "ds64" -> ds64Data = r.le(c.data(), 16, "ds64 chunk").getLong(8);
        case "fmt " -> {
          ByteBuffer f = r.le(c.data(), (int) Math.min(c.size, 40), "fmt chunk");
          int tag = f.getShort(0) & 0xffff;
          info.audioChannels = f.getShort(2) & 0xffff;
          info.sampleRate = f.getInt(4);
          byteRate = f.getInt(8) & 0xffffffffL;
          info.bitsPerSample = c.size >= 16 ? f.getShort(14) & 0xffff : null;
          if (tag == 0xfffe && c.size >= 26) {
            tag = f.getShort(24) & 0xffff; // WAVE_FORMAT_EXTENSIBLE: the sub-format's tag
          }
          info.audioCodec = waveCodec(tag, info.bitsPerSample);
          fmt = true;
        }
        case "data" -> {
          dataSize = c.size == 0xffffffffL && ds64Data >= 0 ? ds64Data : c.size;
          long present = r.size() - c.data();
          if (dataSize > present) {
            info.error = "the data chunk is longer than the file (truncated recording)";
            dataSize = present;
          }
          if (!fmt) {
            pos = c.data() + dataSize + (dataSize & 1);
            continue;
          }
        }
        default -> {}
      }
      pos = c.next();
    }
    if (!fmt) {
      throw new ProbeException("the WAV file has no 'fmt ' chunk");
    }
    info.probed = true;
    if (dataSize >= 0 && byteRate > 0) {
      info.durationSeconds = Math.round(dataSize * 1000.0 / byteRate) / 1000.0;
    } else if (dataSize < 0 && info.error == null) {
      info.error = "the WAV file has no 'data' chunk";
    }
  }

  private static String waveCodec(int tag, Integer bits) {
    int b = bits == null ? 0 : bits;
    return switch (tag) {
      case 1 -> b == 8 ? "pcm_u8" : "pcm_s" + b + "le";
      case 3 -> "pcm_f" + b + "le";
      case 2 -> "adpcm_ms";
      case 6 -> "pcm_alaw";
      case 7 -> "pcm_mulaw";
      case 0x11 -> "adpcm_ima_wav";
      case 0x50 -> "mp2";
      case 0x55 -> "mp3";
      case 0xff, 0x1610 -> "aac";
      default -> String.format("0x%04x", tag);
    };
  }

  /** AVI: the main header and each stream's header and format in the 'hdrl' list. */
  private static void avi(MediaReader r, MediaInfo info) throws IOException, ProbeException {
    info.container = "avi";
    long end = r.size();
    for (long pos = 12; end - pos >= 12; ) {
      Chunk c = chunk(r, pos);
      if (c.id.equals("LIST")) {
        String type = IsoBmffProbe.ascii(r.readFully(c.data(), 4, "LIST chunk"), 0, 4);
        if (type.equals("hdrl")) {
          hdrl(r, info, c.data() + 4, Math.min(end, c.data() + c.size));
          info.probed = true;
          break;
        }
        if (type.equals("movi")) {
          break;
        }
      }
      pos = c.next();
    }
    if (!info.probed) {
      throw new ProbeException("the AVI file has no 'hdrl' header list");
    }
    info.contentKind = info.videoCodec != null ? "VIDEO" : info.audioCodec != null ? "AUDIO" : null;
  }

  private static void hdrl(MediaReader r, MediaInfo info, long from, long end)
      throws IOException, ProbeException {
    long usPerFrame = 0;
    long frames = 0;
    for (long pos = from; end - pos >= 8; ) {
      Chunk c = chunk(r, pos);
      if (c.id.equals("avih") && c.size >= 40) {
        ByteBuffer h = r.le(c.data(), 40, "avih chunk");
        usPerFrame = h.getInt(0) & 0xffffffffL;
        frames = h.getInt(16) & 0xffffffffL;
        info.width = h.getInt(32);
        info.height = h.getInt(36);
      } else if (c.id.equals("LIST") && c.size >= 4) {
        stream(r, info, c.data() + 4, Math.min(end, c.data() + c.size));
      }
      pos = c.next();
    }
    if (usPerFrame > 0) {
      if (info.fps == null) {
        info.fps = Math.round(1e9 / usPerFrame) / 1000.0;
      }
      if (frames > 0) {
        info.durationSeconds = Math.round(frames * usPerFrame / 1000.0) / 1000.0;
      }
    }
  }

  private static void stream(MediaReader r, MediaInfo info, long from, long end)
      throws IOException, ProbeException {
    String type = null;
    String handler = null;
    for (long pos = from; end - pos >= 8; ) {
      Chunk c = chunk(r, pos);
      if (c.id.equals("strh") && c.size >= 36) {
        ByteBuffer h = r.le(c.data(), 36, "strh chunk");
        type = IsoBmffProbe.ascii(h.array(), 0, 4);
        handler = IsoBmffProbe.ascii(h.array(), 4, 4).strip();
        long scale = h.getInt(20) & 0xffffffffL;
        long rate = h.getInt(24) & 0xffffffffL;
        if (type.equals("vids") && scale > 0 && rate > 0 && info.videoCodec == null) {
          info.fps = Math.round(rate * 1000.0 / scale) / 1000.0;
        }
      } else if (c.id.equals("strf") && "vids".equals(type) && info.videoCodec == null) {
        String compression =
            c.size >= 20 ? IsoBmffProbe.ascii(r.readFully(c.data() + 16, 4, "strf"), 0, 4) : "";
        info.videoCodec = printable(compression) ? compression.strip() : handler;
        if (info.videoCodec == null || info.videoCodec.isEmpty()) {
          info.videoCodec = "raw";
        }
      } else if (c.id.equals("strf") && "auds".equals(type) && info.audioCodec == null) {
        ByteBuffer f = r.le(c.data(), (int) Math.min(c.size, 16), "strf chunk");
        int tag = f.getShort(0) & 0xffff;
        info.audioChannels = f.getShort(2) & 0xffff;
        info.sampleRate = f.getInt(4);
        Integer bits = c.size >= 16 ? f.getShort(14) & 0xffff : null;
        info.audioCodec = waveCodec(tag, bits);
      }
      pos = c.next();
    }
  }

  private static boolean printable(String s) {
    if (s.isBlank() || s.chars().allMatch(ch -> ch == 0)) {
      return false;
    }
    return s.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7f);
  }

  /** WebP: the picture size from its first chunk (VP8, VP8L or VP8X). */
  private static void webp(MediaReader r, MediaInfo info) throws IOException, ProbeException {
    info.container = "webp";
    info.contentKind = "IMAGE";
    Chunk c = chunk(r, 12);
    ByteBuffer d = r.le(c.data(), (int) Math.min(10, c.size), c.id.strip() + " chunk");
    switch (c.id) {
      case "VP8 " -> {
        if ((d.get(3) & 0xff) != 0x9d || (d.get(4) & 0xff) != 0x01 || (d.get(5) & 0xff) != 0x2a) {
          throw new ProbeException("the VP8 frame has no start code (malformed)");
        }
        info.width = d.getShort(6) & 0x3fff;
        info.height = d.getShort(8) & 0x3fff;
      }
      case "VP8L" -> {
        if ((d.get(0) & 0xff) != 0x2f) {
          throw new ProbeException("the VP8L stream has no signature (malformed)");
        }
        int bits = d.getInt(1);
        info.width = (bits & 0x3fff) + 1;
        info.height = ((bits >>> 14) & 0x3fff) + 1;
      }
      case "VP8X" -> {
        info.width = u24(d, 4) + 1;
        info.height = u24(d, 7) + 1;
      }
      default -> throw new ProbeException("the WebP file starts with an unknown chunk");
    }
    info.probed = true;
  }

  private static int u24(ByteBuffer b, int at) {
    return (b.get(at) & 0xff) | (b.get(at + 1) & 0xff) << 8 | (b.get(at + 2) & 0xff) << 16;
  }
}
