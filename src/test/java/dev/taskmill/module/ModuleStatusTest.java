package dev.taskmill.module;

import static dev.taskmill.module.ModuleStatus.AVAILABLE;
import static dev.taskmill.module.ModuleStatus.DETECTED;
import static dev.taskmill.module.ModuleStatus.DISABLED;
import static dev.taskmill.module.ModuleStatus.FAILED;
import static dev.taskmill.module.ModuleStatus.INSTALLING;
import static dev.taskmill.module.ModuleStatus.MISSING;
import static dev.taskmill.module.ModuleStatus.TESTING;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ModuleStatusTest {

  /** The life cycle, written out once more by hand: every pair not listed is forbidden. */
  private static final Map<ModuleStatus, Set<ModuleStatus>> ALLOWED =
      Map.of(
          DETECTED, EnumSet.of(INSTALLING, DISABLED, MISSING),
          INSTALLING, EnumSet.of(TESTING, FAILED, DETECTED, DISABLED, MISSING),
          TESTING, EnumSet.of(AVAILABLE, FAILED, DETECTED, DISABLED, MISSING),
          AVAILABLE, EnumSet.of(DETECTED, DISABLED, MISSING),
          FAILED, EnumSet.of(DETECTED, DISABLED, MISSING),
          DISABLED, EnumSet.of(DETECTED, MISSING),
          MISSING, EnumSet.of(DETECTED));

  @Test
  void everyPairIsAllowedExactlyWhenTheTableSaysSo() {
    int checked = 0;
    for (ModuleStatus from : ModuleStatus.values()) {
      for (ModuleStatus to : ModuleStatus.values()) {
        assertThat(from.canMoveTo(to))
            .as("%s -> %s", from, to)
            .isEqualTo(ALLOWED.get(from).contains(to));
        checked++;
      }
    }
    assertThat(checked).isEqualTo(49);
  }

  @Test
  void noStatusMovesToItself() {
    for (ModuleStatus status : ModuleStatus.values()) {
      assertThat(status.canMoveTo(status)).as("%s", status).isFalse();
    }
  }

  @Test
  void onlyTestingLeadsToAvailable() {
    assertThat(ModuleStatus.allowedFrom(AVAILABLE)).containsExactly(TESTING);
  }

  @Test
  void allowedFromIsTheInverseOfAllowedNext() {
    for (ModuleStatus to : ModuleStatus.values()) {
      for (ModuleStatus from : ModuleStatus.allowedFrom(to)) {
        assertThat(from.allowedNext()).contains(to);
      }
    }
  }
}
