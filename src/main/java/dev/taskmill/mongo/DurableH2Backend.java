package dev.taskmill.mongo;

import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.h2.mvstore.MVStore;

/**
 * The H2 backend of mongo-java-server with every write on disk before its reply leaves. Stock H2
 * commits in the background about once a second, so a process killed with {@code kill -9} lost
 * writes the service had already answered 201 for. Here each command that can change data is
 * followed by an MVStore commit and an fsync of the file ({@link GroupCommit}: concurrent writers
 * share one; none when nothing was written since the last), and only then is its reply sent. H2's
 * background writer stays on for what else it does (compacting the file). A write sent with {@code
 * j: false} ({@link Journal#DEFERRED}) skips the wait: the next awaited write's commit takes it to
 * the disk. Secondary indexes as in {@link IndexedH2Backend}.
 */
final class DurableH2Backend extends IndexedH2Backend {

  /** Commands that never change stored data: no commit waits on them. Lower case. */
  private static final Set<String> READ_ONLY =
      Set.of(
          "find",
          "getmore",
          "count",
          "distinct",
          "listcollections",
          "listindexes",
          "listdatabases",
          "dbstats",
          "collstats",
          "validate",
          "explain",
          "ismaster",
          "hello",
          "ping",
          "buildinfo",
          "whatsmyuri",
          "serverstatus",
          "getlasterror",
          "getparameter",
          "getcmdlineopts",
          "getlog",
          "hostinfo",
          "connectionstatus",
          "currentop",
          "killcursors",
          "endsessions");

  private final MVStore store;
  private final GroupCommit commits;

  /**
   * The store version the last fsync put on disk, with every version before it. Only {@link
   * #commitAndSync()} reads or writes it, and {@link GroupCommit} runs that one at a time.
   */
  private long syncedVersion = -1;

  private DurableH2Backend(MVStore store) {
    super(store);
    this.store = store;
    this.commits = new GroupCommit(this::commitAndSync);
  }

  /**
   * Keys per B-tree page (H2's default is 48). Every commit rewrites whole pages: the leaf each
   * write touched and the pages above it, in every map a write changed, and the store's layout map,
   * whose rightmost leaf holds the metadata strings of the newest chunks and is rewritten by each
   * commit. Inserts come at the right edge (ids grow), so each commit rewrote a leaf of 24-48 keys
   * per map for the one or two keys it added; smaller pages write less per commit. Not stored in
   * the file: an existing file opens with it as it is.
   */
  static final int KEYS_PER_PAGE = 16;

  /** Opens (or creates) the H2 file {@code fileName}. */
  static DurableH2Backend open(String fileName) {
    return new DurableH2Backend(
        new MVStore.Builder().fileName(fileName).keysPerPage(KEYS_PER_PAGE).open());
  }

  /** Over a store the caller opened (tests: one without the background writer). */
  static DurableH2Backend over(MVStore store) {
    return new DurableH2Backend(store);
  }

  /**
   * Writes what is applied in memory to the file and forces it to the disk; returns whether it had
   * to. The fsync runs as a file-store operation: that waits for chunks the background writer may
   * have collected but not yet written, so nothing applied before this call is left out.
   *
   * <p>Every store of changes, ours or the background writer's, makes a new store version. When the
   * version after the commit is still the one the last fsync covered, the commit found nothing to
   * write and nothing was written since that fsync: the disk already holds every applied write, and
   * the fsync is skipped. That is a write that matched or changed nothing (a heartbeat's {@code
   * deleteMany} of stale instances, an expired-lease update with no expired lease), each of which
   * cost an fsync before.
   */
  private boolean commitAndSync() {
    store.commit();
    long version = store.getCurrentVersion();
    if (version == syncedVersion) {
      return false;
    }
    store.executeFilestoreOperation(store::sync);
    syncedVersion = version;
    return true;
  }

  @Override
  public Document handleCommand(
      Channel channel, String databaseName, String command, Document query) {
    boolean writes = mayWrite(command, query) && Journal.awaited(query);
    try {
      return super.handleCommand(channel, databaseName, command, query);
    } finally {
      // Also after a failed command: part of a batch may have been applied and reported.
      if (writes) {
        commits.awaitDurable();
      }
    }
  }

  /** Whether {@code command} can change stored data (unknown commands are taken to). */
  static boolean mayWrite(String command, Document query) {
    String name = command.toLowerCase(Locale.ROOT);
    if (name.equals("aggregate")) {
      return writesOutput(query.get("pipeline"));
    }
    return !READ_ONLY.contains(name);
  }

  /** Whether an aggregation pipeline ends in {@code $out} or {@code $merge}. */
  private static boolean writesOutput(Object pipeline) {
    if (!(pipeline instanceof List<?> stages)) {
      return false;
    }
    for (Object stage : stages) {
      if (stage instanceof Document doc && (doc.containsKey("$out") || doc.containsKey("$merge"))) {
        return true;
      }
    }
    return false;
  }

  long syncs() {
    return commits.syncs();
  }
}
