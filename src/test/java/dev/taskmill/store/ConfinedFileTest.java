package dev.taskmill.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskmill.testing.NameFlipper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening a module's output without following links, on real files. */
class ConfinedFileTest {

  @TempDir Path tmp;
  private Path out;
  private Path outside;

  @BeforeEach
  void folders() throws Exception {
    out = Files.createDirectories(tmp.resolve("attempt/out"));
    outside = Files.writeString(tmp.resolve("secret.txt"), "secret bytes outside");
  }

  private static String read(ConfinedFile file) throws Exception {
    try (InputStream in = file.content()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private String open(String relative) throws Exception {
    try (ConfinedFile file = ConfinedFile.open(out, Path.of(relative))) {
      return read(file);
    }
  }

  @Test
  void readsARegularFileOfTheFolderAndFilesInItsSubfolders() throws Exception {
    Files.writeString(out.resolve("ok.txt"), "ok");
    Files.createDirectories(out.resolve("a/b"));
    Files.writeString(out.resolve("a/b/deep.txt"), "deep");
    assertThat(open("ok.txt")).isEqualTo("ok");
    assertThat(open("a/b/deep.txt")).isEqualTo("deep");
  }

  @Test
  void refusesASymbolicLinkEvenToAFileOfTheFolder() throws Exception {
    Files.createSymbolicLink(out.resolve("ok.txt"), outside);
    Files.writeString(out.resolve("real.txt"), "real");
    Files.createSymbolicLink(out.resolve("alias.txt"), out.resolve("real.txt"));
    assertThatThrownBy(() -> open("ok.txt"))
        .isInstanceOf(ConfinedFile.Refused.class)
        .hasMessage("'ok.txt' is a symbolic link");
    assertThatThrownBy(() -> open("alias.txt")).isInstanceOf(ConfinedFile.Refused.class);
  }

  @Test
  void refusesAPathThroughALinkedFolderOrALinkedOutputFolder() throws Exception {
    Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
    Files.writeString(elsewhere.resolve("ok.txt"), "not the module's");
    Files.createSymbolicLink(out.resolve("sub"), elsewhere);
    assertThatThrownBy(() -> open("sub/ok.txt"))
        .isInstanceOf(ConfinedFile.Refused.class)
        .hasMessageContaining("symbolic link");

    Path linkedOut = Files.createSymbolicLink(tmp.resolve("attempt/linked-out"), elsewhere);
    assertThatThrownBy(() -> ConfinedFile.open(linkedOut, Path.of("ok.txt")))
        .isInstanceOf(ConfinedFile.Refused.class)
        .hasMessageContaining("the output folder itself");
  }

  @Test
  void refusesAHardLinkToAFileOutside() throws Exception {
    Files.createLink(out.resolve("ok.txt"), outside);
    assertThatThrownBy(() -> open("ok.txt"))
        .isInstanceOf(ConfinedFile.Refused.class)
        .hasMessageContaining("has 2 names (a hard link)");
  }

  @Test
  void refusesDotDotAbsolutePathsFoldersAndPipesWithoutBlocking() throws Exception {
    assertThatThrownBy(() -> open("../secret.txt")).isInstanceOf(ConfinedFile.Refused.class);
    assertThatThrownBy(() -> ConfinedFile.open(out, outside))
        .isInstanceOf(ConfinedFile.Refused.class);
    Files.createDirectories(out.resolve("dir"));
    assertThatThrownBy(() -> open("dir")).isInstanceOf(ConfinedFile.Refused.class);
    assertThatThrownBy(() -> open("missing.txt"))
        .isInstanceOf(ConfinedFile.Refused.class)
        .hasMessage("'missing.txt' does not exist");
    Process mkfifo = new ProcessBuilder("mkfifo", out.resolve("fifo").toString()).start();
    assertThat(mkfifo.waitFor()).isZero();
    // Opening a pipe for reading would wait for a writer forever: it is refused before opening.
    assertThatThrownBy(() -> open("fifo"))
        .isInstanceOf(ConfinedFile.Refused.class)
        .hasMessage("'fifo' is not a regular file");
  }

  @Test
  void readsNoMoreThanTheSizeItHadWhenOpened() throws Exception {
    Path file = Files.writeString(out.resolve("growing.txt"), "12345");
    try (ConfinedFile opened = ConfinedFile.open(out, Path.of("growing.txt"))) {
      Files.writeString(file, "6789", StandardOpenOption.APPEND);
      assertThat(opened.size()).isEqualTo(5);
      assertThat(read(opened)).isEqualTo("12345");
    }
  }

  @Test
  void theDescriptorIsWhatCountsNotWhatTheNameBecameAfterOpening() throws Exception {
    Assumptions.assumeTrue(DescriptorAttributes.available(), "needs /proc");
    Files.writeString(out.resolve("ok.txt"), "mine");
    try (ConfinedFile opened = ConfinedFile.open(out, Path.of("ok.txt"))) {
      Files.delete(out.resolve("ok.txt"));
      Files.createSymbolicLink(out.resolve("ok.txt"), outside);
      assertThat(read(opened)).isEqualTo("mine");
    }
  }

  /**
   * A writer swaps the name between a file of its own and a link (symbolic, then hard) to a file
   * outside, as fast as it can, while the file is opened again and again: every open either is
   * refused or reads the writer's own bytes, never the outside file's (a hard link's count drops
   * back to 1 once the name is swapped away: only the ctime tells).
   */
  @Test
  void aNameFlippingBetweenAFileAndALinkNeverYieldsTheLinkedBytes() throws Exception {
    for (boolean hard : new boolean[] {false, true}) {
      Path target = out.resolve("ok.txt");
      NameFlipper flipper = new NameFlipper(target, "own bytes", outside, hard);
      flipper.start();
      int read = 0;
      int refused = 0;
      try {
        for (int i = 0; i < 60; i++) {
          try (ConfinedFile file = ConfinedFile.open(out, Path.of("ok.txt"))) {
            assertThat(read(file)).isEqualTo("own bytes");
            read++;
          } catch (ConfinedFile.Refused expected) {
            refused++;
          }
        }
      } finally {
        flipper.stop();
      }
      assertThat(read + refused).isEqualTo(60);
      Files.deleteIfExists(target);
    }
  }
}
