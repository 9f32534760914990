package dev.taskmill.task.model;

import io.quarkus.mongodb.panache.PanacheMongoEntityBase;
import io.quarkus.mongodb.panache.common.MongoEntity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.codecs.pojo.annotations.BsonId;

/** One run of one module on some input items, producing its output items. */
@MongoEntity(collection = "tasks")
public class Task extends PanacheMongoEntityBase {

  @BsonId public String id;

  public String module;
  public String moduleVersion;
  public String label;

  /** Input port → data item id. */
  public Map<String, String> inputs = new LinkedHashMap<>();

  /** Params as JSON text (keys starting with {@code $} are not portable BSON field names). */
  public String params;

  /** Output port → data item id, created PENDING with the task. */
  public Map<String, String> outputs = new LinkedHashMap<>();

  public TaskStatus status;
  public int priority;

  /** The attempt running or last run, from 1; 0 before the first. */
  public int attempt;

  public int maxAttempts;

  /**
   * Attempts the infrastructure lost (lease expired, file store unwritable) and that were run again
   * without counting against {@link #maxAttempts}; capped by {@code
   * taskmill.tasks.max-infrastructure-retries}.
   */
  public int infrastructureRetries;

  public int timeoutSeconds;

  /** Not to be queued or claimed before this time (a delay, or backoff between attempts). */
  public Instant notBefore;

  public Lease lease;
  public Progress progress;
  public Failure error;
  public List<Attempt> attempts = new ArrayList<>();

  /** The tail of the module's output of the latest attempt. */
  public String log;

  /** The upstream task whose failure failed this one, so its retry can resume this one. */
  public String failedBecause;

  /** The pipeline that created it, if any. */
  public String pipelineId;

  /** The name of the user who cancelled it; null unless a client cancelled it. */
  public String cancelledBy;

  /**
   * The id of the user who owns it ({@code dev.taskmill.auth.Users}); what access is checked on.
   */
  public String owner;

  /** The owner's user name, for people (names are never reused for another id). */
  public String ownerName;

  /** Capabilities an instance must offer to claim it (from the module's resources: {@code gpu}). */
  public List<String> needs = new ArrayList<>();

  /**
   * GPU memory in MB its module declares ({@code gpuMemoryMb}): only an instance with a GPU that
   * has this much free claims it. Null (tasks made before, or no GPU memory declared): no such
   * need.
   */
  public Integer gpuMemoryMb;

  /**
   * The outputs of the attempt that finished, committed under its lease token before any of them is
   * marked AVAILABLE: the one write that decides whose result counts. Cleared when the task
   * SUCCEEDS; recovery completes a committed publication whose instance died midway.
   */
  public List<Output> publication;

  /**
   * Asked for at creation: an earlier SUCCEEDED task of the same owner with the same {@link
   * #reuseKey} gives its result instead of a run, and this task's result may be reused in turn.
   */
  public boolean reuse;

  /**
   * What the result depends on (module, its version and checksum, params, input contents), as a
   * SHA-256; set on a reuse task with its committed result, so only results that count carry one.
   */
  public String reuseKey;

  /**
   * The earlier task whose result this one took instead of running its module; committed with the
   * copies (with {@link #publication}), so lease recovery knows it too.
   */
  public String reusedFrom;

  /** Goes up by one with every write of the task (0 as created). */
  public long version;

  /**
   * Its place among the QUEUED tasks of its priority, so that users take turns ({@code
   * dev.taskmill.task.store.FairKeys}); null on tasks queued before it existed, which then come
   * first.
   */
  public Long fairKey;

  public Instant createdAt;
  public Instant queuedAt;
  public Instant startedAt;
  public Instant finishedAt;
  public Instant updatedAt;

  /** When the retention sweep may delete it, once finished; null: kept until deleted. */
  public Instant expiresAt;

  /** Who runs the task, until when, and the token that proves it. */
  public static class Lease {
    public String owner;
    public String token;
    public Instant expiresAt;
  }

  /** What the module last reported. */
  public static class Progress {
    public double fraction;
    public String message;
  }

  /** Why the task failed. */
  public static class Failure {
    public String message;
    public Integer exitCode;
    public String logTail;
  }

  /** One output of a committed publication: a stored file, an inline value, or not produced. */
  public static class Output {
    public String port;
    public String itemId;
    public boolean isFile;
    public String storageKey;
    public Long size;
    public String sha256;
    public String mediaType;
    public String text;

    /** What the media probe read from the file's headers (files on media ports). */
    public dev.taskmill.media.MediaInfo media;

    /** Set for an optional output the module did not produce. */
    public String missing;
  }

  /** One attempt to run the task. */
  public static class Attempt {
    public int number;
    public Instant startedAt;
    public Instant finishedAt;

    /**
     * SUCCEEDED, FAILED, TIMED_OUT, CANCELLED, LOST (the infrastructure lost it: its lease expired,
     * or the file store could not be written), HANDED_BACK (its instance shut down) or REUSED (an
     * earlier identical task's result was taken instead of a run).
     */
    public String outcome;

    public Integer exitCode;

    /** What happened, in words (for LOST and HANDED_BACK: why). */
    public String message;

    /**
     * Whether it counted against {@code maxAttempts}; false for LOST and HANDED_BACK. Null on
     * records written before this field existed: see {@link #counts()}.
     */
    public Boolean counted;

    /** Whether it counted against {@code maxAttempts}, for old records too. */
    public boolean counts() {
      return counted != null ? counted : !"HANDED_BACK".equals(outcome);
    }
  }
}
