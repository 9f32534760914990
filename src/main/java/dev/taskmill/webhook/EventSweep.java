package dev.taskmill.webhook;

import com.mongodb.client.model.Filters;
import dev.taskmill.config.TaskmillConfig;
import dev.taskmill.module.Module;
import dev.taskmill.module.ModuleStatus;
import dev.taskmill.pipeline.Pipeline;
import dev.taskmill.pipeline.PipelineStatus;
import dev.taskmill.task.TaskRepository;
import dev.taskmill.task.model.Task;
import dev.taskmill.task.model.TaskStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Finds what ended and stores a delivery for each webhook that hears it. The task's own terminal
 * write is the durable fact: this reads tasks (on the status and finishedAt index), pipelines and
 * modules that ended since the stored {@link SweepCursor} (less a look-back), so nothing on the run
 * path writes more for webhooks, and an instance killed between a task's end and its delivery loses
 * nothing: the next sweep, here or elsewhere, finds the task. Each event is stored once per webhook
 * by its key. With no webhook at all, a sweep is one read of the webhooks.
 */
@ApplicationScoped
public class EventSweep {

  private static final Logger LOG = Logger.getLogger(EventSweep.class);
  private static final int REMEMBERED = 50_000;

  private final Webhooks webhooks;
  private final Deliveries deliveries;
  private final EventBodies bodies;
  private final SweepCursor cursor;
  private final TaskRepository tasks;
  private final Clock clock;
  private final Duration lookback;

