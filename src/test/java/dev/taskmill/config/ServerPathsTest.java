package dev.taskmill.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Absolute server paths become relative ones or setting names, whole segments only. */
class ServerPathsTest {

  private final ServerPaths paths =
      new ServerPaths(
          Path.of("/srv/app"),
          Path.of("/home/svc"),
          Map.of(
              "taskmill.file-store.root", "file-store",
              "taskmill.tasks.work-dir", "/var/lib/taskmill/work",
              "taskmill.modules.venv-dir", "/home/svc/.cache/venvs"));

  @Test
  void pathsUnderTheWorkingDirBecomeRelative() {
    assertThat(paths.hide("cannot write /srv/app/file-store/tmp/x.part: denied"))
        .isEqualTo("cannot write file-store/tmp/x.part: denied");
    assertThat(paths.hide("root /srv/app/file-store")).isEqualTo("root file-store");
    assertThat(paths.hide("in /srv/app")).isEqualTo("in .");
    assertThat(paths.hide("'/srv/app/modules/m/main.py', line 3"))
        .isEqualTo("'modules/m/main.py', line 3");
  }

  @Test
  void otherConfiguredFoldersBecomeTheirSettingAndHomeBecomesTilde() {
    assertThat(paths.hide("No such file: '/var/lib/taskmill/work/t1/in/a.txt'"))
        .isEqualTo("No such file: '<taskmill.tasks.work-dir>/t1/in/a.txt'");
    assertThat(paths.hide("/home/svc/.cache/venvs/m-1/bin/python"))
        .isEqualTo("<taskmill.modules.venv-dir>/m-1/bin/python");
    assertThat(paths.hide("/home/svc/notes")).isEqualTo("~/notes");
  }

  @Test
  void onlyWholeSegmentsMatch() {
    assertThat(paths.hide("/srv/application/x")).isEqualTo("/srv/application/x");
    assertThat(paths.hide("/srv/app.old/x")).isEqualTo("/srv/app.old/x");
    assertThat(paths.hide(null)).isNull();
    assertThat(paths.hide("no paths here")).isEqualTo("no paths here");
  }
}
