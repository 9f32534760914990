package dev.taskmill.media;

import dev.taskmill.media.MediaReader.ProbeException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Audio-only formats: MP3 (MPEG audio, with ID3v2/Xing/VBRI), FLAC and Ogg (Vorbis, Opus). */
final class AudioProbe {

  private static final int[][]
      BITRATES = { // kbit/s by [version row][index]: V1 L1, L2, L3; V2 L1, L2/L3
    {0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448},
    {0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384},
    {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320},
    {0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256},
    {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160}
  };
  private static final int[] RATES = {44100, 48000, 32000};

  /** How far past the ID3 tag the first MPEG frame is looked for. */
  private static final int SYNC_WINDOW = 64 << 10;

  private AudioProbe() {}

  /** Size of an ID3v2 tag at the start of {@code head}, or 0. */
  static long id3Size(byte[] head) {
    if (head.length < 10 || head[0] != 'I' || head[1] != 'D' || head[2] != '3') {
      return 0;
    }
    long size = 0;
    for (int i = 6; i < 10; i++) {
      size = (size << 7) | (head[i] & 0x7f);
    }
    return 10 + size + ((head[5] & 0x10) != 0 ? 10 : 0);
  }

  static boolean isFlac(byte[] head) {
    return head.length >= 4 && head[0] == 'f' && head[1] == 'L' && head[2] == 'a' && head[3] == 'C';
  }

  static boolean isOgg(byte[] head) {
    return head.length >= 4 && head[0] == 'O' && head[1] == 'g' && head[2] == 'g' && head[3] == 'S';
  }

  /** Whether {@code head} starts with an ID3 tag or an MPEG audio frame followed by another. */
  static boolean isMpegAudio(byte[] head) {
    if (id3Size(head) > 0) {
      return true;
    }
    Frame first = Frame.parse(head, 0);
    return first != null
        && (first.length + 4 > head.length || Frame.parse(head, first.length) != null);
  }

  /** One MPEG audio frame header. */
  private record Frame(int version, int layer, int bitrate, int rate, int channels, int length) {

    /** version: 1, 2 or 25 (2.5); layer 1..3; bitrate in kbit/s. */
    static Frame parse(byte[] b, int at) {
      if (at < 0 || at + 4 > b.length) {
        return null;
      }
      int h = ByteBuffer.wrap(b, at, 4).getInt();
      if ((h >>> 21) != 0x7ff) {
        return null;
      }
      int versionBits = (h >>> 19) & 3;
      int layerBits = (h >>> 17) & 3;
      int bitrateIndex = (h >>> 12) & 0xf;
      int rateIndex = (h >>> 10) & 3;
      if (versionBits == 1
          || layerBits == 0
          || bitrateIndex == 0
          || bitrateIndex == 15
          || rateIndex == 3) {
        return null;
      }
      int version = versionBits == 3 ? 1 : versionBits == 2 ? 2 : 25;
      int layer = 4 - layerBits;
      int row = version == 1 ? layer - 1 : layer == 1 ? 3 : 4;
      int bitrate = BITRATES[row][bitrateIndex];
      int rate = RATES[rateIndex] / (version == 1 ? 1 : version == 2 ? 2 : 4);
      int padding = (h >>> 9) & 1;
      int channels = ((h >>> 6) & 3) == 3 ? 1 : 2;
      int length;
      if (layer == 1) {
        length = (12 * bitrate * 1000 / rate + padding) * 4;
      } else {
        int factor = layer == 3 && version != 1 ? 72 : 144;
        length = factor * bitrate * 1000 / rate + padding;
      }
      return length < 4 ? null : new Frame(version, layer, bitrate, rate, channels, length);
    }

    int samplesPerFrame() {
      return layer == 1 ? 384 : layer == 3 && version != 1 ? 576 : 1152;
    }
  }

