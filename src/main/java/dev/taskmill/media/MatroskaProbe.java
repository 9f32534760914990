package dev.taskmill.media;

import dev.taskmill.media.MediaReader.ProbeException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Matroska and WebM (EBML). Reads the segment's Info (duration) and Tracks (codecs, picture size,
 * frame rate, channels, sample rate); seeks over clusters, and follows the SeekHead when those
 * elements come after the first cluster.
 */
final class MatroskaProbe {

  private static final int EBML = 0x1A45DFA3;
  private static final int DOC_TYPE = 0x4282;
  private static final int SEGMENT = 0x18538067;
  private static final int SEEK_HEAD = 0x114D9B74;
  private static final int SEEK = 0x4DBB;
  private static final int SEEK_ID = 0x53AB;
  private static final int SEEK_POSITION = 0x53AC;
  private static final int INFO = 0x1549A966;
  private static final int TIMESTAMP_SCALE = 0x2AD7B1;
  private static final int DURATION = 0x4489;
  private static final int TRACKS = 0x1654AE6B;
  private static final int TRACK_ENTRY = 0xAE;
  private static final int TRACK_TYPE = 0x83;
  private static final int CODEC_ID = 0x86;
  private static final int DEFAULT_DURATION = 0x23E383;
  private static final int VIDEO = 0xE0;
  private static final int PIXEL_WIDTH = 0xB0;
  private static final int PIXEL_HEIGHT = 0xBA;
  private static final int AUDIO = 0xE1;
  private static final int SAMPLING_FREQUENCY = 0xB5;
  private static final int CHANNELS = 0x9F;
  private static final int BIT_DEPTH = 0x6264;
  private static final int CLUSTER = 0x1F43B675;

  /** Info and Tracks are read whole; real ones are a few KiB (codec private data included). */
  private static final int MAX_MASTER = 4 << 20;

  private static final long UNKNOWN = -1;

  private MatroskaProbe() {}

  static boolean matches(byte[] head) {
    return head.length >= 4 && ByteBuffer.wrap(head).getInt(0) == EBML;
  }

  /** An element: its id, where its data starts, and its data size ({@link #UNKNOWN} allowed). */
  private record Element(int id, long data, long size) {
    long end() {
      return data + size;
    }
  }

  private static final class State {
    boolean info;
    boolean tracks;
    long scale = 1_000_000;
    Double duration;
  }

  static void probe(MediaReader r, MediaInfo info) throws IOException, ProbeException {
    Element ebml = element(r, 0);
    if (ebml.size == UNKNOWN || ebml.size > 4096) {
      throw new ProbeException("the EBML header has an impossible size");
    }
    byte[] header = r.readFully(ebml.data, (int) ebml.size, "EBML header");
    String docType = "matroska";
    for (int pos = 0; pos < header.length; ) {
      Element e = element(header, pos);
      if (e.id == DOC_TYPE) {
        docType = string(header, e);
      }
      pos = next(header, e);
    }
    info.container = docType.equals("webm") ? "webm" : "matroska";
    Element segment = element(r, ebml.end());
    if (segment.id != SEGMENT) {
      throw new ProbeException("the Matroska file has no Segment after its header");
    }
    long segmentEnd = segment.size == UNKNOWN ? r.size() : Math.min(r.size(), segment.end());
    State state = new State();
    long infoAt = -1;
    long tracksAt = -1;
    for (long pos = segment.data; segmentEnd - pos >= 2 && !(state.info && state.tracks); ) {
      r.step();
      Element e = element(r, pos);
      if (e.id == SEEK_HEAD && e.size != UNKNOWN && e.size <= MAX_MASTER) {
        long[] found = seekHead(r.readFully(e.data, (int) e.size, "SeekHead"));
        infoAt = found[0] >= 0 ? segment.data + found[0] : infoAt;
        tracksAt = found[1] >= 0 ? segment.data + found[1] : tracksAt;
      } else if (e.id == INFO) {
        info(r, e, state);
      } else if (e.id == TRACKS) {
        tracks(r, e, info, state);
      } else if (e.id == CLUSTER || e.size == UNKNOWN) {
        break; // media data from here on: use the SeekHead for anything still missing
      }
      pos = e.end();
    }
    if (!state.info && infoAt >= 0 && infoAt < r.size()) {
      Element e = element(r, infoAt);
      if (e.id == INFO) {
        info(r, e, state);
      }
    }
    if (!state.tracks && tracksAt >= 0 && tracksAt < r.size()) {
      Element e = element(r, tracksAt);
      if (e.id == TRACKS) {
        tracks(r, e, info, state);
      }
    }
    if (state.duration != null && state.duration > 0) {
      info.durationSeconds = Math.round(state.duration * state.scale / 1e6) / 1000.0;
    }
    info.contentKind = info.videoCodec != null ? "VIDEO" : info.audioCodec != null ? "AUDIO" : null;
    info.probed = state.tracks;
    if (!state.tracks) {
      info.error = "the Matroska file has no Tracks element before its media data";
    }
  }

