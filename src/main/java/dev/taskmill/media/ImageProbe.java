package dev.taskmill.media;

import dev.taskmill.media.MediaReader.ProbeException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Still images: PNG, JPEG (from its SOF marker), GIF and BMP. WebP is in {@link RiffProbe}. */
final class ImageProbe {

  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  private ImageProbe() {}

  static boolean isPng(byte[] h) {
    return startsWith(h, PNG);
  }

  static boolean isJpeg(byte[] h) {
    return h.length >= 3 && (h[0] & 0xff) == 0xff && (h[1] & 0xff) == 0xd8 && (h[2] & 0xff) == 0xff;
  }

  static boolean isGif(byte[] h) {
    return h.length >= 6 && IsoBmffProbe.ascii(h, 0, 6).matches("GIF8[79]a");
  }

  static boolean isBmp(byte[] h) {
    if (h.length < 26 || h[0] != 'B' || h[1] != 'M') {
      return false;
    }
    int dib = ByteBuffer.wrap(h).order(ByteOrder.LITTLE_ENDIAN).getInt(14);
    return dib == 12
        || dib == 40
        || dib == 52
        || dib == 56
        || dib == 64
        || dib == 108
        || dib == 124;
  }

  static void png(MediaReader r, MediaInfo info) throws IOException, ProbeException {
    image(info, "png");
    ByteBuffer b = r.be(8, 25, "PNG header");
    if (!IsoBmffProbe.ascii(b.array(), 4, 4).equals("IHDR")) {
      throw new ProbeException("the PNG file does not start with its IHDR chunk (malformed)");
    }
    size(info, b.getInt(8), b.getInt(12));
  }

  static void gif(MediaReader r, MediaInfo info) throws IOException, ProbeException {
    image(info, "gif");
    ByteBuffer b = r.le(6, 4, "GIF screen descriptor");
    size(info, b.getShort(0) & 0xffff, b.getShort(2) & 0xffff);
  }

  static void bmp(MediaReader r, MediaInfo info) throws IOException, ProbeException {
    image(info, "bmp");
    ByteBuffer b = r.le(14, 16, "BMP header");
    if (b.getInt(0) == 12) {
      size(info, b.getShort(4) & 0xffff, b.getShort(6) & 0xffff);
    } else {
      // A negative height means the rows are stored top-down.
      size(info, b.getInt(4), Math.abs((long) b.getInt(8)));
    }
  }

  /**
   * JPEG: walks the marker segments (seeking over each by its length, so a large EXIF block costs
   * nothing) to the first start-of-frame marker, which holds the size.
   */
  static void jpeg(MediaReader r, MediaInfo info) throws IOException, ProbeException {
    image(info, "jpeg");
    long pos = 2;
    while (true) {
      r.step();
      byte[] m = r.read(pos, 2);
      if (m.length < 2) {
        throw new ProbeException("the JPEG file ends before its frame header (truncated)");
      }
      if ((m[0] & 0xff) != 0xff) {
        throw new ProbeException("the JPEG file has a broken marker (malformed)");
      }
      int marker = m[1] & 0xff;
      if (marker == 0xff) {
        pos++; // fill byte
        continue;
      }
      if (marker == 0xd8 || marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
        pos += 2; // markers without a length
        continue;
      }
      if (marker == 0xd9 || marker == 0xda) {
        throw new ProbeException("the JPEG file has no frame header before its image data");
      }
      ByteBuffer seg = r.be(pos + 2, 2, "JPEG segment");
      int length = seg.getShort(0) & 0xffff;
      if (length < 2) {
        throw new ProbeException("the JPEG file has a segment of impossible length (malformed)");
      }
      boolean sof =
          marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
      if (sof) {
        ByteBuffer f = r.be(pos + 4, 6, "JPEG frame header");
        size(info, f.getShort(3) & 0xffff, f.getShort(1) & 0xffff);
        info.bitsPerSample = f.get(0) & 0xff;
        return;
      }
      pos += 2 + length;
    }
  }

  private static void image(MediaInfo info, String format) {
    info.container = format;
    info.contentKind = "IMAGE";
  }

  private static void size(MediaInfo info, long width, long height) throws ProbeException {
    if (width <= 0 || height <= 0 || width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
      throw new ProbeException("the image header gives an impossible size " + width + "x" + height);
    }
    info.width = (int) width;
    info.height = (int) height;
    info.probed = true;
  }

  private static boolean startsWith(byte[] h, byte[] magic) {
    if (h.length < magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if (h[i] != magic[i]) {
        return false;
      }
    }
    return true;
  }
}
