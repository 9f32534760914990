package dev.taskmill.store;

import dev.taskmill.config.TaskmillConfig;
import io.quarkus.arc.lookup.LookupUnlessProperty;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * A file store in a local (or shared, mounted) folder: {@code objects/<xy>/<key>} for complete
 * files, {@code tmp/} for writes in progress. Imports are renames where the file is on the same
 * file system.
 */
@ApplicationScoped
@StoreBackend
@LookupUnlessProperty(name = "taskmill.store.type", stringValue = "s3")
public class LocalFileStore implements FileStore {

  private static final Logger LOG = Logger.getLogger(LocalFileStore.class);

  private static final Set<PosixFilePermission> READ_ONLY =
      PosixFilePermissions.fromString("r--r--r--");
  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private final Path root;

  // Two constructors: CDI needs to be told which one it calls.
  @Inject
  LocalFileStore(TaskmillConfig config) {
    this(Path.of(config.fileStore().root()));
  }

  /** A store rooted at {@code root} (created when missing). */
  public LocalFileStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  /**
   * What an interrupted write left behind is removed once nobody wrote to it for this long (at
   * start and by {@link TemporaryFilesSweep}).
   */
  public static final Duration TMP_IDLE = Duration.ofMinutes(15);

  @Override
  public String describe() {
    return root.toString();
  }

  @Override
  public void checkWritable() throws IOException {
    Path probe = Files.createTempFile(tmp(), "health-", ".tmp");
    Files.delete(probe);
  }

  @Override
  public StoredFile write(InputStream in) throws IOException {
    Path temp = unwritable(() -> Files.createTempFile(tmp(), "upload-", ".part"));
    try {
      MessageDigest digest = Sha256.digest();
      long size = 0;
      FileChannel file = unwritable(() -> FileChannel.open(temp, StandardOpenOption.WRITE));
      try (file;
          InputStream digesting = new DigestInputStream(in, digest)) {
        OutputStream out = Channels.newOutputStream(file);
        // A failed read is the source's problem; a failed write is the store's (disk full).
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = digesting.read(buffer)) != -1; size += n) {
          int length = n;
          unwritable(
              () -> {
                out.write(buffer, 0, length);
                return null;
              });
        }
        // On disk before the rename makes it visible: a stored object is never a torn write.
        unwritable(
            () -> {
              file.force(true);
              return null;
            });
      }
      return moveIntoPlace(temp, size, Sha256.hex(digest));
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  @Override
  public StoredFile importFile(Path file) throws IOException {
    OwnFiles.refuseLinks(file);
    MessageDigest digest = Sha256.digest();
    long size;
    try (InputStream in =
        new DigestInputStream(Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS), digest)) {
      size = in.transferTo(OutputStream.nullOutputStream());
    }
    String sha = Sha256.hex(digest);
    // Same file system: a rename. Otherwise copy to tmp/ first, so the final step is a rename.
    Path temp = tmp().resolve("import-" + UUID.randomUUID() + ".part");
    unwritable(
        () -> {
          try {
            Files.move(file, temp, StandardCopyOption.ATOMIC_MOVE);
          } catch (AtomicMoveNotSupportedException e) {
            Files.copy(file, temp, LinkOption.NOFOLLOW_LINKS);
            Files.delete(file);
          }
          return null;
        });
    try {
      return moveIntoPlace(temp, size, sha);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private StoredFile moveIntoPlace(Path temp, long size, String sha) {
    String key = StoreKeys.newKey();
    Path target = path(key);
    return unwritable(
        () -> {
          Files.createDirectories(target.getParent());
          // Read-only: an accidental write (a tool, a script run by hand) fails instead of
          // changing bytes whose size and sha256 are recorded. Deleting needs only the folder's
          // permission.
          if (POSIX) {
            Files.setPosixFilePermissions(temp, READ_ONLY);
          }
          Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
          // A move keeps the source's time; the orphan sweep needs the time the file was stored.
          Files.setLastModifiedTime(target, FileTime.from(Instant.now()));
          return new StoredFile(key, size, sha);
        });
  }

  /** A step that writes into the store. */
  private interface StoreWrite<T> {
    T run() throws IOException;
  }

  /** Runs {@code write}; its I/O failure means the store cannot be written right now. */
  private static <T> T unwritable(StoreWrite<T> write) {
    try {
      return write.run();
    } catch (IOException e) {
      throw new StoreUnwritableException(e);
    }
  }

  @Override
  public InputStream open(String key, long offset) throws IOException {
    FileChannel channel = FileChannel.open(path(key), StandardOpenOption.READ);
    channel.position(offset);
    return Channels.newInputStream(channel);
  }

  @Override
  public long size(String key) throws IOException {
    return Files.size(path(key));
  }

  @Override
  public boolean delete(String key) throws IOException {
    return Files.deleteIfExists(path(key));
  }

  @Override
  public SeekableByteChannel openChannel(String key) throws IOException {
    return FileChannel.open(path(key), StandardOpenOption.READ);
  }

  /**
   * The stored object itself: for tests of what this store keeps on disk. Never hand it to a
   * module: a module gets a copy (see task/run/JobWriter).
   */
  public Path localPath(String key) {
    return path(key);
  }

  @Override
  public void cleanTemporaryFiles(Duration idle) throws IOException {
    Path tmp = tmp();
    Instant cutoff = Instant.now().minus(idle);
    try (Stream<Path> files = Files.list(tmp)) {
      for (Path file : files.toList()) {
        try {
          if (Files.getLastModifiedTime(file).toInstant().isAfter(cutoff)) {
            continue;
          }
          Files.deleteIfExists(file);
          LOG.infof("removed %s, left by an interrupted write", file.getFileName());
        } catch (IOException | UncheckedIOException e) {
          LOG.warnf("cannot remove %s: %s", file, e.getMessage());
        }
      }
    } catch (NoSuchFileException e) {
      // Nothing to clean.
    }
  }

  @Override
  public void forEachKey(Instant before, Consumer<String> action) throws IOException {
    Path objects = root.resolve("objects");
    if (!Files.isDirectory(objects)) {
      return;
    }
    try (Stream<Path> files = Files.walk(objects, 2)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String name = file.getFileName().toString();
        if (StoreKeys.isKey(name)
            && Files.isRegularFile(file)
            && Files.getLastModifiedTime(file).toInstant().isBefore(before)) {
          action.accept(name);
        }
      }
    } catch (NoSuchFileException | UncheckedIOException e) {
      // a file or folder went away while walking: the next sweep sees the rest
    }
  }

  private Path path(String key) {
    StoreKeys.check(key);
    return root.resolve("objects").resolve(key.substring(0, 2)).resolve(key);
  }

  private Path tmp() throws IOException {
    return Files.createDirectories(root.resolve("tmp"));
  }
}
