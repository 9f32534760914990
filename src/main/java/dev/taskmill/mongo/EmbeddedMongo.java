package dev.taskmill.mongo;

import de.bwaldvogel.mongo.MongoServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * An in-process MongoDB-wire server (mongo-java-server, H2 backend) bound to loopback. With a file,
 * each write is committed and synced before its reply ({@link DurableH2Backend}); in memory (tests)
 * nothing is kept anyway. Either way collections have real secondary indexes ({@link
 * IndexedH2Backend}): {@code createIndex} makes queries on the indexed fields fast.
 */
public final class EmbeddedMongo implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(EmbeddedMongo.class);
  private static final String IN_MEMORY = "memory";

  private final MongoServer server;
  private final IndexedH2Backend backend;

  private EmbeddedMongo(IndexedH2Backend backend, MongoServer server) {
    this.backend = backend;
    this.server = server;
  }

  /**
   * Starts a server on 127.0.0.1:{@code port} ({@code 0} picks a free port), keeping its data in
   * {@code file}, or in memory when {@code file} is {@code "memory"}.
   */
  public static EmbeddedMongo start(String file, int port) {
    IndexedH2Backend backend;
    if (IN_MEMORY.equals(file)) {
      backend = IndexedH2Backend.inMemoryWithIndexes();
    } else {
      Path path = Path.of(file).toAbsolutePath();
      try {
        Files.createDirectories(path.getParent());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create the folder of " + path, e);
      }
      // Every write on disk before its reply: a 201 survives kill -9 and a power cut.
      backend = DurableH2Backend.open(path.toString());
    }
    EmbeddedMongo started = serve(backend, port);
    LOG.infof(
        "embedded MongoDB-wire server on %s, data in %s", started.server.getLocalAddress(), file);
    return started;
  }

  /** Serves {@code backend} on 127.0.0.1:{@code port}; closes it when that fails. */
  static EmbeddedMongo serve(IndexedH2Backend backend, int port) {
    MongoServer server = new MongoServer(backend);
    try {
      server.bind("127.0.0.1", port);
    } catch (RuntimeException e) {
      backend.close();
      throw new IllegalStateException(
          "the embedded MongoDB server cannot listen on 127.0.0.1:"
              + port
              + " (is another Taskmill running? set TASKMILL_EMBEDDED_MONGO_PORT to another port)",
          e);
    }
    return new EmbeddedMongo(backend, server);
  }

  /** The {@code mongodb://} connection string of this server. */
  public String connectionString() {
    return server.getConnectionString();
  }

  /** The port the server listens on. */
  public int port() {
    return server.getLocalAddress().getPort();
  }

  /** The collection {@code database.collection} as the server holds it, or null (for tests). */
  IndexedH2Collection collection(String database, String collection) {
    return (IndexedH2Collection)
        backend.resolveDatabase(database).resolveCollection(collection, false);
  }

  /** How many fsyncs the durable server ran; 0 in memory (for tests). */
  long syncs() {
    return backend instanceof DurableH2Backend durable ? durable.syncs() : 0;
  }

  @Override
  public void close() {
    server.shutdownNow();
    backend.close();
  }
}