  static void mp3(MediaReader r, MediaInfo info, byte[] head) throws IOException, ProbeException {
    long start = id3Size(head);
    byte[] window = r.read(start, SYNC_WINDOW);
    int at = -1;
    for (int i = 0; i + 4 <= window.length; i++) {
      Frame f = Frame.parse(window, i);
      if (f != null
          && (i + f.length + 4 > window.length || Frame.parse(window, i + f.length) != null)) {
        at = i;
        break;
      }
    }
    if (at < 0) {
      if (isFlac(window)) {
        flac(r, info, start);
        return;
      }
      throw new ProbeException("no MPEG audio frame after the ID3 tag");
    }
    Frame f = Frame.parse(window, at);
    info.container = f.layer == 3 ? "mp3" : "mpeg";
    info.contentKind = "AUDIO";
    info.audioCodec = "mp" + f.layer;
    info.sampleRate = f.rate;
    info.audioChannels = f.channels;
    info.probed = true;
    long[] vbr = vbrFrames(window, at, f);
    if (vbr[0] > 0) {
      long samples = vbr[0] * f.samplesPerFrame();
      if (vbr[1] + vbr[2] < samples) {
        samples -= vbr[1] + vbr[2]; // the encoder's delay and padding are not sound
      }
      info.durationSeconds = Math.round(samples * 1000.0 / f.rate) / 1000.0;
    } else {
      long audioBytes = r.size() - start - at;
      byte[] tail = r.read(Math.max(0, r.size() - 128), 128);
      if (tail.length == 128 && tail[0] == 'T' && tail[1] == 'A' && tail[2] == 'G') {
        audioBytes -= 128;
      }
      info.durationSeconds = Math.round(audioBytes * 8.0 / f.bitrate) / 1000.0;
    }
  }

  /**
   * From a Xing/Info (with its LAME extension) or VBRI header in the first frame: {frames, encoder
   * delay, padding} in samples; frames is -1 without such a header.
   */
  private static long[] vbrFrames(byte[] w, int at, Frame f) {
    int side = f.version == 1 ? (f.channels == 1 ? 17 : 32) : (f.channels == 1 ? 9 : 17);
    int xing = at + 4 + side;
    if (xing + 12 <= w.length) {
      String tag = IsoBmffProbe.ascii(w, xing, 4);
      int flags = w[xing + 7] & 0xff;
      if ((tag.equals("Xing") || tag.equals("Info")) && (flags & 1) != 0) {
        long frames = ByteBuffer.wrap(w, xing + 8, 4).getInt() & 0xffffffffL;
        int lame =
            xing
                + 8
                + 4
                + ((flags & 2) != 0 ? 4 : 0)
                + ((flags & 4) != 0 ? 100 : 0)
                + ((flags & 8) != 0 ? 4 : 0);
        long delay = 0;
        long padding = 0;
        if (lame + 24 <= w.length
            && IsoBmffProbe.ascii(w, lame, 4).matches("LAME|Lavf|Lavc|GOGO")) {
          int packed =
              (w[lame + 21] & 0xff) << 16 | (w[lame + 22] & 0xff) << 8 | (w[lame + 23] & 0xff);
          delay = packed >>> 12;
          padding = packed & 0xfff;
        }
        return new long[] {frames, delay, padding};
      }
    }
    int vbri = at + 4 + 32;
    if (vbri + 18 <= w.length && IsoBmffProbe.ascii(w, vbri, 4).equals("VBRI")) {
      return new long[] {ByteBuffer.wrap(w, vbri + 14, 4).getInt() & 0xffffffffL, 0, 0};
    }
    return new long[] {-1, 0, 0};
  }

  static void flac(MediaReader r, MediaInfo info, long start) throws IOException, ProbeException {
    ByteBuffer b = r.be(start, 4 + 4 + 34, "FLAC stream info");
    if ((b.get(4) & 0x7f) != 0) {
      throw new ProbeException("the FLAC stream does not start with its STREAMINFO block");
    }
    info.container = "flac";
    info.contentKind = "AUDIO";
    info.audioCodec = "flac";
    streamInfo(b, 8, info);
    info.probed = true;
  }

  /** The 34-byte FLAC STREAMINFO block at {@code at}. */
  private static void streamInfo(ByteBuffer b, int at, MediaInfo info) {
    long bits = b.getLong(at + 10);
    int rate = (int) (bits >>> 44);
    info.sampleRate = rate;
    info.audioChannels = (int) ((bits >>> 41) & 7) + 1;
    info.bitsPerSample = (int) ((bits >>> 36) & 0x1f) + 1;
    long samples = bits & 0xfffffffffL;
    if (rate > 0 && samples > 0) {
      info.durationSeconds = Math.round(samples * 1000.0 / rate) / 1000.0;
    }
  }

