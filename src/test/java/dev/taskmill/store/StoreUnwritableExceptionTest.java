package dev.taskmill.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The disk's own errors, produced for real, are named without a path; others are not disk ones. */
class StoreUnwritableExceptionTest {

  @Test
  void aFullDiskIsNamedAsSuch() {
    // /dev/full answers every write with ENOSPC, as a full disk does.
    IOException full =
        catchThrowableOfType(
            IOException.class, () -> Files.write(Path.of("/dev/full"), new byte[] {1}));
    assertThat(StoreUnwritableException.isDiskFailure(full)).isTrue();
    StoreUnwritableException e = new StoreUnwritableException(full);
    assertThat(e.reason()).isEqualTo("No space left on device");
    assertThat(e.getMessage()).doesNotContain("/dev/full");
  }

  @Test
  void aFolderThatIsAFileIsADiskFailureWithoutThePath(@TempDir Path dir) throws IOException {
    Path tmp = Files.writeString(dir.resolve("tmp"), "not a folder");
    IOException e = catchThrowableOfType(IOException.class, () -> Files.createDirectories(tmp));
    assertThat(StoreUnwritableException.isDiskFailure(e)).isTrue();
    assertThat(new StoreUnwritableException(e).getMessage()).doesNotContain(dir.toString());
  }

  @Test
  void aBrokenStreamIsNotADiskFailure() {
    assertThat(StoreUnwritableException.isDiskFailure(new IOException("Connection reset")))
        .isFalse();
  }
}
