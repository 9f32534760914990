package dev.taskmill.module;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** How a module's stdout lines are read (docs/module-protocol.md), without a process. */
class ProtocolLineTest {

  private final ModuleProtocol protocol = new ModuleProtocol(null, null, new ObjectMapper(), null);

  @Test
  void progressWithItsFractionAndMessage() {
    assertThat(protocol.read("{\"type\":\"progress\",\"fraction\":0.4,\"message\":\"resizing\"}"))
        .isEqualTo(new ProtocolLine.Progress(0.4, "resizing"));
    assertThat(protocol.read("{\"type\":\"progress\"}"))
        .isEqualTo(new ProtocolLine.Progress(0, ""));
  }

  @Test
  void logWithItsLevelInfoByDefault() {
    assertThat(protocol.read("{\"type\":\"log\",\"level\":\"WARN\",\"message\":\"careful\"}"))
        .isEqualTo(new ProtocolLine.Log("WARN", "careful"));
    assertThat(protocol.read("{\"type\":\"log\",\"message\":\"m\"}"))
        .isEqualTo(new ProtocolLine.Log("INFO", "m"));
  }

  @Test
  void resultSaysWhetherItSucceededAndCarriesOutputsAndError() {
    ProtocolLine ok = protocol.read("{\"type\":\"result\",\"ok\":true,\"outputs\":{\"a\":{}}}");
    assertThat(ok).isInstanceOf(ProtocolLine.Result.class);
    ProtocolLine.Result result = (ProtocolLine.Result) ok;
    assertThat(result.ok()).isTrue();
    assertThat(result.outputs().has("a")).isTrue();
    assertThat(result.error()).isNull();

    ProtocolLine.Result failed =
        (ProtocolLine.Result) protocol.read("{\"type\":\"result\",\"ok\":false,\"error\":\"bad\"}");
    assertThat(failed.ok()).isFalse();
    assertThat(failed.error()).isEqualTo("bad");
    assertThat(failed.outputs()).isNull();
  }

  @Test
  void aManifestIsRecognised() {
    assertThat(protocol.read("{\"type\":\"manifest\",\"name\":\"x\"}"))
        .isInstanceOf(ProtocolLine.Manifest.class);
  }

  @Test
  void anythingElseIsLogTextNotAnError() {
    assertThat(protocol.read("plain text")).isEqualTo(new ProtocolLine.Text("plain text"));
    assertThat(protocol.read("{not json")).isEqualTo(new ProtocolLine.Text("{not json"));
    assertThat(protocol.read("[1,2]")).isEqualTo(new ProtocolLine.Text("[1,2]"));
    assertThat(protocol.read("{\"type\":\"party\"}"))
        .isEqualTo(new ProtocolLine.Other("{\"type\":\"party\"}"));
    assertThat(protocol.read("{\"no\":\"type\"}"))
        .isEqualTo(new ProtocolLine.Other("{\"no\":\"type\"}"));
  }
}
