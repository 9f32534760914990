package dev.taskmill.media.probe;

import static dev.taskmill.media.probe.TestMedia.ascii;
import static dev.taskmill.media.probe.TestMedia.cat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;

/**
 * Small media files of the other formats, built byte by byte from their specifications: Matroska
 * (EBML), FLAC, Ogg (Opus), MP3 frames, AVI and WebP headers.
 */
final class Fixtures {

  private Fixtures() {}

  // --- EBML / Matroska ---

  /** An EBML element: id bytes as written, an 8-byte size, the data. */
  static byte[] el(int id, byte[] data) {
    return cat(idBytes(id), ebmlSize(data.length), data);
  }

  /** An element of unknown size (allowed for Segment and Cluster). */
  static byte[] unknownSize(int id, byte[] data) {
    return cat(idBytes(id), new byte[] {0x01, -1, -1, -1, -1, -1, -1, -1}, data);
  }

  static byte[] uint(int id, long v) {
    return el(id, ByteBuffer.allocate(8).putLong(v).array());
  }

  static byte[] str(int id, String s) {
    return el(id, ascii(s));
  }

  static byte[] f64(int id, double v) {
    return el(id, ByteBuffer.allocate(8).putDouble(v).array());
  }

  static byte[] f32(int id, float v) {
    return el(id, ByteBuffer.allocate(4).putFloat(v).array());
  }

  private static byte[] idBytes(int id) {
    int length = id > 0xffffff ? 4 : id > 0xffff ? 3 : id > 0xff ? 2 : 1;
    byte[] b = new byte[length];
    for (int i = 0; i < length; i++) {
      b[i] = (byte) (id >>> (8 * (length - 1 - i)));
    }
    return b;
  }

  private static byte[] ebmlSize(long size) {
    ByteBuffer b = ByteBuffer.allocate(8).putLong(size | (1L << 56));
    return b.array();
  }

  /**
   * A WebM file: 640x360 VP9 at 25 fps with stereo 48 kHz Opus, 2.5 s. With {@code tracksLast},
   * Info and Tracks come after a cluster and are found through the SeekHead.
   */
  static byte[] webm(boolean tracksLast) {
    byte[] header = el(0x1A45DFA3, cat(uint(0x4286, 1), str(0x4282, "webm"), uint(0x4287, 4)));
    byte[] info = el(0x1549A966, cat(uint(0x2AD7B1, 1_000_000), f64(0x4489, 2500.0)));
    byte[] video =
        el(
            0xAE,
            cat(
                uint(0xD7, 1),
                uint(0x83, 1),
                str(0x86, "V_VP9"),
                uint(0x23E383, 40_000_000),
                el(0xE0, cat(uint(0xB0, 640), uint(0xBA, 360)))));
    byte[] audio =
        el(
            0xAE,
            cat(
                uint(0xD7, 2),
                uint(0x83, 2),
                str(0x86, "A_OPUS"),
                el(0x63A2, new byte[19]),
                el(0xE1, cat(f32(0xB5, 48000f), uint(0x9F, 2)))));
    byte[] tracks = el(0x1654AE6B, cat(video, audio));
    byte[] cluster = el(0x1F43B675, cat(uint(0xE7, 0), el(0xA3, new byte[300])));
    if (!tracksLast) {
      return cat(header, unknownSize(0x18538067, cat(info, tracks, cluster)));
    }
    // SeekHead positions are relative to the segment's data; the SeekHead itself has a fixed size.
    byte[] probeHead = seekHead(0, 0);
    long infoAt = probeHead.length + cluster.length;
    long tracksAt = infoAt + info.length;
    byte[] seekHead = seekHead(infoAt, tracksAt);
    return cat(header, el(0x18538067, cat(seekHead, cluster, info, tracks)));
  }

  private static byte[] seekHead(long infoAt, long tracksAt) {
    return el(
        0x114D9B74,
        cat(
            el(
                0x4DBB,
                cat(
                    el(0x53AB, ByteBuffer.allocate(4).putInt(0x1549A966).array()),
                    uint(0x53AC, infoAt))),
            el(
                0x4DBB,
                cat(
                    el(0x53AB, ByteBuffer.allocate(4).putInt(0x1654AE6B).array()),
                    uint(0x53AC, tracksAt)))));
  }

  // --- FLAC ---

  /** fLaC + STREAMINFO: {@code rate} Hz, {@code channels}, {@code bits}, {@code samples}. */
  static byte[] flac(int rate, int channels, int bits, long samples) {
    ByteBuffer b = ByteBuffer.allocate(4 + 4 + 34 + 16);
    b.put(ascii("fLaC")).put((byte) 0x80).put((byte) 0).put((byte) 0).put((byte) 34);
    b.putShort((short) 4096).putShort((short) 4096).put(new byte[6]);
    long packed =
        ((long) rate << 44) | ((long) (channels - 1) << 41) | ((long) (bits - 1) << 36) | samples;
    b.putLong(packed).put(new byte[16]);
    b.put(new byte[] {(byte) 0xff, (byte) 0xf8, 0x69, 0x18});
    return b.array();
  }

  // --- Ogg ---

