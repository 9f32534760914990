package dev.taskmill.media;

import dev.taskmill.media.MediaReader.ProbeException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * ISO base media files (ISO/IEC 14496-12: MP4, MOV, M4A, 3GP, HEIF/AVIF). Walks the box tree by
 * headers only, seeking over media data, so a {@code moov} box at the end of a 10 GiB file costs a
 * few positioned reads; only the small leaf boxes it needs (mvhd, tkhd, mdhd, hdlr, stsd, stts,
 * ispe) are read.
 */
final class IsoBmffProbe {

  private static final Set<String> FIRST_BOXES =
      Set.of("ftyp", "moov", "mdat", "free", "skip", "wide", "pnot", "styp");
  private static final Set<String> HEIF_BRANDS =
      Set.of("heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1");
  private static final int MAX_DEPTH = 12;
  private static final int MAX_STTS_ENTRIES = 131_072;

  private IsoBmffProbe() {}

  static boolean matches(byte[] head) {
    return head.length >= 12 && FIRST_BOXES.contains(ascii(head, 4, 4));
  }

  private record Box(String type, long start, long header, long end) {
    long payload() {
      return start + header;
    }

    long payloadSize() {
      return end - start - header;
    }
  }

  /** What one {@code trak} declares. */
  private static final class Track {
    long id;
    String handler;
    int tkhdWidth;
    int tkhdHeight;
    long timescale;
    long duration = -1;
    String codec;
    int entryWidth;
    int entryHeight;
    Integer channels;
    Integer sampleRate;
    Integer bits;
    long samples;
    long sampleTime;
    long defaultSampleDuration;

    /** End of the last movie fragment, in the track's timescale; -1 when not fragmented. */
    long fragmentEnd = -1;
  }

  private static final class Movie {
    long timescale;
    long duration = -1;
    long fragmentDuration = -1;
    Track video;
    Track audio;
    boolean sawMoov;
    int imageWidth;
    int imageHeight;
    final java.util.Map<Long, Long> trexDurations = new java.util.HashMap<>();

    Track track(long id) {
      return video != null && video.id == id
          ? video
          : audio != null && audio.id == id ? audio : null;
    }
  }

  static void probe(MediaReader r, MediaInfo info) throws IOException, ProbeException {
    Movie movie = new Movie();
    String major = null;
    String truncated = null;
    Box lastMoof = null;
    long size = r.size();
    for (long pos = 0; size - pos >= 8; ) {
      r.step();
      Box box = header(r, pos, Long.MAX_VALUE);
      if (box.end > size) {
        if (box.type.equals("moov") || box.type.equals("meta")) {
          throw new ProbeException(
              "the '" + box.type + "' box runs past the end of the file (truncated)");
        }
        truncated = "the '" + box.type + "' box runs past the end of the file (truncated)";
        break;
      }
      switch (box.type) {
        case "ftyp" -> major = ascii(r.readFully(box.payload(), 4, "ftyp box"), 0, 4);
        case "moov" -> {
          movie.sawMoov = true;
          moov(r, box, movie);
        }
        case "meta" -> meta(r, box, movie, 1);
        case "moof" -> lastMoof = box;
        default -> {}
      }
      pos = box.end;
    }
    if (lastMoof != null && movie.duration <= 0 && movie.fragmentDuration <= 0) {
      // Fragmented without a total: the last fragment's decode time plus its samples.
      fragment(r, lastMoof, movie);
    }
    info.container = container(major);
    boolean image = "heif".equals(info.container) || "avif".equals(info.container);
    if (image) {
      info.contentKind = "IMAGE";
      if (movie.imageWidth > 0) {
        info.width = movie.imageWidth;
        info.height = movie.imageHeight;
      }
    }
    fill(info, movie, image);
    info.probed = movie.sawMoov || image;
    if (truncated != null) {
      info.error = truncated;
    } else if (!info.probed) {
      info.error =
          "there is no 'moov' box (movie header): the file is incomplete, or fragmented"
              + " without one";
    }
  }