  /** Ogg: the first (BOS) pages say which codecs; the last page's granule gives the duration. */
  static void ogg(MediaReader r, MediaInfo info) throws IOException, ProbeException {
    info.container = "ogg";
    long pos = 0;
    long audioSerial = -1;
    long rate = 0;
    long preSkip = 0;
    for (int page = 0; page < 8 && r.size() - pos >= 27; page++) {
      r.step();
      ByteBuffer h = r.le(pos, 27, "Ogg page header");
      if (!IsoBmffProbe.ascii(h.array(), 0, 4).equals("OggS")) {
        break;
      }
      if ((h.get(5) & 2) == 0) {
        break; // no more beginning-of-stream pages: every stream was announced
      }
      long serial = h.getInt(14) & 0xffffffffL;
      int segments = h.get(26) & 0xff;
      byte[] table = r.readFully(pos + 27, segments, "Ogg page");
      int bodyLength = 0;
      for (byte s : table) {
        bodyLength += s & 0xff;
      }
      ByteBuffer body = ByteBuffer.wrap(r.read(pos + 27 + segments, Math.min(bodyLength, 512)));
      body.order(ByteOrder.LITTLE_ENDIAN);
      byte[] p = body.array();
      if (startsWith(p, "\u0001vorbis") && p.length >= 16 && info.audioCodec == null) {
        info.audioCodec = "vorbis";
        info.audioChannels = p[11] & 0xff;
        rate = body.getInt(12) & 0xffffffffL;
        audioSerial = serial;
      } else if (startsWith(p, "OpusHead") && p.length >= 16 && info.audioCodec == null) {
        info.audioCodec = "opus";
        info.audioChannels = p[9] & 0xff;
        preSkip = body.getShort(10) & 0xffff;
        rate = 48000; // Opus granules always count 48 kHz samples
        info.sampleRate = body.getInt(12);
        audioSerial = serial;
      } else if (startsWith(p, "\u007fFLAC") && p.length >= 51 && info.audioCodec == null) {
        info.audioCodec = "flac";
        MediaInfo flac = new MediaInfo();
        streamInfo(ByteBuffer.wrap(p), 17, flac);
        info.audioChannels = flac.audioChannels;
        info.bitsPerSample = flac.bitsPerSample;
        rate = flac.sampleRate;
        audioSerial = serial;
      } else if (startsWith(p, "\u0080theora") && p.length >= 42 && info.videoCodec == null) {
        ByteBuffer t = ByteBuffer.wrap(p);
        info.videoCodec = "theora";
        info.width = ((p[14] & 0xff) << 16) | ((p[15] & 0xff) << 8) | (p[16] & 0xff);
        info.height = ((p[17] & 0xff) << 16) | ((p[18] & 0xff) << 8) | (p[19] & 0xff);
        long num = t.getInt(22) & 0xffffffffL;
        long den = t.getInt(26) & 0xffffffffL;
        if (num > 0 && den > 0) {
          info.fps = Math.round(num * 1000.0 / den) / 1000.0;
        }
      }
      pos += 27 + segments + bodyLength;
    }
    if (info.audioCodec == null && info.videoCodec == null) {
      throw new ProbeException("the Ogg file holds no stream the probe knows");
    }
    if ("vorbis".equals(info.audioCodec) || "flac".equals(info.audioCodec)) {
      info.sampleRate = (int) rate;
    }
    info.contentKind = info.videoCodec != null ? "VIDEO" : "AUDIO";
    info.probed = true;
    if (audioSerial >= 0 && rate > 0) {
      long granule = lastGranule(r, audioSerial);
      if (granule > preSkip) {
        info.durationSeconds = Math.round((granule - preSkip) * 1000.0 / rate) / 1000.0;
      }
    }
  }

  /** The granule position of the last page of stream {@code serial}, from the file's tail. */
  private static long lastGranule(MediaReader r, long serial) throws IOException, ProbeException {
    int tailLength = (int) Math.min(r.size(), 64 << 10);
    long tailStart = r.size() - tailLength;
    byte[] tail = r.read(tailStart, tailLength);
    for (int i = tail.length - 27; i >= 0; i--) {
      if (tail[i] == 'O' && tail[i + 1] == 'g' && tail[i + 2] == 'g' && tail[i + 3] == 'S') {
        ByteBuffer h = ByteBuffer.wrap(tail, i, 27).order(ByteOrder.LITTLE_ENDIAN);
        if ((h.getInt(i + 14) & 0xffffffffL) == serial) {
          long granule = h.getLong(i + 6);
          if (granule >= 0) {
            return granule;
          }
        }
      }
    }
    return -1;
  }

  private static boolean startsWith(byte[] p, String prefix) {
    if (p.length < prefix.length()) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      if ((p[i] & 0xff) != prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
