package dev.taskmill.module;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** One detection pass: when it ran and what it decided for how many modules. */
public final class DetectionRun {

  private final String id;
  private final Instant startedAt;
  private volatile Instant finishedAt;
  private volatile String error;
  private final Map<DetectionDecision, AtomicInteger> counts = new ConcurrentHashMap<>();

  DetectionRun(String id, Instant startedAt) {
    this.id = id;
    this.startedAt = startedAt;
  }

  /** A pass as another instance recorded it. */
  static DetectionRun restore(
      String id,
      Instant startedAt,
      Instant finishedAt,
      Map<DetectionDecision, Integer> counts,
      String error) {
    DetectionRun run = new DetectionRun(id, startedAt);
    counts.forEach((decision, count) -> run.counts.put(decision, new AtomicInteger(count)));
    run.error = error;
    run.finishedAt = finishedAt;
    return run;
  }

  public String id() {
    return id;
  }

  public Instant startedAt() {
    return startedAt;
  }

  /** When every module it started was set up; null while running. */
  public Instant finishedAt() {
    return finishedAt;
  }

  public boolean running() {
    return finishedAt == null;
  }

  /** Why the pass itself failed (a module's failure is on the module), or null. */
  public String error() {
    return error;
  }

  /** How many modules got each decision. */
  public Map<DetectionDecision, Integer> counts() {
    Map<DetectionDecision, Integer> copy = new java.util.EnumMap<>(DetectionDecision.class);
    counts.forEach((decision, count) -> copy.put(decision, count.get()));
    return copy;
  }

  /**
   * The pass as plain values (id, state, startedAt, finishedAt, counts by decision name, error;
   * absent ones left out): the body of its {@code detection} event and of its stored record.
   */
  public Map<String, Object> summary() {
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    out.put("id", id);
    out.put("state", running() ? "RUNNING" : "FINISHED");
    out.put("startedAt", startedAt);
    if (finishedAt != null) {
      out.put("finishedAt", finishedAt);
    }
    Map<String, Object> byName = new java.util.LinkedHashMap<>();
    counts().forEach((decision, count) -> byName.put(decision.name(), count));
    out.put("counts", byName);
    if (error != null) {
      out.put("error", error);
    }
    return out;
  }

  void count(DetectionDecision decision) {
    counts.computeIfAbsent(decision, d -> new AtomicInteger()).incrementAndGet();
  }

  void finish(Instant at, String error) {
    this.error = error;
    this.finishedAt = at;
  }
}