  private static long[] seekHead(byte[] b) {
    long[] found = {-1, -1};
    for (int pos = 0; pos < b.length; ) {
      Element seek = element(b, pos);
      if (seek.id == SEEK) {
        int id = 0;
        long position = -1;
        for (int p = (int) seek.data; p < seek.end() && p < b.length; ) {
          Element child = element(b, p);
          if (child.id == SEEK_ID) {
            id = (int) uint(b, child);
          } else if (child.id == SEEK_POSITION) {
            position = uint(b, child);
          }
          p = next(b, child);
        }
        if (id == INFO) {
          found[0] = position;
        } else if (id == TRACKS) {
          found[1] = position;
        }
      }
      pos = next(b, seek);
    }
    return found;
  }

  private static void info(MediaReader r, Element e, State state)
      throws IOException, ProbeException {
    byte[] b = whole(r, e, "Info");
    for (int pos = 0; pos < b.length; ) {
      Element child = element(b, pos);
      if (child.id == TIMESTAMP_SCALE) {
        long scale = uint(b, child);
        state.scale = scale > 0 ? scale : state.scale;
      } else if (child.id == DURATION) {
        state.duration = number(b, child);
      }
      pos = next(b, child);
    }
    state.info = true;
  }

  private static void tracks(MediaReader r, Element e, MediaInfo info, State state)
      throws IOException, ProbeException {
    byte[] b = whole(r, e, "Tracks");
    for (int pos = 0; pos < b.length; ) {
      Element entry = element(b, pos);
      if (entry.id == TRACK_ENTRY) {
        track(b, entry, info);
      }
      pos = next(b, entry);
    }
    state.tracks = true;
  }

  private static void track(byte[] b, Element entry, MediaInfo info) {
    long type = 0;
    String codec = null;
    long frameNanos = 0;
    Element video = null;
    Element audio = null;
    for (int pos = (int) entry.data; pos < entry.end() && pos < b.length; ) {
      Element e = element(b, pos);
      switch (e.id) {
        case TRACK_TYPE -> type = uint(b, e);
        case CODEC_ID -> codec = string(b, e);
        case DEFAULT_DURATION -> frameNanos = uint(b, e);
        case VIDEO -> video = e;
        case AUDIO -> audio = e;
        default -> {}
      }
      pos = next(b, e);
    }
    if (type == 1 && info.videoCodec == null) {
      info.videoCodec = codec;
      if (frameNanos > 0) {
        info.fps = Math.round(1e12 / frameNanos) / 1000.0;
      }
      long end = video == null ? 0 : Math.min(video.end(), b.length);
      for (int pos = video == null ? b.length : (int) video.data; pos < end; ) {
        Element e = element(b, pos);
        if (e.id == PIXEL_WIDTH) {
          info.width = (int) uint(b, e);
        } else if (e.id == PIXEL_HEIGHT) {
          info.height = (int) uint(b, e);
        }
        pos = next(b, e);
      }
    } else if (type == 2 && info.audioCodec == null) {
      info.audioCodec = codec;
      info.audioChannels = 1; // the Matroska default
      info.sampleRate = 8000;
      long end = audio == null ? 0 : Math.min(audio.end(), b.length);
      for (int pos = audio == null ? b.length : (int) audio.data; pos < end; ) {
        Element e = element(b, pos);
        if (e.id == SAMPLING_FREQUENCY) {
          Double rate = number(b, e);
          info.sampleRate = rate == null ? info.sampleRate : (int) Math.round(rate);
        } else if (e.id == CHANNELS) {
          info.audioChannels = (int) uint(b, e);
        } else if (e.id == BIT_DEPTH) {
          info.bitsPerSample = (int) uint(b, e);
        }
        pos = next(b, e);
      }
    }
  }