  private static void fill(MediaInfo info, Movie m, boolean image) {
    double seconds = -1;
    if (m.timescale > 0 && m.duration > 0) {
      seconds = (double) m.duration / m.timescale;
    } else if (m.timescale > 0 && m.fragmentDuration > 0) {
      seconds = (double) m.fragmentDuration / m.timescale;
    } else {
      for (Track t : new Track[] {m.video, m.audio}) {
        if (t != null && t.timescale > 0 && t.duration > 0) {
          seconds = Math.max(seconds, (double) t.duration / t.timescale);
        }
        if (t != null && t.timescale > 0 && t.fragmentEnd > 0) {
          seconds = Math.max(seconds, (double) t.fragmentEnd / t.timescale);
        }
      }
    }
    if (seconds > 0 && !image) {
      info.durationSeconds = round(seconds, 3);
    }
    Track v = m.video;
    if (v != null) {
      if (!image) {
        info.contentKind = "VIDEO";
      }
      info.videoCodec = v.codec;
      int w = v.entryWidth > 0 ? v.entryWidth : v.tkhdWidth;
      int h = v.entryHeight > 0 ? v.entryHeight : v.tkhdHeight;
      if (w > 0 && h > 0 && info.width == null) {
        info.width = w;
        info.height = h;
      }
      if (v.samples > 0 && v.sampleTime > 0 && v.timescale > 0) {
        info.fps = round((double) v.samples * v.timescale / v.sampleTime, 3);
      } else if (v.samples > 0 && v.duration > 0 && v.timescale > 0) {
        info.fps = round((double) v.samples * v.timescale / v.duration, 3);
      }
    }
    Track a = m.audio;
    if (a != null) {
      if (info.contentKind == null) {
        info.contentKind = "AUDIO";
      }
      info.audioCodec = a.codec;
      info.audioChannels = a.channels;
      info.sampleRate = a.sampleRate;
      info.bitsPerSample = a.bits;
    }
  }

  private static String container(String major) {
    if (major == null) {
      return "mov"; // QuickTime files from before ftyp existed
    }
    String brand = major.strip();
    if (major.equals("qt  ")) {
      return "mov";
    }
    if (brand.equals("M4A") || brand.equals("M4B") || brand.equals("M4P")) {
      return "m4a";
    }
    if (brand.startsWith("3gp") || brand.startsWith("3g2")) {
      return "3gp";
    }
    if (HEIF_BRANDS.contains(brand)) {
      return "heif";
    }
    if (brand.equals("avif") || brand.equals("avis")) {
      return "avif";
    }
    return "mp4";
  }

  private static void moov(MediaReader r, Box moov, Movie m) throws IOException, ProbeException {
    for (long pos = moov.payload(); moov.end - pos >= 8; ) {
      r.step();
      Box box = header(r, pos, moov.end);
      switch (box.type) {
        case "mvhd" -> {
          ByteBuffer b = r.be(box.payload(), leaf(box, 32), "mvhd box");
          int version = b.get(0) & 0xff;
          if (version == 1) {
            m.timescale = u32(b, 20);
            m.duration = b.getLong(24);
          } else {
            m.timescale = u32(b, 12);
            m.duration = u32(b, 16);
            if (m.duration == 0xffffffffL) {
              m.duration = -1;
            }
          }
        }
        case "trak" -> {
          Track t = new Track();
          walkTrack(r, box, t, 1);
          if ("vide".equals(t.handler) && m.video == null) {
            m.video = t;
          } else if ("soun".equals(t.handler) && m.audio == null) {
            m.audio = t;
          }
        }
        case "mvex" -> {
          for (long p = box.payload(); box.end - p >= 8; ) {
            r.step();
            Box child = header(r, p, box.end);
            if (child.type.equals("mehd")) {
              ByteBuffer b = r.be(child.payload(), leaf(child, 12), "mehd box");
              m.fragmentDuration = (b.get(0) & 0xff) == 1 ? b.getLong(4) : u32(b, 4);
            } else if (child.type.equals("trex")) {
              ByteBuffer b = r.be(child.payload(), 16, "trex box");
              m.trexDurations.put(u32(b, 4), u32(b, 12));
            }
            p = child.end;
          }
        }
        default -> {}
      }
      pos = box.end;
    }
  }

