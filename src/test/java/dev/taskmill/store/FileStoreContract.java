package dev.taskmill.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** What every {@link FileStore} must do; each implementation's test extends this. */
public abstract class FileStoreContract {

  /** The store under test, empty at the start of each test. */
  protected abstract FileStore store();

  /** A local folder for files to import (outside the store). */
  protected abstract Path scratch();

  /** Leaves behind what a write interrupted by a crash would leave. */
  protected abstract void leaveInterruptedWrite() throws IOException;

  /** How many leftovers of interrupted writes the store holds. */
  protected abstract long interruptedWrites() throws IOException;

  private static byte[] randomBytes(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return bytes;
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private static byte[] read(FileStore store, String key, long offset) throws IOException {
    try (InputStream in = store.open(key, offset)) {
      return in.readAllBytes();
    }
  }

  @Test
  void writeComputesSizeAndSha256OfSeveralMegabytes() throws Exception {
    byte[] bytes = randomBytes(3 * 1024 * 1024 + 17);
    StoredFile stored = store().write(new ByteArrayInputStream(bytes));
    assertThat(stored.size()).isEqualTo(bytes.length);
    assertThat(stored.sha256()).isEqualTo(sha256(bytes));
    assertThat(store().size(stored.key())).isEqualTo(bytes.length);
    assertThat(read(store(), stored.key(), 0)).isEqualTo(bytes);
  }

  @Test
  void anEmptyFileIsAFile() throws Exception {
    StoredFile stored = store().write(new ByteArrayInputStream(new byte[0]));
    assertThat(stored.size()).isZero();
    assertThat(stored.sha256()).isEqualTo(sha256(new byte[0]));
    assertThat(read(store(), stored.key(), 0)).isEmpty();
  }

  @Test
  void openSkipsToTheOffset() throws Exception {
    byte[] bytes = randomBytes(100_000);
    String key = store().write(new ByteArrayInputStream(bytes)).key();
    assertThat(read(store(), key, 99_990)).isEqualTo(Arrays.copyOfRange(bytes, 99_990, 100_000));
    assertThat(read(store(), key, 100_000)).isEmpty();
  }

  @Test
  void deleteRemovesOnceThenReportsNothingThere() throws Exception {
    String key = store().write(new ByteArrayInputStream(randomBytes(10))).key();
    assertThat(store().delete(key)).isTrue();
    assertThat(store().delete(key)).isFalse();
    assertThatThrownBy(() -> store().open(key, 0)).isInstanceOf(IOException.class);
  }

  @Test
  void importFileMovesTheFileIn() throws Exception {
    byte[] bytes = randomBytes(200_000);
    Path file = Files.write(scratch().resolve("output.bin"), bytes);
    StoredFile stored = store().importFile(file);
    assertThat(file).doesNotExist();
    assertThat(stored.size()).isEqualTo(bytes.length);
    assertThat(stored.sha256()).isEqualTo(sha256(bytes));
    assertThat(read(store(), stored.key(), 0)).isEqualTo(bytes);
  }

  @Test
  void cleanTemporaryFilesRemovesLeftoversButNotStoredFiles() throws Exception {
    String key = store().write(new ByteArrayInputStream(randomBytes(10))).key();
    leaveInterruptedWrite();
    assertThat(interruptedWrites()).isPositive();
    // A fresh one may be another instance's write in progress: it stays.
    store().cleanTemporaryFiles(Duration.ofMinutes(15));
    assertThat(interruptedWrites()).isPositive();
    store().cleanTemporaryFiles(Duration.ZERO);
    assertThat(interruptedWrites()).isZero();
    assertThat(read(store(), key, 0)).hasSize(10);
  }

  @Test
  void keysAreNotPathsAndDiffer() throws Exception {
    String first = store().write(new ByteArrayInputStream(randomBytes(5))).key();
    String second = store().write(new ByteArrayInputStream(randomBytes(5))).key();
    assertThat(first).isNotEqualTo(second);
    for (String key : new String[] {first, second}) {
      assertThat(key).doesNotContain("/", "\\", "..");
      assertThat(Path.of(key).isAbsolute()).isFalse();
    }
  }

  @Test
  void badKeysAreRefused() {
    for (String key : new String[] {"../../etc/passwd", "/etc/passwd", "", "a/b", "ZZ"}) {
      assertThatThrownBy(() -> store().open(key, 0))
          .as(key)
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> store().delete(key))
          .as(key)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> store().open(null, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void importFileRefusesALinkAndAFileWithASecondName() throws Exception {
    Path outside = Files.write(scratch().resolve("outside.txt"), "outside".getBytes());
    Path link = Files.createSymbolicLink(scratch().resolve("link.txt"), outside);
    assertThatThrownBy(() -> store().importFile(link)).isInstanceOf(IOException.class);
    assertThat(link).isSymbolicLink();

    Path hardLink = Files.createLink(scratch().resolve("second-name.txt"), outside);
    assertThatThrownBy(() -> store().importFile(hardLink)).isInstanceOf(IOException.class);
    assertThat(hardLink).exists();
    assertThat(outside).hasContent("outside");
  }

  @Test
  void aChannelReadsAtAnyPositionAndKnowsTheSize() throws Exception {
    byte[] bytes = randomBytes(300_000);
    String key = store().write(new ByteArrayInputStream(bytes)).key();
    try (SeekableByteChannel channel = store().openChannel(key)) {
      assertThat(channel.size()).isEqualTo(bytes.length);
      // The end first, then the start: how a probe reads an MP4 whose index is at the end.
      assertThat(readAt(channel, 299_990, 10))
          .isEqualTo(Arrays.copyOfRange(bytes, 299_990, 300_000));
      assertThat(readAt(channel, 5, 100_000)).isEqualTo(Arrays.copyOfRange(bytes, 5, 100_005));
      channel.position(bytes.length);
      assertThat(channel.read(ByteBuffer.allocate(1))).isEqualTo(-1);
    }
  }

  private static byte[] readAt(SeekableByteChannel channel, long position, int length)
      throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length);
    channel.position(position);
    while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
      // until full
    }
    return buffer.array();
  }

