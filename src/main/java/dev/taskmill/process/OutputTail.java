package dev.taskmill.process;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The tail of a process's output saved in a file (a warm worker's job writes its stdout and stderr
 * to a file of its own), read as the process runner reads a live stream: lines cut at {@code
 * maxLineBytes} with the same marker, the rest dropped unread into memory, the last {@code
 * limitBytes} kept.
 */
public final class OutputTail {

  private OutputTail() {}

  /** The tail of {@code file}; empty when there is no such file (nothing was written). */
  public static String of(Path file, int maxLineBytes, int limitBytes) {
    BoundedLog log = new BoundedLog(limitBytes);
    try (InputStream in = Files.newInputStream(file)) {
      BoundedLineReader reader = new BoundedLineReader(in, maxLineBytes);
      String line;
      while ((line = reader.readLine()) != null) {
        log.line(line);
      }
    } catch (NoSuchFileException e) {
      return "";
    } catch (IOException e) {
      log.line("[... the rest of the output could not be read: " + e.getMessage() + "]");
    }
    return log.toString();
  }
}
