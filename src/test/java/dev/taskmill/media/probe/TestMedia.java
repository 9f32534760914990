package dev.taskmill.media.probe;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Real media made in the test: images through javax.imageio, WAV and MP4 built byte by byte
 * following their specifications (RIFF/WAVE; ISO/IEC 14496-12 boxes), so no binary fixture needs
 * committing and every field a probe reads is known.
 */
public final class TestMedia {

  private TestMedia() {}

  /** An image of {@code width} x {@code height} in {@code format} (png, jpg, gif, bmp). */
  public static byte[] image(String format, int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    for (int x = 0; x < width; x++) {
      g.setColor(new Color((x * 7) % 256, (x * 13) % 256, (x * 31) % 256));
      g.drawLine(x, 0, x, height);
    }
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, format, out)) {
        throw new IllegalArgumentException("no ImageIO writer for " + format);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** PCM WAV: a 440 Hz tone, {@code bits} 8/16/24, {@code seconds} long. */
  public static byte[] wav(int channels, int sampleRate, int bits, double seconds) {
    int frames = (int) Math.round(sampleRate * seconds);
    int blockAlign = channels * bits / 8;
    int dataSize = frames * blockAlign;
    ByteBuffer b = ByteBuffer.allocate(44 + dataSize).order(ByteOrder.LITTLE_ENDIAN);
    b.put(ascii("RIFF")).putInt(36 + dataSize).put(ascii("WAVE"));
    b.put(ascii("fmt ")).putInt(16).putShort((short) 1).putShort((short) channels);
    b.putInt(sampleRate).putInt(sampleRate * blockAlign).putShort((short) blockAlign);
    b.putShort((short) bits);
    b.put(ascii("data")).putInt(dataSize);
    for (int i = 0; i < frames; i++) {
      double v = Math.sin(2 * Math.PI * 440 * i / sampleRate) * 0.5;
      for (int c = 0; c < channels; c++) {
        long sample = Math.round(v * ((1L << (bits - 1)) - 1));
        for (int k = 0; k < bits / 8; k++) {
          b.put((byte) (bits == 8 && k == 0 ? sample + 128 : sample >> (8 * k)));
        }
      }
    }
    return b.array();
  }

  /** What {@link #mp4} writes. */
  public record Mp4(
      String brand,
      int width,
      int height,
      double fps,
      double seconds,
      String videoCodec,
      String audioCodec,
      int channels,
      int sampleRate,
      boolean moovAtEnd,
      long mdatPayload) {

    /** 320x240, 25 fps, 2 s H.264 with stereo 48 kHz AAC, moov first, 1 KiB of media data. */
    public static Mp4 standard() {
      return new Mp4("isom", 320, 240, 25, 2, "avc1", "mp4a", 2, 48000, false, 1024);
    }

    public Mp4 withVideo(String codec, int w, int h, double f) {
      return new Mp4(
          brand, w, h, f, seconds, codec, audioCodec, channels, sampleRate, moovAtEnd, mdatPayload);
    }

    public Mp4 withAudio(String codec, int ch, int rate) {
      return new Mp4(
          brand, width, height, fps, seconds, videoCodec, codec, ch, rate, moovAtEnd, mdatPayload);
    }

    public Mp4 withLayout(String b, double s, boolean atEnd, long payload) {
      return new Mp4(
          b, width, height, fps, s, videoCodec, audioCodec, channels, sampleRate, atEnd, payload);
    }
  }

  /** An MP4 (ISO-BMFF) in memory: ftyp, moov and mdat in the order {@code spec} says. */
  public static byte[] mp4(Mp4 spec) {
    byte[] ftyp = ftyp(spec.brand());
    byte[] moov = moov(spec);
    byte[] mdatHeader = box32Header("mdat", spec.mdatPayload());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(ftyp);
    if (!spec.moovAtEnd()) {
      out.writeBytes(moov);
    }
    out.writeBytes(mdatHeader);
    out.writeBytes(new byte[(int) spec.mdatPayload()]);
    if (spec.moovAtEnd()) {
      out.writeBytes(moov);
    }
    return out.toByteArray();
  }

  /**
   * Writes a large MP4 to {@code file} without writing its media data: ftyp, a 64-bit mdat of
   * {@code spec.mdatPayload()} bytes (a sparse hole, filled with a marker every 64 MiB so the file
   * is not all zeros), then moov at the end, as a camera or a non-"faststart" encoder writes it.
   */
  public static void writeLargeMp4(Path file, Mp4 spec) throws IOException {
    byte[] moov = moov(spec);
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(0);
      raf.write(ftyp(spec.brand()));
      ByteBuffer header = ByteBuffer.allocate(16);
      header.putInt(1).put(ascii("mdat")).putLong(16 + spec.mdatPayload());
      raf.write(header.array());
      long start = raf.getFilePointer();
      for (long at = 0; at < spec.mdatPayload(); at += 64L << 20) {
        raf.seek(start + at);
        raf.write(ascii("media data here"));
      }
      raf.seek(start + spec.mdatPayload());
      raf.write(moov);
    }
  }

  private static byte[] ftyp(String brand) {
    return box("ftyp", cat(ascii(brand), u32(512), ascii(brand), ascii("iso2"), ascii("mp41")));
  }

  private static byte[] moov(Mp4 s) {
    int movieScale = 1000;
    long movieDuration = Math.round(s.seconds() * movieScale);
    ByteArrayOutputStream tracks = new ByteArrayOutputStream();
    int trackId = 1;
    if (s.videoCodec() != null) {
      int scale = 90000;
      long delta = Math.round(scale / s.fps());
      long samples = Math.round(s.seconds() * s.fps());
      byte[] entry =
          box(
              s.videoCodec(),
              cat(
                  new byte[6],
                  u16(1),
                  new byte[16],
                  u16(s.width()),
                  u16(s.height()),
                  u32(0x00480000),
                  u32(0x00480000),
                  u32(0),
                  u16(1),
                  new byte[32],
                  u16(0x18),
                  u16(0xffff),
                  box("avcC", new byte[] {1, 0x64, 0, 0x1f, (byte) 0xff, (byte) 0xe0, 0})));
      tracks.writeBytes(
          trak(
              trackId++,
              movieDuration,
              s.width(),
              s.height(),
              scale,
              samples * delta,
              "vide",
              entry,
              samples,
              delta));
    }
    if (s.audioCodec() != null) {
      int scale = s.sampleRate();
      long samples = Math.round(s.seconds() * s.sampleRate() / 1024.0);
      byte[] entry =
          box(
              s.audioCodec(),
              cat(
                  new byte[6],
                  u16(1),
                  new byte[8],
                  u16(2), // encoders write 2 here whatever the stream has; esds tells
                  u16(16),
                  u16(0),
                  u16(0),
                  u32((long) Math.min(s.sampleRate(), 65535) << 16),
                  esds(s.channels(), s.sampleRate())));
      tracks.writeBytes(
          trak(
              trackId++, movieDuration, 0, 0, scale, samples * 1024, "soun", entry, samples, 1024));
    }
    byte[] mvhd =
        fullBox(
            "mvhd",
            0,
            0,
            cat(
                u32(0),
                u32(0),
                u32(movieScale),
                u32(movieDuration),
                u32(0x00010000),
                u16(0x0100),
                new byte[10],
                matrix(),
                new byte[24],
                u32(trackId)));
    return box("moov", cat(mvhd, tracks.toByteArray()));
  }

  /** An esds box whose AudioSpecificConfig says AAC-LC at {@code rate} with {@code channels}. */
  private static byte[] esds(int channels, int rate) {
    int[] rates = {96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025};
    int index = 15;
    for (int i = 0; i < rates.length; i++) {
      if (rates[i] == rate) {
        index = i;
      }
    }
    byte[] asc;
    if (index == 15) {
      long bits = (2L << 35) | (15L << 31) | ((long) rate << 7) | ((long) channels << 3);
      asc =
          new byte[] {
            (byte) (bits >>> 32),
            (byte) (bits >>> 24),
            (byte) (bits >>> 16),
            (byte) (bits >>> 8),
            (byte) bits
          };
    } else {
      int bits = (2 << 11) | (index << 7) | (channels << 3);
      asc = new byte[] {(byte) (bits >>> 8), (byte) bits};
    }
    byte[] decSpecific = cat(new byte[] {5, (byte) asc.length}, asc);
    byte[] decoderConfig =
        cat(
            new byte[] {4, (byte) (13 + decSpecific.length), 0x40, 0x15, 0, 0, 0},
            u32(128000),
            u32(128000),
            decSpecific);
    byte[] sl = {6, 1, 2};
    byte[] es =
        cat(
            new byte[] {3, (byte) (3 + decoderConfig.length + sl.length), 0, 1, 0},
            decoderConfig,
            sl);
    return fullBox("esds", 0, 0, es);
  }

  private static byte[] trak(
      int id,
      long movieDuration,
      int width,
      int height,
      int scale,
      long mediaDuration,
      String handler,
      byte[] sampleEntry,
      long samples,
      long delta) {
    byte[] tkhd =
        fullBox(
            "tkhd",
            0,
            3,
            cat(
                u32(0),
                u32(0),
                u32(id),
                u32(0),
                u32(movieDuration),
                new byte[8],
                u16(0),
                u16(0),
                u16(handler.equals("soun") ? 0x0100 : 0),
                u16(0),
                matrix(),
                u32((long) width << 16),
                u32((long) height << 16)));
    byte[] mdhd =
        fullBox(
            "mdhd", 0, 0, cat(u32(0), u32(0), u32(scale), u32(mediaDuration), u16(0x55c4), u16(0)));
    byte[] hdlr =
        fullBox("hdlr", 0, 0, cat(u32(0), ascii(handler), new byte[12], ascii("handler\0")));
    byte[] stsd = fullBox("stsd", 0, 0, cat(u32(1), sampleEntry));
    byte[] stts = fullBox("stts", 0, 0, cat(u32(1), u32(samples), u32(delta)));
    // A size per sample, as real files have: an hour of video makes this table hundreds of KiB,
    // which the probe must seek over rather than read.
    byte[] sizes = new byte[(int) samples * 4];
    byte[] stsz = fullBox("stsz", 0, 0, cat(u32(0), u32(samples), sizes));
    byte[] stbl = box("stbl", cat(stsd, stts, stsz));
    byte[] minf = box("minf", stbl);
    return box("trak", cat(tkhd, box("mdia", cat(mdhd, hdlr, minf))));
  }

  private static byte[] matrix() {
    return cat(
        u32(0x00010000),
        u32(0),
        u32(0),
        u32(0),
        u32(0x00010000),
        u32(0),
        u32(0),
        u32(0),
        u32(0x40000000));
  }

  /** A box: 32-bit size, type, payload. */
  public static byte[] box(String type, byte[] payload) {
    return cat(u32(8L + payload.length), ascii(type), payload);
  }

  /** A full box: a box whose payload starts with version and 24-bit flags. */
  public static byte[] fullBox(String type, int version, int flags, byte[] payload) {
    return box(type, cat(u32(((long) version << 24) | flags), payload));
  }

  private static byte[] box32Header(String type, long payload) {
    return cat(u32(8 + payload), ascii(type));
  }

  public static byte[] u32(long v) {
    return ByteBuffer.allocate(4).putInt((int) v).array();
  }

  public static byte[] u16(int v) {
    return ByteBuffer.allocate(2).putShort((short) v).array();
  }

  public static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  public static byte[] cat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