  @Test
  void aChannelOnAMissingFileFails() throws Exception {
    String key = store().write(new ByteArrayInputStream(randomBytes(10))).key();
    store().delete(key);
    assertThatThrownBy(() -> store().openChannel(key).close()).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> store().size(key)).isInstanceOf(IOException.class);
  }

  @Test
  void aFailedReadOfTheSourceStoresNothing() throws Exception {
    long before = countKeys();
    InputStream failing =
        new InputStream() {
          private int left = 20_000; // then every read fails

          @Override
          public int read() throws IOException {
            if (left == 0) {
              throw new IOException("the client went away");
            }
            left--;
            return 7;
          }
        };
    assertThatThrownBy(() -> store().write(failing)).hasMessageContaining("the client went away");
    assertThat(countKeys()).isEqualTo(before);
  }

  private long countKeys() throws IOException {
    long[] count = {0};
    store().forEachKey(Instant.now().plusSeconds(60), key -> count[0]++);
    return count[0];
  }

  @Test
  void forEachKeyListsWhatWasStoredBeforeTheGivenTime() throws Exception {
    String key = store().write(new ByteArrayInputStream(randomBytes(10))).key();
    List<String> later = new ArrayList<>();
    store().forEachKey(Instant.now().plusSeconds(60), later::add);
    assertThat(later).contains(key);
    List<String> earlier = new ArrayList<>();
    store().forEachKey(Instant.now().minusSeconds(3600), earlier::add);
    assertThat(earlier).doesNotContain(key);
  }

  @Test
  void theStoreCanBeWrittenAndSaysWhatItIs() throws Exception {
    store().checkWritable();
    assertThat(store().describe()).isNotBlank();
  }
}