  /**
   * Delivery keys stored (or found stored) lately, and the ends of tasks handled: the look-back
   * reads them again every sweep. Only a saving: the unique key decides.
   */
  private final Set<String> stored =
      Collections.newSetFromMap(
          new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
              return size() > REMEMBERED;
            }
          });

  /** Whether the last sweep found an active webhook: without one there is nothing to send. */
  private volatile boolean anyActive;

  EventSweep(
      Webhooks webhooks,
      Deliveries deliveries,
      EventBodies bodies,
      SweepCursor cursor,
      TaskRepository tasks,
      TaskmillConfig config,
      Clock clock) {
    this.webhooks = webhooks;
    this.deliveries = deliveries;
    this.bodies = bodies;
    this.cursor = cursor;
    this.tasks = tasks;
    this.clock = clock;
    this.lookback = config.webhooks().sweepLookback();
  }

  /** One sweep; returns how many deliveries it stored. */
  public synchronized int sweep() {
    List<Webhook> active = webhooks.activeOf(null);
    anyActive = !active.isEmpty();
    if (active.isEmpty()) {
      return 0;
    }
    Instant now = clock.instant();
    Instant earliest = active.stream().map(w -> w.createdAt).min(Instant::compareTo).orElse(now);
    Instant since = cursor.read().filter(c -> c.isAfter(earliest)).orElse(earliest);
    // Never from later than now: a cursor another instance's faster clock (or this one's before
    // it was set back) moved ahead would otherwise hide what ends here meanwhile.
    Instant from = (since.isAfter(now) ? now : since).minus(lookback);
    Map<String, List<Webhook>> byOwner = new HashMap<>();
    active.forEach(w -> byOwner.computeIfAbsent(w.owner, o -> new ArrayList<>()).add(w));
    int count = sweepTasks(from, byOwner);
    if (active.stream()
        .anyMatch(
            w -> w.hears(WebhookEvent.MODULE_AVAILABLE) || w.hears(WebhookEvent.MODULE_FAILED))) {
      count += sweepModules(from, active);
    }
    cursor.advance(now);
    return count;
  }

  /** Whether the last sweep found an active webhook. */
  public boolean anyActive() {
    return anyActive;
  }

  /** Forgets what it stored lately, as a restarted instance has (tests). */
  void forget() {
    stored.clear();
  }

  private int sweepTasks(Instant from, Map<String, List<Webhook>> byOwner) {
    int count = 0;
    List<String> handled = new ArrayList<>();
    Set<String> pipelines = new LinkedHashSet<>();
    for (TaskStatus status :
        List.of(TaskStatus.SUCCEEDED, TaskStatus.FAILED, TaskStatus.CANCELLED)) {
      WebhookEvent event = taskEvent(status);
      for (Task task : tasks.endedSince(status, from, byOwner.keySet())) {
        // The look-back reads a task again for a while: handled once per end, here.
        String end = "task|" + task.id + "|" + task.finishedAt.toEpochMilli();
        if (stored.contains(end)) {
          continue;
        }
        handled.add(end);
        if (task.pipelineId != null) {
          pipelines.add(task.pipelineId);
        }
        count +=
            store(
                byOwner.getOrDefault(task.owner, List.of()),
                event,
                task.id,
                task.finishedAt,
                id -> bodies.task(event, id, task));
      }
    }
    for (String pipelineId : pipelines) {
      count += sweepPipeline(pipelineId, byOwner);
    }
    // Only now: a sweep cut off by an error reads these tasks again.
    stored.addAll(handled);
    return count;
  }

  /** A pipeline's event once its last task ended: its status as the API shows it decides. */
  private int sweepPipeline(String pipelineId, Map<String, List<Webhook>> byOwner) {
    Pipeline pipeline = Pipeline.findById(pipelineId);
    if (pipeline == null) {
      return 0;
    }
    List<String> ids = pipeline.steps.stream().map(s -> s.taskId).toList();
    Map<String, Task> byId = new HashMap<>();
    tasks.findAll(ids).forEach(t -> byId.put(t.id, t));
    List<Task> steps = ids.stream().map(byId::get).toList();
    WebhookEvent event =
        switch (PipelineStatus.of(steps.stream().map(t -> t == null ? null : t.status).toList())) {
          case SUCCEEDED -> WebhookEvent.PIPELINE_SUCCEEDED;
          case FAILED -> WebhookEvent.PIPELINE_FAILED;
          case ACTIVE, CANCELLED -> null; // not ended; or cancelled by its owner, no event for it
        };
    if (event == null) {
      return 0;
    }
    Instant ended =
        steps.stream()
            .map(t -> t.finishedAt)
            .filter(Objects::nonNull)
            .max(Instant::compareTo)
            .orElse(null);
    if (ended == null) {
      return 0;
    }
    return store(
        byOwner.getOrDefault(pipeline.owner, List.of()),
        event,
        pipeline.id,
        ended,
        id -> bodies.pipeline(event, id, ended, pipeline, byId));
  }

  private int sweepModules(Instant from, List<Webhook> active) {
    int count = 0;
    List<Module> changed =
        Module.<Module>mongoCollection()
            .find(
                Filters.or(
                    Filters.and(
                        Filters.eq("status", ModuleStatus.AVAILABLE.name()),
                        Filters.gte("availableAt", from)),
                    Filters.and(
                        Filters.eq("status", ModuleStatus.FAILED.name()),
                        Filters.gte("updatedAt", from))))
            .into(new ArrayList<>());
    for (Module module : changed) {
      boolean available = module.status == ModuleStatus.AVAILABLE;
      WebhookEvent event = available ? WebhookEvent.MODULE_AVAILABLE : WebhookEvent.MODULE_FAILED;
      Instant time = available ? module.availableAt : module.updatedAt;
      count +=
          store(active, event, module.name, time, id -> bodies.module(event, id, time, module));
    }
    return count;
  }

  /**
   * Stores a delivery of the event for every webhook in {@code candidates} that hears it and
   * existed when it happened.
   */
  private int store(
      List<Webhook> candidates,
      WebhookEvent event,
      String subject,
      Instant time,
      Function<String, String> body) {
    int count = 0;
    for (Webhook webhook : candidates) {
      if (!webhook.hears(event) || time.isBefore(webhook.createdAt)) {
        continue;
      }
      String key = webhook.id + "|" + event.wire() + "|" + subject + "|" + time.toEpochMilli();
      if (stored.contains(key)) {
        continue;
      }
      String id = UUID.randomUUID().toString();
      if (deliveries.store(webhook, event, subject, key, id, body.apply(id))) {
        count++;
        LOG.debugf(
            "webhook %s: %s of %s stored as delivery %s", webhook.id, event.wire(), subject, id);
      }
      stored.add(key);
    }
    return count;
  }

  private static WebhookEvent taskEvent(TaskStatus status) {
    return switch (status) {
      case SUCCEEDED -> WebhookEvent.TASK_SUCCEEDED;
      case FAILED -> WebhookEvent.TASK_FAILED;
      case CANCELLED -> WebhookEvent.TASK_CANCELLED;
      default -> throw new IllegalArgumentException(status + " is not an end");
    };
  }
}
