package dev.taskmill.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Declared GPUs and the memory reserved on them. */
class GpuDevicesTest {

  @Test
  void aReservationGoesToTheDeviceThatFitsMostTightlyAndComesBack() {
    GpuDevices gpus = new GpuDevices(List.of("0:24576", " 1:8192 "));
    assertThat(gpus.largestFreeMb()).isEqualTo(24576);

    GpuReservation small = gpus.reserve(6144).orElseThrow();
    assertThat(small.device()).isEqualTo(1); // the big device stays free for a big task
    GpuReservation big = gpus.reserve(20000).orElseThrow();
    assertThat(big.device()).isZero();
    assertThat(gpus.reserve(6144)).isEmpty(); // 4576 and 2048 MB left
    assertThat(gpus.devices())
        .containsExactly(
            new GpuDevices.Device(0, 24576, 4576), new GpuDevices.Device(1, 8192, 2048));

    gpus.release(small);
    gpus.release(big);
    assertThat(gpus.largestFreeMb()).isEqualTo(24576);
    assertThat(gpus.indices()).isEqualTo("0,1");
  }

  @Test
  void noDeclarationMeansNoGpuMemory() {
    GpuDevices none = new GpuDevices(List.of());
    assertThat(none.any()).isFalse();
    assertThat(none.largestFreeMb()).isZero();
    assertThat(none.reserve(1)).isEmpty();
  }

  @Test
  void aBadDeclarationSaysWhatIsWrong() {
    assertThatThrownBy(() -> new GpuDevices(List.of("0=8192")))
        .hasMessageContaining("'0=8192' is not index:memoryMb");
    assertThatThrownBy(() -> new GpuDevices(List.of("0:0")))
        .hasMessageContaining("memory in MB > 0");
    assertThatThrownBy(() -> new GpuDevices(List.of("0:1", "0:2")))
        .hasMessageContaining("declared twice");
  }
}
