package dev.taskmill.module;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** A port's kinds as manifests of the current and of older SDKs declare them. */
class ManifestKindsTest {

  private final ObjectMapper json = new ObjectMapper();

  private Module.Port port(String portJson) throws Exception {
    return json.readValue(portJson, Manifest.PortSpec.class).toPort();
  }

  @Test
  void kindsListIsKeptInOrderAndKindIsTheFirst() throws Exception {
    Module.Port p =
        port("{\"name\":\"media\",\"kind\":\"AUDIO\",\"kinds\":[\"AUDIO\",\"VIDEO\",\"AUDIO\"]}");
    assertThat(p.kinds).containsExactly("AUDIO", "VIDEO");
    assertThat(p.kind).isEqualTo("AUDIO");
    assertThat(Module.Port.kindsOf(p)).containsExactly("AUDIO", "VIDEO");
  }

  @Test
  void aManifestWithOnlyKindStillWorks() throws Exception {
    Module.Port p = port("{\"name\":\"text\",\"kind\":\"TEXT\"}");
    assertThat(p.kind).isEqualTo("TEXT");
    assertThat(Module.Port.kindsOf(p)).containsExactly("TEXT");
  }

  @Test
  void aPortStoredBeforeKindsExistedReadsItsKind() {
    Module.Port stored = new Module.Port();
    stored.kind = "IMAGE";
    assertThat(Module.Port.kindsOf(stored)).containsExactly("IMAGE");
  }

  @Test
  void kindsWithoutKindTakeTheFirstAsKind() throws Exception {
    Module.Port p = port("{\"name\":\"m\",\"kinds\":[\"VIDEO\",\"IMAGE\"]}");
    assertThat(p.kind).isEqualTo("VIDEO");
  }
}
