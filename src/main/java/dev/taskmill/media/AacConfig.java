package dev.taskmill.media;

import java.nio.ByteBuffer;

/** The AudioSpecificConfig inside an esds box (ISO/IEC 14496-1 descriptors). */
final class AacConfig {

  private static final int[] RATES = {
    96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350
  };

  private AacConfig() {}

  /**
   * {channels, sample rate} from the esds box among the sample entry's children between {@code
   * from} and {@code length} of {@code e}; 0 for what it does not say; null without an esds.
   */
  static int[] fromEsds(ByteBuffer e, int from, int length) {
    int[] found = {0, 0};
    for (int pos = from; pos + 8 <= length; ) {
      long size = (e.getInt(pos) & 0xffffffffL);
      String type = IsoBmffProbe.ascii(e.array(), pos + 4, 4);
      if (size < 8 || pos + size > length) {
        return null;
      }
      if (type.equals("esds")) {
        descriptors(e, pos + 12, (int) (pos + size), found, 0);
        return found;
      }
      pos += (int) size;
    }
    return null;
  }

  private static void descriptors(ByteBuffer e, int pos, int end, int[] found, int depth) {
    while (pos + 2 <= end && depth < 4) {
      int tag = e.get(pos++) & 0xff;
      int len = 0;
      for (int i = 0; i < 4 && pos < end; i++) {
        int b = e.get(pos++) & 0xff;
        len = (len << 7) | (b & 0x7f);
        if ((b & 0x80) == 0) {
          break;
        }
      }
      int body = pos;
      int bodyEnd = Math.min(end, body + len);
      if (tag == 3) { // ES_Descriptor: id, flags, optional fields, then children
        if (body + 3 > bodyEnd) {
          return;
        }
        int flags = e.get(body + 2) & 0xff;
        int p = body + 3;
        if ((flags & 0x80) != 0) {
          p += 2;
        }
        if ((flags & 0x40) != 0 && p < bodyEnd) {
          p += 1 + (e.get(p) & 0xff);
        }
        if ((flags & 0x20) != 0) {
          p += 2;
        }
        descriptors(e, p, bodyEnd, found, depth + 1);
        return;
      } else if (tag == 4) { // DecoderConfigDescriptor: 13 bytes, then DecoderSpecificInfo
        descriptors(e, body + 13, bodyEnd, found, depth + 1);
        return;
      } else if (tag == 5 && len >= 2) {
        audioSpecificConfig(e, body, bodyEnd, found);
        return;
      }
      pos = bodyEnd;
    }
  }

  private static void audioSpecificConfig(ByteBuffer e, int pos, int end, int[] found) {
    long bits = 0;
    int n = Math.min(5, end - pos);
    for (int i = 0; i < 5; i++) {
      bits = (bits << 8) | (i < n ? e.get(pos + i) & 0xff : 0);
    }
    int objectType = (int) (bits >>> 35) & 0x1f;
    int rateIndex = (int) (bits >>> 31) & 0xf;
    int channelsAt = 27;
    Integer rate = null;
    if (rateIndex == 0xf) {
      rate = (int) (bits >>> 7) & 0xffffff;
      channelsAt = 3;
    } else if (rateIndex < RATES.length) {
      rate = RATES[rateIndex];
    }
    int config = (int) (bits >>> channelsAt) & 0xf;
    if (objectType == 0 || objectType == 31) {
      return;
    }
    if (rate != null && rate > 0) {
      found[1] = rate;
    }
    if (config >= 1 && config <= 6) {
      found[0] = config;
    } else if (config == 7) {
      found[0] = 8;
    }
  }
}
