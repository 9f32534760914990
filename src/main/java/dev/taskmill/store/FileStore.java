package dev.taskmill.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Where the bytes of file data items live. Every write goes to a temporary file first and is
 * renamed into place when complete, so a reader never sees a partial file. A stored object is a
 * read-only regular file with its own inode: never a link, never a second name of a file someone
 * else can write. The API streams the bytes and never reveals a key or a path. Implementations:
 * {@link LocalFileStore} (a folder) and the S3 store ({@code store/s3}), chosen by {@link
 * FileStores}.
 */
public interface FileStore {

  /** A short description for health output (e.g. the root folder). */
  String describe();

  /** Fails with a reason when the store cannot be written to right now. */
  void checkWritable() throws IOException;

  /**
   * Copies {@code in} into a new stored object, computing size and SHA-256 on the way; on disk
   * (synced) before it becomes visible. The way to store bytes from a source the service does not
   * own (a module's output): the store keeps no reference to the source.
   */
  StoredFile write(InputStream in) throws IOException;

  /**
   * Moves a complete local file the service owns (an upload's temporary file) into the store.
   * Refuses a symbolic link and a file with several names. Never for a module's path, which the
   * module may change while it is moved: use {@link #write}.
   */
  StoredFile importFile(Path file) throws IOException;

  /** Opens a stored file for reading, skipping the first {@code offset} bytes. */
  InputStream open(String key, long offset) throws IOException;

  /** The length of a stored file. */
  long size(String key) throws IOException;

  /** Deletes a stored file; false when there was none. */
  boolean delete(String key) throws IOException;

  /**
   * Opens a stored file for positioned reads by the service (a media probe reads headers at both
   * ends of a file). Never hand it to a module: a module gets a copy (see task/run/JobWriter).
   */
  SeekableByteChannel openChannel(String key) throws IOException;

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