  static byte[] oggPage(int flags, long granule, int serial, int sequence, byte[] body) {
    int segments = body.length / 255 + 1;
    ByteBuffer b = ByteBuffer.allocate(27 + segments + body.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put(ascii("OggS")).put((byte) 0).put((byte) flags).putLong(granule).putInt(serial);
    b.putInt(sequence).putInt(0).put((byte) segments);
    for (int i = 0; i < segments - 1; i++) {
      b.put((byte) 255);
    }
    b.put((byte) (body.length % 255));
    b.put(body);
    return b.array();
  }

  /** An Ogg Opus file: stereo, 48 kHz input, pre-skip 312, {@code seconds} long. */
  static byte[] oggOpus(double seconds) {
    ByteBuffer head = ByteBuffer.allocate(19).order(ByteOrder.LITTLE_ENDIAN);
    head.put(ascii("OpusHead")).put((byte) 1).put((byte) 2).putShort((short) 312);
    head.putInt(48000).putShort((short) 0).put((byte) 0);
    byte[] tags = cat(ascii("OpusTags"), new byte[] {0, 0, 0, 0, 0, 0, 0, 0});
    long granule = 312 + Math.round(seconds * 48000);
    return cat(
        oggPage(2, 0, 7, 0, head.array()),
        oggPage(0, 0, 7, 1, tags),
        oggPage(0, granule / 2, 7, 2, new byte[400]),
        oggPage(4, granule, 7, 3, new byte[400]));
  }

  // --- MP3 ---

  /**
   * {@code frames} MPEG-1 Layer III frames, 128 kbit/s, 44.1 kHz, stereo (417 bytes each), after an
   * ID3v2 tag; with {@code xing} the first frame is a Xing header counting {@code frames}.
   */
  static byte[] mp3(int frames, boolean id3, boolean xing) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (id3) {
      out.writeBytes(ascii("ID3"));
      out.writeBytes(new byte[] {4, 0, 0, 0, 0, 1, 0}); // version 4.0, no flags, size 128
      out.writeBytes(new byte[128]);
    }
    for (int i = 0; i < frames; i++) {
      byte[] frame = new byte[417];
      frame[0] = (byte) 0xff;
      frame[1] = (byte) 0xfb;
      frame[2] = (byte) 0x90;
      frame[3] = 0;
      if (xing && i == 0) {
        System.arraycopy(ascii("Xing"), 0, frame, 36, 4);
        frame[43] = 1;
        ByteBuffer.wrap(frame, 44, 4).putInt(frames * 3);
      }
      out.writeBytes(frame);
    }
    return out.toByteArray();
  }

  // --- RIFF: AVI and WebP ---

  private static byte[] chunk(String id, byte[] data) {
    ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    b.put(ascii(id)).putInt(data.length);
    return cat(b.array(), data, data.length % 2 == 1 ? new byte[1] : new byte[0]);
  }

  private static byte[] list(String type, byte[] data) {
    return chunk("LIST", cat(ascii(type), data));
  }

  private static ByteBuffer le(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** An AVI header: 320x240 MJPG at 30 fps, 90 frames, with 22.05 kHz mono PCM audio. */
  static byte[] avi() {
    ByteBuffer avih = le(56);
    avih.putInt(33333).putInt(0).putInt(0).putInt(0).putInt(90).putInt(0).putInt(2).putInt(0);
    avih.putInt(320).putInt(240);
    ByteBuffer vstrh = le(56);
    vstrh.put(ascii("vids")).put(ascii("MJPG")).putInt(0).putInt(0).putInt(0);
    vstrh.putInt(1).putInt(30).putInt(0).putInt(90);
    ByteBuffer vstrf = le(40);
    vstrf.putInt(40).putInt(320).putInt(240).putShort((short) 1).putShort((short) 24);
    vstrf.put(ascii("MJPG"));
    ByteBuffer astrh = le(56);
    astrh.put(ascii("auds")).putInt(0).putInt(0).putInt(0).putInt(0);
    astrh.putInt(1).putInt(22050);
    ByteBuffer astrf = le(16);
    astrf.putShort((short) 1).putShort((short) 1).putInt(22050).putInt(44100);
    astrf.putShort((short) 2).putShort((short) 16);
    byte[] hdrl =
        list(
            "hdrl",
            cat(
                chunk("avih", avih.array()),
                list("strl", cat(chunk("strh", vstrh.array()), chunk("strf", vstrf.array()))),
                list("strl", cat(chunk("strh", astrh.array()), chunk("strf", astrf.array())))));
    byte[] movi = list("movi", chunk("00dc", new byte[100]));
    byte[] body = cat(ascii("AVI "), hdrl, movi);
    return cat(chunk("RIFF", body));
  }

  /** WebP headers of each flavour, by chunk name, each {@code w} x {@code h}. */
  static Map<String, byte[]> webp(int w, int h) {
    ByteBuffer vp8 = le(10);
    vp8.put(new byte[] {0, 0, 0, (byte) 0x9d, 0x01, 0x2a});
    vp8.putShort((short) w).putShort((short) h);
    ByteBuffer vp8l = le(5);
    vp8l.put((byte) 0x2f).putInt((w - 1) | ((h - 1) << 14));
    ByteBuffer vp8x = le(10);
    vp8x.putInt(0x02);
    vp8x.put((byte) (w - 1)).put((byte) ((w - 1) >> 8)).put((byte) ((w - 1) >> 16));
    vp8x.put((byte) (h - 1)).put((byte) ((h - 1) >> 8)).put((byte) ((h - 1) >> 16));
    return Map.of(
        "VP8 ", riffWebp(chunk("VP8 ", vp8.array())),
        "VP8L", riffWebp(chunk("VP8L", vp8l.array())),
        "VP8X", riffWebp(chunk("VP8X", vp8x.array())));
  }

  private static byte[] riffWebp(byte[] first) {
    return chunk("RIFF", cat(ascii("WEBP"), first));
  }
}