  private static void walkTrack(MediaReader r, Box parent, Track t, int depth)
      throws IOException, ProbeException {
    if (depth > MAX_DEPTH) {
      throw new ProbeException("the boxes are nested deeper than any real file");
    }
    for (long pos = parent.payload(); parent.end - pos >= 8; ) {
      r.step();
      Box box = header(r, pos, parent.end);
      switch (box.type) {
        case "mdia", "minf", "stbl" -> walkTrack(r, box, t, depth + 1);
        case "tkhd" -> {
          ByteBuffer b = r.be(box.payload(), 4, "tkhd box");
          boolean v1 = (b.get(0) & 0xff) == 1;
          t.id = u32(r.be(box.payload() + (v1 ? 20 : 12), 4, "tkhd box"), 0);
          int at = v1 ? 88 : 76;
          if (box.payloadSize() < at + 8) {
            throw new ProbeException("the 'tkhd' box is too short (malformed)");
          }
          ByteBuffer dims = r.be(box.payload() + at, 8, "tkhd box");
          t.tkhdWidth = (int) (u32(dims, 0) >>> 16);
          t.tkhdHeight = (int) (u32(dims, 4) >>> 16);
        }
        case "mdhd" -> {
          ByteBuffer b = r.be(box.payload(), leaf(box, 32), "mdhd box");
          if ((b.get(0) & 0xff) == 1) {
            t.timescale = u32(b, 20);
            t.duration = b.getLong(24);
          } else {
            t.timescale = u32(b, 12);
            t.duration = u32(b, 16);
          }
        }
        case "hdlr" -> {
          // The media handler (in mdia) comes first; QuickTime's data handler in minf does not
          // count.
          if (t.handler == null) {
            t.handler = ascii(r.readFully(box.payload() + 8, 4, "hdlr box"), 0, 4);
          }
        }
        case "stsd" -> sampleEntry(r, box, t);
        case "stts" -> {
          ByteBuffer b = r.be(box.payload(), 8, "stts box");
          long entries = Math.min(u32(b, 4), MAX_STTS_ENTRIES);
          entries = Math.min(entries, Math.max(0, (box.payloadSize() - 8) / 8));
          ByteBuffer table = r.be(box.payload() + 8, (int) entries * 8, "stts box");
          for (int i = 0; i < entries; i++) {
            long count = u32(table, i * 8);
            t.samples += count;
            t.sampleTime += count * u32(table, i * 8 + 4);
          }
        }
        default -> {}
      }
      pos = box.end;
    }
  }

  private static void sampleEntry(MediaReader r, Box stsd, Track t)
      throws IOException, ProbeException {
    if (stsd.payloadSize() < 16) {
      return;
    }
    Box entry = header(r, stsd.payload() + 8, stsd.end);
    t.codec = fourcc(r.readFully(entry.start + 4, 4, "sample entry"));
    int length = (int) Math.min(entry.end - entry.start, 4096);
    ByteBuffer e = r.be(entry.start, length, "sample entry");
    if ("vide".equals(t.handler) && length >= 36) {
      t.entryWidth = e.getShort(32) & 0xffff;
      t.entryHeight = e.getShort(34) & 0xffff;
    } else if ("soun".equals(t.handler) && length >= 36) {
      int version = e.getShort(16) & 0xffff;
      int start = 36;
      if (version == 2 && length >= 60) {
        t.sampleRate = (int) Math.round(e.getDouble(40));
        t.channels = e.getInt(48);
        t.bits = e.getInt(56);
        start = 72;
      } else {
        t.channels = e.getShort(24) & 0xffff;
        t.bits = e.getShort(26) & 0xffff;
        t.sampleRate = (int) (u32(e, 32) >>> 16);
        start = version == 1 ? 52 : 36;
      }
      if (t.codec.equals("mp4a")) {
        // The sample entry often says 2 channels whatever the stream has; the decoder config is
        // what players (and ffprobe) believe.
        int[] config = AacConfig.fromEsds(e, start, length);
        if (config != null) {
          t.channels = config[0] > 0 ? config[0] : t.channels;
          t.sampleRate = config[1] > 0 ? config[1] : t.sampleRate;
        }
        t.bits = null;
      }
    }
  }

  /** A movie fragment (moof): for each track, base decode time plus the samples of its runs. */
  private static void fragment(MediaReader r, Box moof, Movie m)
      throws IOException, ProbeException {
    for (long pos = moof.payload(); moof.end - pos >= 8; ) {
      r.step();
      Box traf = header(r, pos, moof.end);
      if (traf.type.equals("traf")) {
        trackFragment(r, traf, m);
      }
      pos = traf.end;
    }
  }

