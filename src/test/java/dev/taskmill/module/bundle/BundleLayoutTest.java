package dev.taskmill.module.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskmill.failure.Invalid;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where a zip's module is, decided from its entry names alone (no zip needed). */
class BundleLayoutTest {

  @Test
  void mainAtTheTopTakesEverythingAsItIs() {
    BundleLayout layout = BundleLayout.of(files("main.py", "lib/util.py", "lib/"));
    assertThat(layout.prefix()).isEmpty();
    assertThat(layout.topFolder()).isNull();
    assertThat(layout.target("lib/util.py")).isEqualTo("lib/util.py");
    assertThat(layout.target("./main.py")).isEqualTo("main.py");
  }

  @Test
  void aZippedFolderIsUnpackedWithoutItsTopFolder() {
    BundleLayout layout =
        BundleLayout.of(
            files("echo/", "echo/main.py", "echo/pkg/main.py", "__MACOSX/echo/._main.py"));
    assertThat(layout.topFolder()).isEqualTo("echo");
    assertThat(layout.target("echo/main.py")).isEqualTo("main.py");
    assertThat(layout.target("echo/pkg/main.py"))
        .as("a main.py deeper down is just a file")
        .isEqualTo("pkg/main.py");
    assertThat(layout.target("__MACOSX/echo/._main.py")).as("macOS resource forks").isNull();
    assertThat(layout.target("echo/")).isNull();
  }

  @Test
  void namesThatLeaveTheFolderAreRefused() {
    for (String name :
        List.of("../x.py", "a/../../x.py", "/etc/passwd", "C:/Windows/x.dll", "a\\..\\x.py", "")) {
      assertThatThrownBy(() -> BundleLayout.of(files("main.py", name)))
          .as(name)
          .isInstanceOf(Invalid.class);
    }
  }

  @Test
  void aSymlinkIsRefusedByName() {
    List<ZipEntries.Entry> entries =
        List.of(
            new ZipEntries.Entry("main.py", false, false),
            new ZipEntries.Entry("data", false, true));
    assertThatThrownBy(() -> BundleLayout.of(entries))
        .isInstanceOf(Invalid.class)
        .hasMessageContaining("'data' is a symbolic link");
  }

  @Test
  void theSameFileTwiceEvenSpelledDifferentlyIsRefused() {
    assertThatThrownBy(() -> BundleLayout.of(files("main.py", "a/b.py", "a//./b.py")))
        .isInstanceOf(Invalid.class)
        .hasMessageContaining("holds 'a/b.py' twice");
  }

  @Test
  void everyWayOfHavingNoOrSeveralModulesSaysWhatToDo() {
    assertThatThrownBy(() -> BundleLayout.of(files("src/run.py")))
        .hasMessageContaining("no main.py at its top or in its one top folder");
    assertThatThrownBy(() -> BundleLayout.of(files("a/main.py", "b/main.py")))
        .hasMessageContaining("a main.py in each of a/, b/");
    assertThatThrownBy(() -> BundleLayout.of(files("a/main.py", "README.md")))
        .hasMessageContaining("also files outside that folder");
    assertThatThrownBy(() -> BundleLayout.of(files("a/b/main.py")))
        .hasMessageContaining("no main.py");
  }

  private static List<ZipEntries.Entry> files(String... names) {
    return Arrays.stream(names)
        .map(name -> new ZipEntries.Entry(name, name.endsWith("/"), false))
        .toList();
  }
}
