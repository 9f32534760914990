package dev.taskmill.module;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DetectionDecisionTest {

  private static final ModuleFolder FOLDER =
      new ModuleFolder("echo", Path.of("/m/echo"), true, "sum-1");

  private static Module record(ModuleStatus status, String checksum, String envKey) {
    Module module = new Module();
    module.name = "echo";
    module.status = status;
    module.checksum = checksum;
    module.envKey = envKey;
    return module;
  }

  private static DetectionDecision decide(Module record, boolean ready, boolean here) {
    return DetectionDecision.decide(FOLDER, record, "env-1", ready, here);
  }

  @Test
  void aNewFolderIsNew() {
    assertThat(DetectionDecision.decide(FOLDER, null, "env-1", false, false))
        .isEqualTo(DetectionDecision.NEW);
  }

  @Test
  void aVanishedFolderIsGoneOnce() {
    assertThat(
            DetectionDecision.decide(
                null, record(ModuleStatus.AVAILABLE, "sum-1", "env-1"), null, true, false))
        .isEqualTo(DetectionDecision.GONE);
    assertThat(
            DetectionDecision.decide(
                null, record(ModuleStatus.MISSING, "sum-1", "env-1"), null, true, false))
        .isEqualTo(DetectionDecision.UNCHANGED);
  }

  @Test
  void anUnchangedAvailableModuleIsLeftAlone() {
    assertThat(decide(record(ModuleStatus.AVAILABLE, "sum-1", "env-1"), true, false))
        .isEqualTo(DetectionDecision.UNCHANGED);
  }

  @Test
  void anAvailableModuleWhoseEnvironmentVanishedIsSetUpAgain() {
    assertThat(decide(record(ModuleStatus.AVAILABLE, "sum-1", "env-1"), false, false))
        .isEqualTo(DetectionDecision.CHANGED);
  }

  @ParameterizedTest
  @EnumSource(
      value = ModuleStatus.class,
      names = {"AVAILABLE", "FAILED"})
  void changedFilesOrSdkMeanSetUpAgain(ModuleStatus status) {
    assertThat(decide(record(status, "sum-0", "env-1"), true, false))
        .isEqualTo(DetectionDecision.CHANGED);
    assertThat(decide(record(status, "sum-1", "env-0"), true, false))
        .isEqualTo(DetectionDecision.CHANGED);
  }

  @Test
  void aFailedModuleIsNotRetriedUntilSomethingChanges() {
    assertThat(decide(record(ModuleStatus.FAILED, "sum-1", "env-1"), false, false))
        .isEqualTo(DetectionDecision.UNCHANGED);
  }

  @Test
  void aDisabledModuleIsLeftAloneEvenWhenChanged() {
    assertThat(decide(record(ModuleStatus.DISABLED, "sum-0", "env-0"), false, false))
        .isEqualTo(DetectionDecision.UNCHANGED);
  }

  @Test
  void aMissingModuleThatCameBackIsSetUp() {
    assertThat(decide(record(ModuleStatus.MISSING, "sum-1", "env-1"), true, false))
        .isEqualTo(DetectionDecision.CHANGED);
  }

  @ParameterizedTest
  @EnumSource(
      value = ModuleStatus.class,
      names = {"INSTALLING", "TESTING"})
  void anInterruptedSetupIsRedoneButARunningOneIsNot(ModuleStatus status) {
    assertThat(decide(record(status, "sum-1", "env-1"), false, false))
        .isEqualTo(DetectionDecision.CHANGED);
    assertThat(decide(record(status, "sum-1", "env-1"), false, true))
        .isEqualTo(DetectionDecision.UNCHANGED);
  }

  @Test
  void aDetectedModuleIsSetUpUnlessThatIsHappening() {
    assertThat(decide(record(ModuleStatus.DETECTED, null, null), false, false))
        .isEqualTo(DetectionDecision.RESUME);
    assertThat(decide(record(ModuleStatus.DETECTED, null, null), false, true))
        .isEqualTo(DetectionDecision.UNCHANGED);
  }
}