  private static byte[] whole(MediaReader r, Element e, String what)
      throws IOException, ProbeException {
    if (e.size == UNKNOWN || e.size > MAX_MASTER) {
      throw new ProbeException("the Matroska " + what + " element is too large");
    }
    return r.readFully(e.data, (int) e.size, what + " element");
  }

  // --- EBML variable-length integers ---

  private static Element element(MediaReader r, long pos) throws IOException, ProbeException {
    byte[] b = r.read(pos, 12);
    Element e = element(b, 0);
    if (e.data > b.length) {
      throw new ProbeException("the file ends inside an element header (truncated)");
    }
    return new Element(e.id, pos + e.data, e.size);
  }

  /** The element at {@code pos} of {@code b}; its data may run past {@code b}. */
  private static Element element(byte[] b, int pos) {
    int idLength = length(b, pos, 4);
    long id = 0;
    for (int i = 0; i < idLength; i++) {
      id = (id << 8) | byteAt(b, pos + i);
    }
    int at = pos + idLength;
    int sizeLength = length(b, at, 8);
    long size = byteAt(b, at) & (0xff >> sizeLength);
    boolean allOnes = size == (0xff >> sizeLength);
    for (int i = 1; i < sizeLength; i++) {
      int v = byteAt(b, at + i);
      allOnes &= v == 0xff;
      size = (size << 8) | v;
    }
    if (allOnes || size < 0) {
      size = UNKNOWN;
    }
    return new Element((int) id, at + sizeLength, size);
  }

  /** Where the element after {@code e} starts; past the end of {@code b} when e is broken. */
  private static int next(byte[] b, Element e) {
    if (e.size == UNKNOWN || e.end() > b.length) {
      return b.length;
    }
    return (int) e.end();
  }

  /** Length of the vint at {@code pos} from its leading zeros; a 0 byte is read as the longest. */
  private static int length(byte[] b, int pos, int max) {
    int first = byteAt(b, pos);
    for (int n = 1; n <= max; n++) {
      if ((first & (0x80 >> (n - 1))) != 0) {
        return n;
      }
    }
    return max;
  }

  private static int byteAt(byte[] b, int pos) {
    return pos < b.length ? b[pos] & 0xff : 0;
  }

  private static long uint(byte[] b, Element e) {
    long v = 0;
    for (long i = 0; i < Math.min(e.size, 8); i++) {
      v = (v << 8) | byteAt(b, (int) (e.data + i));
    }
    return v;
  }

  private static Double number(byte[] b, Element e) {
    if (e.size == 4 && e.end() <= b.length) {
      return (double) ByteBuffer.wrap(b, (int) e.data, 4).getFloat();
    }
    if (e.size == 8 && e.end() <= b.length) {
      return ByteBuffer.wrap(b, (int) e.data, 8).getDouble();
    }
    return null;
  }

  private static String string(byte[] b, Element e) {
    if (e.size == UNKNOWN || e.end() > b.length) {
      return "";
    }
    String s = new String(b, (int) e.data, (int) e.size, StandardCharsets.UTF_8);
    int nul = s.indexOf('\0');
    return (nul >= 0 ? s.substring(0, nul) : s).strip();
  }
}