  private static void trackFragment(MediaReader r, Box traf, Movie m)
      throws IOException, ProbeException {
    Track t = null;
    long base = 0;
    long duration = 0;
    long samples = 0;
    long defaultDuration = 0;
    for (long pos = traf.payload(); traf.end - pos >= 8; ) {
      r.step();
      Box box = header(r, pos, traf.end);
      pos = box.end;
      if (!box.type.equals("tfhd") && !box.type.equals("tfdt") && !box.type.equals("trun")) {
        continue;
      }
      ByteBuffer b = r.be(box.payload(), leaf(box, 32), box.type + " box");
      int flags = b.getInt(0) & 0xffffff;
      switch (box.type) {
        case "tfhd" -> {
          long id = u32(b, 4);
          t = m.track(id);
          defaultDuration = m.trexDurations.getOrDefault(id, 0L);
          int at = 8 + ((flags & 1) != 0 ? 8 : 0) + ((flags & 2) != 0 ? 4 : 0);
          if ((flags & 8) != 0) {
            defaultDuration = u32(b, at);
          }
        }
        case "tfdt" -> base = (b.get(0) & 0xff) == 1 ? b.getLong(4) : u32(b, 4);
        case "trun" -> {
          long count = Math.min(u32(b, 4), MAX_STTS_ENTRIES);
          int at = 8 + ((flags & 1) != 0 ? 4 : 0) + ((flags & 4) != 0 ? 4 : 0);
          if ((flags & 0x100) == 0) {
            duration += count * defaultDuration;
          } else {
            int entry = 4 * Integer.bitCount(flags & 0xf00);
            ByteBuffer table = r.be(box.payload() + at, (int) count * entry, "trun box");
            for (int i = 0; i < count; i++) {
              duration += u32(table, i * entry);
            }
          }
          samples += count;
        }
        default -> {}
      }
    }
    if (t != null) {
      t.fragmentEnd = base + duration;
      if (t.samples == 0 && duration > 0) {
        t.samples = samples;
        t.sampleTime = duration;
      }
    }
  }

  /** HEIF's meta box: the picture size from its ispe (image spatial extents) properties. */
  private static void meta(MediaReader r, Box meta, Movie m, int depth)
      throws IOException, ProbeException {
    if (depth > MAX_DEPTH) {
      return;
    }
    long first = meta.type.equals("meta") ? meta.payload() + 4 : meta.payload();
    for (long pos = first; meta.end - pos >= 8; ) {
      r.step();
      Box box = header(r, pos, meta.end);
      if (box.type.equals("iprp") || box.type.equals("ipco")) {
        meta(r, box, m, depth + 1);
      } else if (box.type.equals("ispe")) {
        ByteBuffer b = r.be(box.payload(), 12, "ispe box");
        long w = u32(b, 4);
        long h = u32(b, 8);
        if (w * h > (long) m.imageWidth * m.imageHeight && w < Integer.MAX_VALUE) {
          m.imageWidth = (int) w;
          m.imageHeight = (int) h;
        }
      }
      pos = box.end;
    }
  }

  /** The box at {@code pos}, which must end by {@code limit}. */
  private static Box header(MediaReader r, long pos, long limit)
      throws IOException, ProbeException {
    ByteBuffer b = r.be(pos, 8, "box header");
    long size = u32(b, 0);
    String type = ascii(b.array(), 4, 4);
    long header = 8;
    if (size == 1) {
      size = r.be(pos + 8, 8, "box header").getLong(0);
      header = 16;
    } else if (size == 0) {
      size = (limit == Long.MAX_VALUE ? r.size() : limit) - pos;
    }
    if (type.equals("uuid")) {
      header += 16;
    }
    if (size < header) {
      throw new ProbeException("the '" + printable(type) + "' box has an impossible size");
    }
    long end = pos + size;
    if (end < pos || (limit != Long.MAX_VALUE && end > limit)) {
      throw new ProbeException(
          "the '" + printable(type) + "' box runs past the box that holds it (malformed)");
    }
    return new Box(type, pos, header, end);
  }

  /** How much of a leaf box to read: up to {@code max} bytes, never past its end. */
  private static int leaf(Box box, int max) {
    return (int) Math.min(max, box.payloadSize());
  }

  private static long u32(ByteBuffer b, int at) {
    return b.getInt(at) & 0xffffffffL;
  }

  private static double round(double v, int places) {
    double scale = Math.pow(10, places);
    return Math.round(v * scale) / scale;
  }

  static String ascii(byte[] bytes, int from, int length) {
    if (from + length > bytes.length) {
      return "";
    }
    return new String(bytes, from, length, StandardCharsets.ISO_8859_1);
  }

  /** A fourcc as text, or its hex when it is not printable ASCII. */
  private static String fourcc(byte[] b) {
    String s = ascii(b, 0, 4);
    return s.equals(printable(s))
        ? s.strip()
        : String.format("0x%08x", ByteBuffer.wrap(b).getInt());
  }

  private static String printable(String s) {
    StringBuilder out = new StringBuilder();
    for (char c : s.toCharArray()) {
      out.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return out.toString();
  }
}
