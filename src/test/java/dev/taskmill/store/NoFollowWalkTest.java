package dev.taskmill.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a failed no-follow open means once the name looks unchanged again. */
class NoFollowWalkTest {

  @TempDir Path dir;

  @Test
  void aLinkAtTheOpenIsRefusedEvenWhenTheSameFileIsBackByNow() throws Exception {
    Path file = Files.writeString(dir.resolve("ok.txt"), "own");
    BasicFileAttributes checked =
        Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    try (SecureDirectoryStream<Path> folder = NoFollowWalk.secure(Files.newDirectoryStream(dir))) {
      // What the JDK throws when the name was a symbolic link at the O_NOFOLLOW open (ELOOP);
      // a writer flipped it to a link and back to the same file around the open.
      IOException loop =
          new FileSystemException(
              file.toString(),
              null,
              "Too many levels of symbolic links (NOFOLLOW_LINKS specified)");
      ConfinedFile.Refused refused =
          NoFollowWalk.changedOr(loop, folder, file.getFileName(), Path.of("ok.txt"), checked, "");
      assertThat(refused).hasMessageContaining("changed while it was being published");

      // Any other error on an unchanged name is the file system's own, and is rethrown.
      IOException other = new FileSystemException(file.toString(), null, "Input/output error");
      assertThatThrownBy(
              () ->
                  NoFollowWalk.changedOr(
                      other, folder, file.getFileName(), Path.of("ok.txt"), checked, ""))
          .isSameAs(other);
    }
  }
}
