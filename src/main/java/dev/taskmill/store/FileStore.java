package dev.taskmill.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Where the bytes of file data items live. Every write goes to a temporary file first and is
 * renamed into place when complete, so a reader never sees a partial file. The API streams the
 * bytes and never reveals a key or a path.
 */
public interface FileStore {

  /** A short description for health output (e.g. the root folder). */
  String describe();

  /** Fails with a reason when the store cannot be written to right now. */
  void checkWritable() throws IOException;

  /** Streams {@code in} into the store, computing size and SHA-256 on the way. */
  StoredFile write(InputStream in) throws IOException;

  /** Moves a complete local file (a module's output) into the store. */
  StoredFile importFile(Path file) throws IOException;

  /** Opens a stored file for reading, skipping the first {@code offset} bytes. */
  InputStream open(String key, long offset) throws IOException;

  /** The length of a stored file. */
  long size(String key) throws IOException;

  /** Deletes a stored file; false when there was none. */
  boolean delete(String key) throws IOException;

  /** A local path a module process can read the file from. */
  Path localPath(String key);

  /**
   * Removes temporary files a crash left behind: those not written to for {@code idle}. Other
   * instances sharing the store may be writing the fresh ones right now.
   */
  void cleanTemporaryFiles(Duration idle) throws IOException;

  /**
   * Calls {@code action} with the key of every stored file last written before {@code before}
   * (storing sets the time, so it is when the file entered the store).
   */
  void forEachKey(Instant before, Consumer<String> action) throws IOException;
}
