package dev.taskmill.module;

import io.quarkus.mongodb.panache.PanacheMongoEntityBase;
import io.quarkus.mongodb.panache.common.MongoEntity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bson.codecs.pojo.annotations.BsonId;

/** A module found in the modules folder, with its manifest, state and setup/test record. */
@MongoEntity(collection = "modules")
public class Module extends PanacheMongoEntityBase {

  /** The folder name, which is also the name the module declares; the document id. */
  @BsonId public String name;

  public String version;
  public String description;
  public List<Port> inputs = new ArrayList<>();
  public List<Port> outputs = new ArrayList<>();

  /** The params JSON Schema as JSON text ({@code $}-keys are not portable as BSON field names). */
  public String paramsSchema;

  public List<String> requirements = new ArrayList<>();

  /**
   * Labels an instance or remote worker must offer to run the module's tasks (the SDK's {@code
   * labels}, e.g. {@code edge}); {@code gpu} comes from the resources.
   */
  public List<String> labels = new ArrayList<>();

  public Resources resources;
  public Integer timeoutSeconds;

  /** The protocol version the manifest declares; null before protocol 2 was recorded. */
  public Integer protocol;

  /** How the service runs the module's tasks: warm workers or a process per task. */
  public Workers workers;

  /**
   * The most of its tasks that may run at once across all instances, as the module declares it
   * ({@code max_concurrent}); null: no limit of its own. {@code taskmill.modules.max-concurrent}
   * may set a lower one.
   */
  public Integer maxConcurrent;

  public ModuleStatus status;

  /** Why the module is FAILED, DISABLED or MISSING, in words a person understands. */
  public String reason;

  /**
   * False when the module declares itself non-deterministic ({@code reusable = False}): its tasks
   * never take an earlier result. Null (set up before this existed, or not declared): reusable.
   */
  public Boolean reusable;

  /** Whether a task of it may take an earlier identical task's result instead of running. */
  public boolean isReusable() {
    return !Boolean.FALSE.equals(reusable);
  }

  /**
   * SHA-256 of the uploaded zip the module was unpacked from ({@code POST /api/v1/modules}); null
   * for a module in the modules folder.
   */
  public String bundle;

  /** SHA-256 over the module folder's files when it was last set up. */
  public String checksum;

  /** Key of the virtual environment: module checksum, SDK checksum, interpreter and salt. */
  public String envKey;

  /**
   * Set by a reinstall to a fresh random value, so the module gets a new environment while the old
   * one stays for tasks still running in it until the cache sweep removes it; null before.
   */
  public String envSalt;

  /** Id of the setup run that owns INSTALLING/TESTING; guards against stale runs. */
  public String setupId;

  public String setupLog;
  public String testLog;

  /** The self-test's result object as JSON text. */
  public String testReport;

  public Instant detectedAt;
  public Instant updatedAt;
  public Instant availableAt;

  /** One input or output port of a module. */
  public static class Port {
    public String name;

    /** The first of {@link #kinds}; kept for readers that know one kind per port. */
    public String kind;

    /**
     * Every kind an input port accepts, in declared order (outputs: just their kind). Null on ports
     * stored before ports had several kinds: then {@link #kind} alone.
     */
    public List<String> kinds;

    public boolean optional;
    public String mediaType;
    public String description;

    /** The kinds {@code port} accepts: its {@code kinds}, or its single {@code kind}. */
    public static List<String> kindsOf(Port port) {
      if (port.kinds != null && !port.kinds.isEmpty()) {
        return port.kinds;
      }
      return port.kind == null ? List.of() : List.of(port.kind);
    }
  }

  /**
   * The module's warm-worker settings (protocol 2, docs/module-protocol.md "Warm workers"): whether
   * one process may serve many tasks, after how many tasks it is recycled, and after how long idle
   * it is stopped (null: never, and the service's default).
   */
  public static class Workers {
    public boolean warm;
    public Integer maxTasks;
    public Integer idleSeconds;
  }

  /** Resources a module needs to run one task. */
  public static class Resources {
    public int cpu = 1;
    public int memoryMb = 256;
    public boolean gpu;

    /** GPU memory one task needs, in MB; 0: none declared (a GPU of any size, if {@link #gpu}). */
    public int gpuMemoryMb;

    /** Whether a task needs an instance with a GPU: declared, or GPU memory declared. */
    public boolean needsGpu() {
      return gpu || gpuMemoryMb > 0;
    }
  }
}
