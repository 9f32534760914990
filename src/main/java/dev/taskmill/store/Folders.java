package dev.taskmill.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** Local folder helpers shared by the module and task runtimes. */
public final class Folders {

  /** Passes over a tree that something else is still writing into before giving up. */
  private static final int PASSES = 3;

  private Folders() {}

  /**
   * Deletes a folder and everything in it; nothing when it does not exist. Entries that vanish
   * meanwhile (another process cleaning up) are fine; entries that appear meanwhile are deleted by
   * another pass, up to three.
   */
  public static void deleteTree(Path dir) {
    for (int pass = 1; ; pass++) {
      try {
        deletePass(dir);
        return;
      } catch (DirectoryNotEmptyException e) {
        if (pass == PASSES) {
          throw new UncheckedIOException("cannot delete " + dir + ": it keeps filling up", e);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot delete " + dir, e);
      }
    }
  }

  private static void deletePass(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    Files.walkFileTree(
        dir,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.deleteIfExists(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            if (e instanceof NoSuchFileException) {
              return FileVisitResult.CONTINUE;
            }
            throw e;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path folder, IOException e) throws IOException {
            if (e != null && !(e instanceof NoSuchFileException)) {
              throw e;
            }
            Files.deleteIfExists(folder);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
