package dev.taskmill.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The processes below a process, as the per-job check of a warm worker finds them. */
class ProcessTableTest {

  @Test
  void descendantsAreTheProcessesBelowDownTheWholeTree() throws Exception {
    // sh -> (sh -> sleep) and sh -> sleep: children and a grandchild.
    Process root =
        new ProcessBuilder("sh", "-c", "sh -c 'sleep 30; true' & sleep 30 & wait").start();
    try {
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () -> {
                Set<ProcessHandle> expected = root.descendants().collect(Collectors.toSet());
                List<ProcessHandle> found = ProcessTable.descendants(root.pid());
                assertThat(expected).hasSize(3);
                assertThat(found).containsExactlyInAnyOrderElementsOf(expected);
              });
      assertThat(ProcessTable.descendants(root.pid())).doesNotContain(root.toHandle());
    } finally {
      root.descendants().forEach(ProcessHandle::destroyForcibly);
      root.destroyForcibly();
    }
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> ProcessTable.descendants(root.pid()).isEmpty());
  }
}
