package dev.taskmill.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DataKindTest {

  @Test
  void mediaTypesMapToKinds() {
    assertThat(DataKind.ofMediaType("image/png")).isEqualTo(DataKind.IMAGE);
    assertThat(DataKind.ofMediaType("video/mp4")).isEqualTo(DataKind.VIDEO);
    assertThat(DataKind.ofMediaType("audio/mpeg")).isEqualTo(DataKind.AUDIO);
    assertThat(DataKind.ofMediaType("text/plain; charset=ISO-8859-1")).isEqualTo(DataKind.TEXT);
    assertThat(DataKind.ofMediaType("Application/JSON")).isEqualTo(DataKind.JSON);
    assertThat(DataKind.ofMediaType("application/pdf")).isEqualTo(DataKind.FILE);
    assertThat(DataKind.ofMediaType(null)).isEqualTo(DataKind.FILE);
  }

  @Test
  void aFilePortTakesAnyKindOtherPortsOnlyTheirOwn() {
    for (DataKind kind : DataKind.values()) {
      assertThat(kind.fits(DataKind.FILE)).isTrue();
      for (DataKind wanted : DataKind.values()) {
        if (wanted != DataKind.FILE) {
          assertThat(kind.fits(wanted)).isEqualTo(kind == wanted);
        }
      }
    }
  }
}
