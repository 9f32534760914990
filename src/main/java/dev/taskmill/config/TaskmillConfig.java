package dev.taskmill.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Every Taskmill setting, read from {@code application.properties} or {@code TASKMILL_*} env. */
@ConfigMapping(prefix = "taskmill")
public interface TaskmillConfig {

  /** The embedded MongoDB-wire server used when no MongoDB connection string is configured. */
  EmbeddedMongoConfig embeddedMongo();

  /** Module detection, setup and self-test. */
  ModulesConfig modules();

  /** Where file content of data items is stored. */
  FileStoreConfig fileStore();

  /** Which file store is used: the local folder or an S3-compatible bucket. */
  StoreConfig store();

  /** Task promotion, dispatch and execution. */
  TasksConfig tasks();

  /** Data items: inline content and listing. */
  DataConfig data();

  /** The live event stream. */
  EventStreamConfig events();

  /**
   * An admin API key accepted from the first start on (env {@code TASKMILL_BOOTSTRAP_ADMIN_KEY}).
   * Unset, and no key exists yet, the first start generates one and writes it to {@code
   * taskmill.auth.admin-key-file}.
   */
  Optional<String> bootstrapAdminKey();

  /** API keys. */
  AuthConfig auth();

  /**
   * What this instance does: {@code all} (default: one box serves the API and runs tasks), {@code
   * api} (serves the API, runs nothing: no module setup, no task claims) or {@code worker} (sets up
   * modules and runs tasks; serves no API besides health).
   */
  @WithDefault("all")
  InstanceRole role();

  /**
   * What this instance offers beyond CPU, e.g. {@code gpu}. A task whose module declares {@code
   * gpu=True} is claimed only by an instance that offers {@code gpu}.
   */
  Optional<List<String>> capabilities();

  /**
   * The GPUs this instance offers to tasks, as {@code index:memoryMb} pairs, e.g. {@code
   * 0:24576,1:8192}: the CUDA device index a module process sees as {@code CUDA_VISIBLE_DEVICES},
   * and the memory in MB tasks may reserve on it. Declaring GPUs offers {@code gpu}. A task whose
   * module declares {@code gpuMemoryMb} is claimed only while one of these has that much free
   * (declared minus what the tasks running here reserved). Unset: no GPU memory to offer.
   */
  Optional<List<String>> gpus();

  /**
   * On SIGTERM: how long running tasks may go on finishing; the rest are handed back to the queue
   * (without counting the attempt). Kubernetes' terminationGracePeriodSeconds must be longer.
   */
  @WithDefault("30s")
  Duration shutdownGrace();

  /** The instance registry and its heartbeats. */
  InstancesConfig instances();

  /** How module processes are contained and read (docs/security/process.md). */
  ProcessesConfig processes();

  /** Warm module workers. */
  WorkersConfig workers();

  /** Webhooks: calls to users' URLs when their tasks, pipelines or modules finish. */
  WebhooksConfig webhooks();

  /** {@code Idempotency-Key} requests: how long a key is remembered. */
  IdempotencyConfig idempotency();

  /** Retention: deleting expired tasks, pipelines and data items. */
  RetentionConfig retention();

  /** The dashboard's history of throughput and queue depth. */
  DashboardConfig dashboard();
}
