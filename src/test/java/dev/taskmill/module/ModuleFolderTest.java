package dev.taskmill.module;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModuleFolderTest {

  @TempDir Path modules;

  private Path module(String name, String main) throws IOException {
    Path dir = Files.createDirectories(modules.resolve(name));
    Files.writeString(dir.resolve("main.py"), main);
    return dir;
  }

  @Test
  void scanListsFoldersSortedAndSkipsHiddenAndCaches() throws IOException {
    module("b-mod", "x = 1\n");
    module("a-mod", "x = 1\n");
    Files.createDirectories(modules.resolve(".hidden"));
    Files.createDirectories(modules.resolve("__pycache__"));
    Files.createDirectories(modules.resolve("no-main"));
    Files.writeString(modules.resolve("stray-file.txt"), "not a module");

    List<ModuleFolder> found = ModuleFolder.scan(modules);

    assertThat(found).extracting(ModuleFolder::name).containsExactly("a-mod", "b-mod", "no-main");
    assertThat(found).extracting(ModuleFolder::hasMain).containsExactly(true, true, false);
  }

  @Test
  void aMissingModulesFolderHasNoModules() {
    assertThat(ModuleFolder.scan(modules.resolve("nope"))).isEmpty();
  }

  @Test
  void checksumFollowsContentAndNamesButNotCaches() throws IOException {
    Path dir = module("echo", "print('a')\n");
    String first = ModuleFolder.checksum(dir);

    Files.createDirectories(dir.resolve("__pycache__"));
    Files.writeString(dir.resolve("__pycache__/main.cpython-311.pyc"), "bytecode");
    Files.writeString(dir.resolve(".DS_Store"), "finder");
    assertThat(ModuleFolder.checksum(dir)).isEqualTo(first);

    Files.writeString(dir.resolve("main.py"), "print('b')\n");
    String changed = ModuleFolder.checksum(dir);
    assertThat(changed).isNotEqualTo(first);

    Files.createDirectories(dir.resolve("fixtures"));
    Files.writeString(dir.resolve("fixtures/in.txt"), "");
    assertThat(ModuleFolder.checksum(dir)).isNotEqualTo(changed);
  }

  @Test
  void renamingAFileChangesTheChecksum() throws IOException {
    Path dir = module("echo", "x\n");
    Files.writeString(dir.resolve("a.txt"), "same");
    String before = ModuleFolder.checksum(dir);
    Files.move(dir.resolve("a.txt"), dir.resolve("b.txt"));
    assertThat(ModuleFolder.checksum(dir)).isNotEqualTo(before);
  }

  @Test
  void namesAreLowercaseWordsWithDashes() {
    assertThat(new ModuleFolder("face-detect2", modules, true, "").hasValidName()).isTrue();
    assertThat(new ModuleFolder("Face_Detect", modules, true, "").hasValidName()).isFalse();
    assertThat(new ModuleFolder("-x", modules, true, "").hasValidName()).isFalse();
  }
}
