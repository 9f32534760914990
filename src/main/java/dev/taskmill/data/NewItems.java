package dev.taskmill.data;

import dev.taskmill.store.FileStore;
import dev.taskmill.store.StoredFile;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Records a new uploaded item, its content either in the file store or inline in the database. */
@ApplicationScoped
class NewItems {

  private final DataRepository repository;
  private final FileStore store;

  NewItems(DataRepository repository, FileStore store) {
    this.repository = repository;
    this.store = store;
  }

  /** Records {@code item} with its content in the stored file; removes the file when that fails. */
  DataItem withFile(DataItem item, StoredFile stored) throws IOException {
    item.isFile = true;
    item.storageKey = stored.key();
    item.size = stored.size();
    item.sha256 = stored.sha256();
    item.origin = DataOrigin.UPLOAD;
    item.status = DataStatus.AVAILABLE;
    try {
      return repository.insert(item);
    } catch (RuntimeException e) {
      // No item, so no file either.
      store.delete(stored.key());
      throw e;
    }
  }

  /** Records {@code item} with {@code content} kept in the database itself. */
  DataItem withText(DataItem item, String content) {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    item.isFile = false;
    item.text = content;
    item.size = (long) bytes.length;
    item.sha256 = sha256(bytes);
    item.origin = DataOrigin.UPLOAD;
    item.status = DataStatus.AVAILABLE;
    return repository.insert(item);
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
