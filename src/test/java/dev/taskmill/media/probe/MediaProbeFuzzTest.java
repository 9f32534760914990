package dev.taskmill.media.probe;

import static dev.taskmill.media.probe.TestMedia.ascii;
import static dev.taskmill.media.probe.TestMedia.box;
import static dev.taskmill.media.probe.TestMedia.cat;
import static dev.taskmill.media.probe.TestMedia.u32;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskmill.media.MediaInfo;
import dev.taskmill.media.MediaProbe;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile and broken input: every fixture cut at many lengths, with random bytes changed, random
 * bytes behind each magic, and hand-made traps (endless tiny boxes, deep nesting, absurd sizes and
 * counts). The probe must return (never throw, never hang) and read only a bounded amount. The
 * timeout only guards against a hang; speed is not asserted.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class MediaProbeFuzzTest {

  private static final long SEED = 20261123L;
  private static final long READ_LIMIT = (16L << 20) + 8192;

  /** A channel over bytes that counts what is read. */
  static final class BytesChannel implements SeekableByteChannel {
    private final byte[] bytes;
    private long position;
    long read;

    BytesChannel(byte[] bytes) {
      this.bytes = bytes;
    }

    @Override
    public int read(ByteBuffer dst) {
      if (position >= bytes.length) {
        return -1;
      }
      int n = (int) Math.min(dst.remaining(), bytes.length - position);
      dst.put(bytes, (int) position, n);
      position += n;
      read += n;
      return n;
    }

    @Override
    public int write(ByteBuffer src) {
      throw new UnsupportedOperationException();
    }

    @Override
    public long position() {
      return position;
    }

    @Override
    public SeekableByteChannel position(long newPosition) {
      position = newPosition;
      return this;
    }

    @Override
    public long size() {
      return bytes.length;
    }

    @Override
    public SeekableByteChannel truncate(long size) {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public void close() {}
  }

  static Map<String, byte[]> seeds() throws IOException {
    Map<String, byte[]> seeds = new LinkedHashMap<>();
    seeds.put("mp4", TestMedia.mp4(TestMedia.Mp4.standard()));
    seeds.put("mp4-end", TestMedia.mp4(TestMedia.Mp4.standard().withLayout("qt  ", 3, true, 64)));
    seeds.put("wav", TestMedia.wav(2, 8000, 16, 0.05));
    seeds.put("png", TestMedia.image("png", 20, 10));
    seeds.put("jpeg", TestMedia.image("jpeg", 20, 10));
    seeds.put("gif", TestMedia.image("gif", 20, 10));
    seeds.put("bmp", TestMedia.image("bmp", 20, 10));
    seeds.put("webm", Fixtures.webm(false));
    seeds.put("webm-seek", Fixtures.webm(true));
    seeds.put("flac", Fixtures.flac(44100, 2, 16, 1000));
    seeds.put("opus", Fixtures.oggOpus(1));
    seeds.put("mp3", Fixtures.mp3(5, true, true));
    seeds.put("avi", Fixtures.avi());
    Fixtures.webp(5, 5).forEach((k, v) -> seeds.put("webp-" + k.strip(), v));
    for (String file :
        List.of(
            "h264_aac_moov_at_end.mp4",
            "h264_fragmented.mp4",
            "hevc.mov",
            "vp9_opus.webm",
            "h264_flac.mkv",
            "mjpeg.avi",
            "mp3_32k.mp3",
            "vorbis.ogg",
            "still.webp")) {
      try (InputStream in = MediaProbeFuzzTest.class.getResourceAsStream("/media/" + file)) {
        seeds.put(file, in.readAllBytes());
      }
    }
    return seeds;
  }

  private static MediaInfo probeChecked(String what, byte[] bytes) {
    BytesChannel channel = new BytesChannel(bytes);
    MediaInfo info;
    try {
      info = MediaProbe.probe(channel);
    } catch (Throwable t) {
      throw new AssertionError(what + " made the probe throw", t);
    }
    assertThat(info).as(what).isNotNull();
    assertThat(channel.read).as(what + ": bytes read").isLessThanOrEqualTo(READ_LIMIT);
    if (info.durationSeconds != null) {
      assertThat(info.durationSeconds).as(what).isFinite().isNotNegative();
    }
    if (info.fps != null) {
      assertThat(info.fps).as(what).isFinite().isNotNegative();
    }
    if (!info.probed) {
      assertThat(info.error).as(what + ": an unprobed result says why").isNotBlank();
    }
    return info;
  }

  @Test
  void truncatedAtManyLengths() throws IOException {
    int runs = 0;
    for (Map.Entry<String, byte[]> seed : seeds().entrySet()) {
      byte[] whole = seed.getValue();
      int step = Math.max(1, whole.length / 400);
      for (int length = 0; length < whole.length; length += step) {
        probeChecked(seed.getKey() + " cut at " + length, Arrays.copyOf(whole, length));
        runs++;
      }
    }
    System.out.println("fuzz: " + runs + " truncated inputs probed");
  }

  @Test
  void randomBytesChanged() throws IOException {
    Random random = new Random(SEED);
    int runs = 0;
    for (Map.Entry<String, byte[]> seed : seeds().entrySet()) {
      for (int round = 0; round < 300; round++) {
        byte[] bytes = seed.getValue().clone();
        int changes = 1 + random.nextInt(8);
        // Most structure is in the first bytes: aim half the changes there.
        for (int c = 0; c < changes; c++) {
          int range = random.nextBoolean() ? Math.min(bytes.length, 512) : bytes.length;
          bytes[random.nextInt(range)] = (byte) random.nextInt(256);
        }
        probeChecked(seed.getKey() + " round " + round + " (seed " + SEED + ")", bytes);
        runs++;
      }
    }
    System.out.println("fuzz: " + runs + " mutated inputs probed");
  }

  @Test
  void randomBytesBehindEachMagic() {
    Random random = new Random(SEED + 1);
    List<byte[]> magics = new ArrayList<>();
    for (String m :
        List.of(
            "RIFF\0\0\0\0WAVE",
            "RIFF\0\0\0\0AVI ",
            "RIFF\0\0\0\0WEBP",
            "fLaC",
            "OggS",
            "ID3",
            "GIF89a",
            "BM",
            "\0\0\0\u0018ftypisom",
            "\0\0\0\u0008moov")) {
      magics.add(ascii(m));
    }
    magics.add(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    magics.add(new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff});
    magics.add(new byte[] {0x1a, 0x45, (byte) 0xdf, (byte) 0xa3});
    magics.add(new byte[] {(byte) 0xff, (byte) 0xfb, (byte) 0x90, 0});
    int runs = 0;
    for (byte[] magic : magics) {
      for (int round = 0; round < 300; round++) {
        byte[] tail = new byte[random.nextInt(3000)];
        random.nextBytes(tail);
        probeChecked(
            new String(magic, 0, Math.min(4, magic.length)) + " + random", cat(magic, tail));
        runs++;
      }
    }
    System.out.println("fuzz: " + runs + " random inputs probed");
  }

  @Test
  void endlessTinyBoxesStopAtTheStepLimit() {
    byte[] free = box("free", new byte[0]);
    byte[] many = new byte[free.length * 200_000];
    for (int i = 0; i < 200_000; i++) {
      System.arraycopy(free, 0, many, i * free.length, free.length);
    }
    MediaInfo info = probeChecked("200k empty boxes", cat(box("ftyp", ascii("isom")), many));
    assertThat(info.probed).isFalse();
    assertThat(info.error).contains("more structures");
  }

  @Test
  void deepNestingIsRefused() {
    byte[] inner = box("hdlr", new byte[12]);
    for (int i = 0; i < 500; i++) {
      inner = box(i % 2 == 0 ? "mdia" : "minf", inner);
    }
    byte[] file = cat(box("ftyp", ascii("isom")), box("moov", box("trak", inner)));
    MediaInfo info = probeChecked("500 nested boxes", file);
    assertThat(info.error).contains("nested");
  }

  @Test
  void absurdSizesAndCounts() {
    // a 64-bit box size near Long.MAX_VALUE
    ByteBuffer huge = ByteBuffer.allocate(16).putInt(1).put(ascii("moov")).putLong(Long.MAX_VALUE);
    assertThat(probeChecked("huge box", cat(box("ftyp", ascii("isom")), huge.array())).probed)
        .isFalse();
    // an stts claiming 4 billion entries
    byte[] stts = TestMedia.fullBox("stts", 0, 0, cat(u32(0xffffffffL), u32(1), u32(1)));
    byte[] file =
        cat(
            box("ftyp", ascii("isom")),
            box("moov", box("trak", box("mdia", box("minf", box("stbl", stts))))));
    probeChecked("stts of 4G entries", file);
    // a WAV of 300k empty chunks and no fmt
    ByteBuffer wav = ByteBuffer.allocate(12 + 8 * 300_000).order(ByteOrder.LITTLE_ENDIAN);
    wav.put(ascii("RIFF")).putInt(0).put(ascii("WAVE"));
    for (int i = 0; i < 300_000; i++) {
      wav.put(ascii("junk")).putInt(0);
    }
    assertThat(probeChecked("300k WAV chunks", wav.array()).error).contains("more structures");
    // a JPEG of fill bytes
    byte[] jpeg = new byte[100_000];
    Arrays.fill(jpeg, (byte) 0xff);
    jpeg[1] = (byte) 0xd8;
    assertThat(probeChecked("JPEG fill bytes", jpeg).probed).isFalse();
    // EBML elements of size zero, over and over
    byte[] ebml = new byte[200_000];
    ebml[0] = 0x1a;
    ebml[1] = 0x45;
    ebml[2] = (byte) 0xdf;
    ebml[3] = (byte) 0xa3;
    ebml[4] = (byte) 0x80;
    ebml[5] = 0x18;
    ebml[6] = 0x53;
    ebml[7] = (byte) 0x80;
    ebml[8] = 0x67;
    ebml[9] = (byte) 0xff;
    for (int i = 10; i + 1 < ebml.length; i += 2) {
      ebml[i] = (byte) 0xec; // Void element
      ebml[i + 1] = (byte) 0x80; // size 0
    }
    assertThat(probeChecked("EBML of empty Void elements", ebml).probed).isFalse();
  }
}
