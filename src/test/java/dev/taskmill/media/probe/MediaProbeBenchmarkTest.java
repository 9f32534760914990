package dev.taskmill.media.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskmill.media.MediaInfo;
import dev.taskmill.media.MediaProbe;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measures the probe on a 1 GiB MP4 whose moov (with an hour's sample tables) is at the end, and on
 * small files. Prints the numbers; asserts only what the probe reads (headers, not the file), never
 * how long it takes.
 */
class MediaProbeBenchmarkTest {

  @TempDir Path dir;

  /** Counts the bytes read through a file channel. */
  static final class Counting implements SeekableByteChannel {
    private final FileChannel file;
    long read;

    Counting(FileChannel file) {
      this.file = file;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      int n = file.read(dst);
      read += Math.max(0, n);
      return n;
    }

    @Override
    public int write(ByteBuffer src) {
      throw new UnsupportedOperationException();
    }

    @Override
    public long position() throws IOException {
      return file.position();
    }

    @Override
    public SeekableByteChannel position(long p) throws IOException {
      file.position(p);
      return this;
    }

    @Override
    public long size() throws IOException {
      return file.size();
    }

    @Override
    public SeekableByteChannel truncate(long size) {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean isOpen() {
      return file.isOpen();
    }

    @Override
    public void close() throws IOException {
      file.close();
    }
  }

  @Test
  void oneGibMp4WithMoovAtTheEnd() throws IOException {
    Path file = dir.resolve("big.mp4");
    TestMedia.Mp4 spec = TestMedia.Mp4.standard().withLayout("isom", 3600, true, 1L << 30);
    TestMedia.writeLargeMp4(file, spec);
    long size = Files.size(file);

    long[] nanos = new long[21];
    MediaInfo info = null;
    long read = 0;
    for (int i = 0; i < nanos.length; i++) {
      try (Counting channel = new Counting(FileChannel.open(file, StandardOpenOption.READ))) {
        long start = System.nanoTime();
        info = MediaProbe.probe(channel);
        nanos[i] = System.nanoTime() - start;
        read = channel.read;
      }
    }
    long first = nanos[0];
    long[] warm = Arrays.copyOfRange(nanos, 1, nanos.length);
    Arrays.sort(warm);
    System.out.printf(
        "probe-bench: 1 GiB MP4 (%d bytes, moov at the end, %d-sample tables): first %.2f ms,"
            + " median %.3f ms, max %.3f ms over %d runs; %d bytes read (%.5f%% of the file)%n",
        size,
        Math.round(3600 * 25.0),
        first / 1e6,
        warm[warm.length / 2] / 1e6,
        warm[warm.length - 1] / 1e6,
        warm.length,
        read,
        read * 100.0 / size);
    System.out.println("probe-bench: result " + info);

    assertThat(info.probed).isTrue();
    assertThat(info.durationSeconds).isEqualTo(3600.0);
    assertThat(info.fps).isEqualTo(25.0);
    // Headers only: the moov's sample-size tables (~720 KiB here) are sought over, not read.
    assertThat(read).isLessThan(64 * 1024);
  }

  @Test
  void smallFiles() throws IOException {
    byte[][] files = {
      TestMedia.mp4(TestMedia.Mp4.standard()),
      TestMedia.wav(2, 44100, 16, 1),
      TestMedia.image("png", 640, 480),
      TestMedia.image("jpeg", 640, 480),
      Fixtures.webm(false),
    };
    String[] names = {"mp4", "wav", "png", "jpeg", "webm"};
    for (int f = 0; f < files.length; f++) {
      Path file = dir.resolve("small." + names[f]);
      Files.write(file, files[f]);
      long[] nanos = new long[200];
      for (int i = 0; i < nanos.length; i++) {
        long start = System.nanoTime();
        MediaProbe.probe(file);
        nanos[i] = System.nanoTime() - start;
      }
      Arrays.sort(nanos);
      System.out.printf(
          "probe-bench: %s of %d bytes: median %.1f us, p95 %.1f us (200 runs, file opened each"
              + " time)%n",
          names[f], files[f].length, nanos[100] / 1e3, nanos[190] / 1e3);
    }
  }
}
