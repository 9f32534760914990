package dev.taskmill.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's Python example verifies what the service signs, and refuses a body changed after
 * signing: a receiver that copies it works.
 */
class ReadmeSignatureExampleTest {

  private static final String BODY =
      "{\"event\":\"task.succeeded\",\"id\":\"d-1\",\"time\":\"2026-12-07T10:00:00Z\"}";

  @Test
  void thePythonExampleAcceptsASignedBodyAndRefusesAChangedOne(@TempDir Path dir) throws Exception {
    Path script = dir.resolve("verify.py");
    Files.writeString(
        script,
        pythonExample()
            + "\nimport sys\n"
            + "body = open(sys.argv[2], 'rb').read()\n"
            + "print(verify(sys.argv[1], body, sys.argv[3])['id'])\n");
    String secret = Signatures.newSecret();
    String signature = Signatures.sign(secret, BODY.getBytes(StandardCharsets.UTF_8));

    Path body = dir.resolve("body.json");
    Files.writeString(body, BODY);
    Result ok = run(script, secret, body, signature);
    assertThat(ok.exit()).as(ok.output()).isZero();
    assertThat(ok.output().strip()).isEqualTo("d-1");

    Files.writeString(body, BODY.replace("succeeded", "failed"));
    Result tampered = run(script, secret, body, signature);
    assertThat(tampered.exit()).isNotZero();
    assertThat(tampered.output()).contains("bad X-Taskmill-Signature");
  }

  private record Result(int exit, String output) {}

  private static Result run(Path script, String secret, Path body, String signature)
      throws Exception {
    Process process =
        new ProcessBuilder("python3", script.toString(), secret, body.toString(), signature)
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), output);
  }

  /** The first python block of the README's "Webhooks" section. */
  private static String pythonExample() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    String section = readme.substring(readme.indexOf("## Webhooks"));
    int start = section.indexOf("```python\n") + "```python\n".length();
    return section.substring(start, section.indexOf("```", start));
  }
}
