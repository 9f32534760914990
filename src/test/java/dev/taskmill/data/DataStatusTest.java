package dev.taskmill.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class DataStatusTest {

  @Test
  void everyPairIsDecidedByTheTable() {
    Set<String> allowed = Set.of("PENDING>AVAILABLE", "PENDING>FAILED", "FAILED>PENDING");
    for (DataStatus from : DataStatus.values()) {
      for (DataStatus to : DataStatus.values()) {
        assertThat(from.canMoveTo(to))
            .as(from + " -> " + to)
            .isEqualTo(allowed.contains(from + ">" + to));
      }
    }
  }
}
