package dev.taskmill.module;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Module environments are keyed by the SDK's module runtime only: on a copy of the repository's SDK
 * folder, editing the REST client, the {@code taskmill} command or anything else outside runtime/
 * keeps every environment key; editing the runtime changes it.
 */
class SdkRuntimeTest {

  private static final Path PYTHON = Path.of("/usr/bin/python3");

  @TempDir Path sdk;

  private String before;

  @BeforeEach
  void copyTheSdk() throws IOException {
    Path source = Path.of("sdk/python").toAbsolutePath();
    try (Stream<Path> walk = Files.walk(source)) {
      for (Path from : walk.filter(p -> !p.toString().contains("__pycache__")).toList()) {
        Path to = sdk.resolve(source.relativize(from).toString());
        if (Files.isDirectory(from)) {
          Files.createDirectories(to);
        } else {
          Files.copy(from, to);
        }
      }
    }
    before = key();
  }

  private String key() {
    return VirtualEnvs.key("module-checksum", SdkRuntime.checksum(sdk), PYTHON, null);
  }

  private void append(String file) throws IOException {
    Path path = sdk.resolve(file);
    assertThat(path).as("the SDK has " + file).isRegularFile();
    Files.writeString(path, "\n# changed\n", StandardOpenOption.APPEND);
  }

  @Test
  void theRuntimeIsTheSdksRuntimeFolder() {
    assertThat(SdkRuntime.folder(sdk).resolve("taskmill/__init__.py")).isRegularFile();
    assertThat(SdkRuntime.folder(sdk).resolve("taskmill/client.py")).doesNotExist();
  }

  @Test
  void changingTheClientOrTheCommandKeepsEveryKey() throws IOException {
    append("client/taskmill/client.py");
    append("client/taskmill/apicli.py");
    append("pyproject.toml");
    append("README.md");
    append("tests/test_client.py");
    Files.writeString(sdk.resolve("client/taskmill/extra.py"), "X = 1\n");

    assertThat(key()).isEqualTo(before);
  }

  @Test
  void changingTheRuntimeChangesTheKey() throws IOException {
    append("runtime/taskmill/context.py");

    assertThat(key()).isNotEqualTo(before);
  }

  @Test
  void addingARuntimeFileOrChangingItsBuildChangesTheKey() throws IOException {
    Files.writeString(sdk.resolve("runtime/taskmill/extra.py"), "X = 1\n");
    String added = key();
    append("runtime/_backend/taskmill_build.py");

    assertThat(added).isNotEqualTo(before);
    assertThat(key()).isNotEqualTo(added);
  }

  @Test
  void bytecodeCachesDoNotCount() throws IOException {
    Path cache = Files.createDirectories(sdk.resolve("runtime/taskmill/__pycache__"));
    Files.writeString(cache.resolve("context.cpython-311.pyc"), "bytes");

    assertThat(key()).isEqualTo(before);
  }
}
