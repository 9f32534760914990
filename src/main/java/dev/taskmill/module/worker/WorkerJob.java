package dev.taskmill.module.worker;

import dev.taskmill.module.ProtocolLine;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * The job a worker runs now: its id (the tag on its messages), where its progress and log messages
 * go (with the raw line, on the worker's reader thread), and how it ended.
 */
record WorkerJob(String id, BiConsumer<ProtocolLine, String> lines, CompletableFuture<JobEnd> end) {

  WorkerJob(String id, BiConsumer<ProtocolLine, String> lines) {
    this(id, lines, new CompletableFuture<>());
  }
}
