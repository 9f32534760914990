package dev.taskmill.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskmill.api.NativeReflection;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every API DTO (and its nested types) is registered for reflection for the native build. */
class NativeReflectionTest {

  @Test
  void everyDtoIsRegisteredForReflection() throws IOException {
    RegisterForReflection registration =
        NativeReflection.class.getAnnotation(RegisterForReflection.class);
    assertThat(registration.ignoreNested()).isFalse();
    Set<String> registered = new HashSet<>();
    Arrays.stream(registration.targets()).forEach(c -> addWithNested(c, registered));

    List<String> dtos;
    try (Stream<Path> files = Files.list(Path.of("target/classes/dev/taskmill/api/dto"))) {
      dtos =
          files
              .map(f -> f.getFileName().toString())
              .filter(n -> n.endsWith(".class"))
              .map(n -> "dev.taskmill.api.dto." + n.substring(0, n.length() - 6).replace('$', '.'))
              .toList();
    }
    assertThat(dtos).hasSizeGreaterThan(10);
    assertThat(registered).containsAll(dtos);
  }

  private static void addWithNested(Class<?> type, Set<String> into) {
    into.add(type.getCanonicalName());
    for (Class<?> nested : type.getDeclaredClasses()) {
      addWithNested(nested, into);
    }
  }
}
