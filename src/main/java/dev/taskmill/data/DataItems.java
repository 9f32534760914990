package dev.taskmill.data;

import dev.taskmill.auth.Caller;
import dev.taskmill.failure.Conflict;
import dev.taskmill.failure.NotFound;
import dev.taskmill.store.FileStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;

/** Reads data items and their content as a caller may see them. */
@ApplicationScoped
public class DataItems {

  private final DataRepository repository;
  private final FileStore store;

  DataItems(DataRepository repository, FileStore store) {
    this.repository = repository;
    this.store = store;
  }

  /**
   * The item with this id as {@code caller} may see it; 400 when {@code id} is malformed, 404 when
   * there is none or it belongs to another user (so existence does not leak).
   */
  public DataItem get(String id, Caller caller) {
    DataRepository.requireValidId(id, "data item");
    return repository
        .find(id)
        .filter(item -> caller.canSee(item.owner))
        .orElseThrow(() -> NotFound.of("data item", id));
  }

  /** The readable content of an item; 409 while it is PENDING or when it FAILED. */
  public DataContent content(String id, Caller caller) {
    return content(get(id, caller));
  }

  /**
   * The readable content of {@code item}, which the caller has already been allowed to read (a
   * remote worker reads the inputs of the task it holds a lease on); 409 while it is PENDING or
   * when it FAILED.
   */
  public DataContent content(DataItem item) {
    String id = item.id;
    if (item.status == DataStatus.PENDING) {
      throw new Conflict("Data item '" + id + "' is PENDING: its producer task has not finished.");
    }
    if (item.status == DataStatus.FAILED) {
      throw new Conflict(
          "Data item '"
              + id
              + "' FAILED: "
              + (item.reason == null ? "no reason was recorded." : item.reason));
    }
    if (!item.isFile) {
      byte[] bytes = item.text == null ? new byte[0] : item.text.getBytes(StandardCharsets.UTF_8);
      return new DataContent(
          item,
          bytes.length,
          offset -> {
            InputStream in = new ByteArrayInputStream(bytes);
            in.skipNBytes(offset);
            return in;
          });
    }
    try {
      // A stat per read: a stored object truncated or grown behind the store's back is said to be
      // damaged, instead of a 200 cut short (or a 500) on every download.
      long stored = store.size(item.storageKey);
      if (item.size != null && item.size != stored) {
        throw DamagedContentException.size(id, item.size, stored);
      }
      return new DataContent(item, stored, offset -> store.open(item.storageKey, offset));
    } catch (NoSuchFileException e) {
      throw DamagedContentException.missing(id);
    } catch (IOException e) {
      throw new UncheckedIOException("the stored file of " + id + " cannot be read", e);
    }
  }
}
