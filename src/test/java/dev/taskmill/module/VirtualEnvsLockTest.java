package dev.taskmill.module;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The environment lock holds across processes: while another process (Python, with fcntl locks like
 * the JVM's) holds it, we wait; when that process ends, we get it.
 */
class VirtualEnvsLockTest {

  @Test
  void waitsForAnotherProcessThatHoldsTheLock(@TempDir Path dir) throws Exception {
    Path file = dir.resolve(".locks").resolve("m-key.lock");
    Files.createDirectories(file.getParent());
    Process holder =
        new ProcessBuilder(
                "python3",
                "-c",
                "import fcntl,sys,time\n"
                    + "f=open(sys.argv[1],'w'); fcntl.lockf(f, fcntl.LOCK_EX)\n"
                    + "print('locked', flush=True); time.sleep(60)",
                file.toString())
            .redirectErrorStream(true)
            .start();
    try {
      String first = new String(holder.getInputStream().readNBytes(6));
      assertTrue(first.startsWith("locked"), "the other process took the lock: " + first);
      CompletableFuture<Boolean> taken =
          CompletableFuture.supplyAsync(
              () -> {
                try (VirtualEnvs.EnvLock lock = VirtualEnvs.lockFile(file)) {
                  return true;
                } catch (SetupFailure e) {
                  throw new IllegalStateException(e);
                }
              });
      try {
        taken.get(500, TimeUnit.MILLISECONDS);
        assertFalse(true, "took a lock that another process holds");
      } catch (TimeoutException expected) {
        // still waiting, as it should
      }
      holder.destroyForcibly().waitFor();
      assertTrue(taken.get(10, TimeUnit.SECONDS));
    } finally {
      holder.destroyForcibly();
    }
  }
}
