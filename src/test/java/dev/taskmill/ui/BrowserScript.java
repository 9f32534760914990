package dev.taskmill.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of the dashboard's browser scripts ({@code src/main/webui/e2e/*.mjs}) with node, from
 * the dashboard's folder, with the test admin key; returns what it printed once it finished in time
 * and exited 0 (a test fails with the script's output otherwise).
 */
final class BrowserScript {

  static final Path WEBUI = Path.of("src/main/webui");

  private BrowserScript() {}

  static String run(long limitMinutes, String script, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("node", "e2e/" + script));
    command.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(command).directory(WEBUI.toFile()).redirectErrorStream(true);
    pb.environment().putIfAbsent("TASKMILL_API_KEY", "test-admin-key");
    Path log = Files.createTempFile(script.replace(".mjs", ""), ".log");
    pb.redirectOutput(log.toFile());
    Process process = pb.start();
    boolean finished = process.waitFor(limitMinutes, TimeUnit.MINUTES);
    if (!finished) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    Files.deleteIfExists(log);
    System.out.println(output);
    assertThat(finished).as("the browser script finished within its limit:\n" + output).isTrue();
    assertThat(process.exitValue()).as("browser script exit code; its output:\n" + output).isZero();
    return output;
  }
}
