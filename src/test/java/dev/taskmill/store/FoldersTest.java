package dev.taskmill.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FoldersTest {

  @TempDir Path tmp;

  @Test
  void deletesNestedFoldersButNotWhatALinkPointsAt() throws Exception {
    Path outside = Files.writeString(tmp.resolve("keep.txt"), "kept");
    Path tree = tmp.resolve("tree");
    Files.createDirectories(tree.resolve("a/b/c"));
    Files.writeString(tree.resolve("a/one.txt"), "1");
    Files.writeString(tree.resolve("a/b/c/two.txt"), "2");
    Files.createSymbolicLink(tree.resolve("a/link"), outside);
    Files.createSymbolicLink(tree.resolve("dir-link"), tmp);

    Folders.deleteTree(tree);

    assertThat(tree).doesNotExist();
    assertThat(outside).hasContent("kept");
  }

  @Test
  void aMissingFolderIsNothingToDo() {
    Path missing = tmp.resolve("missing");
    Folders.deleteTree(missing);
    assertThat(missing).doesNotExist();
    assertThat(tmp).exists();
  }
}
