package dev.taskmill.store;

import java.io.IOException;
import java.nio.file.Path;

/** Where the bytes of file data items live; the API streams them, never reveals a path. */
public interface FileStore {

  /** A short description for health output (e.g. the root folder). */
  String describe();

  /** Fails with a reason when the store cannot be written to right now. */
  void checkWritable() throws IOException;

  /** The local root of the store. */
  Path root();
}
