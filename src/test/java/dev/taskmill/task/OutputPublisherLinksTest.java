package dev.taskmill.task;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskmill.module.Module;
import dev.taskmill.store.LocalFileStore;
import dev.taskmill.task.model.Task;
import dev.taskmill.task.run.OutputPublisher;
import dev.taskmill.testing.NameFlipper;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Publication while something (a process the module left behind) keeps swapping the output's name
 * between a file of its own and a link to a file outside: the store only ever gets the module's own
 * bytes, in regular files of its own. Real files, a real store; no database (prepare alone).
 */
class OutputPublisherLinksTest {

  private static final String OWN = "the module's own bytes";

  @TempDir Path tmp;
  private LocalFileStore store;
  private OutputPublisher publisher;
  private Path out;
  private Path outside;
  private Module module;
  private Task task;

  @BeforeEach
  void setUp() throws Exception {
    store = new LocalFileStore(tmp.resolve("store"));
    publisher = new OutputPublisher(null, store);
    out = Files.createDirectories(tmp.resolve("work/task-1/out"));
    outside = Files.writeString(tmp.resolve("host-secret.txt"), "root:x:0:0:secret");
    Module.Port port = new Module.Port();
    port.name = "file";
    port.kind = "FILE";
    module = new Module();
    module.outputs = List.of(port);
    task = new Task();
    task.id = "task-1";
    task.outputs = new java.util.LinkedHashMap<>(Map.of("file", "item-1"));
  }

  private JsonNode outputs() {
    return new ObjectMapper()
        .valueToTree(Map.of("file", Map.of("path", out.resolve("ok.txt").toString())));
  }

  private void assertStoreHoldsOnlyOwnRegularFiles() throws Exception {
    Path objects = tmp.resolve("store/objects");
    if (!Files.isDirectory(objects)) {
      return;
    }
    try (Stream<Path> files = Files.walk(objects)) {
      for (Path file : files.filter(f -> !Files.isDirectory(f)).toList()) {
        assertThat(Files.isSymbolicLink(file)).as("%s is a link", file).isFalse();
        assertThat(Files.getAttribute(file, "unix:nlink", LinkOption.NOFOLLOW_LINKS))
            .as("%s shares its inode", file)
            .isEqualTo(1);
        assertThat(Files.readString(file)).isEqualTo(OWN);
      }
    }
  }

  private void publishWhileFlipping(boolean hard) throws Exception {
    NameFlipper flipper = new NameFlipper(out.resolve("ok.txt"), OWN, outside, hard).start();
    int published = 0;
    try {
      for (int i = 0; i < 60; i++) {
        try {
          List<Task.Output> records = publisher.prepare(task, module, outputs(), out);
          assertThat(records.get(0).size).isEqualTo(OWN.length());
          published++;
        } catch (OutputPublisher.PublishFailure refused) {
          assertThat(refused.getMessage()).contains("output 'file'");
        }
        assertStoreHoldsOnlyOwnRegularFiles();
        // The old code renamed the module's path away: put a file back for the next round.
        if (!Files.exists(out.resolve("ok.txt"), LinkOption.NOFOLLOW_LINKS)) {
          Files.writeString(out.resolve("ok.txt"), OWN);
        }
      }
    } finally {
      flipper.stop();
    }
    assertThat(Files.readString(outside)).isEqualTo("root:x:0:0:secret");
    // A name that never stops changing is refused, so nothing may be published at all: fine.
    assertThat(published).isNotNegative();
  }

  @Test
  void aNameFlippedToASymbolicLinkNeverPutsALinkOrOutsideBytesInTheStore() throws Exception {
    publishWhileFlipping(false);
  }

  @Test
  void aNameFlippedToAHardLinkNeverSharesAnInodeWithTheStore() throws Exception {
    publishWhileFlipping(true);
  }

  @Test
  void aHardLinkToAFileOutsideFailsThePublication() throws Exception {
    Files.createLink(out.resolve("ok.txt"), outside);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> publisher.prepare(task, module, outputs(), out))
        .isInstanceOf(OutputPublisher.PublishFailure.class)
        .hasMessageContaining("hard link");
    assertThat(Files.getAttribute(outside, "unix:nlink")).isEqualTo(2);
    assertStoreHoldsOnlyOwnRegularFiles();
  }

  @Test
  void theModulesFileStaysWhereItIsAndTheStoreGetsACopy() throws Exception {
    Files.writeString(out.resolve("ok.txt"), OWN);
    List<Task.Output> records = publisher.prepare(task, module, outputs(), out);
    assertThat(out.resolve("ok.txt")).hasContent(OWN);
    assertThat(Files.isSameFile(out.resolve("ok.txt"), store.localPath(records.get(0).storageKey)))
        .isFalse();
    assertStoreHoldsOnlyOwnRegularFiles();
  }
}
