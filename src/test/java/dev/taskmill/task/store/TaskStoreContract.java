package dev.taskmill.task.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.model.Updates;
import dev.taskmill.paging.Paging;
import dev.taskmill.task.model.Task;
import dev.taskmill.task.model.TaskStatus;
import dev.taskmill.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What every {@link TaskStore} must do (in the manner of JobRunr's {@code StorageProviderTest}):
 * each implementation's test extends this and hands it an empty store on a clock the test moves.
 */
public abstract class TaskStoreContract {

  private static final Duration LEASE = Duration.ofSeconds(30);

  protected SettableClock clock;
  protected Instant now;
  protected TaskStore store;

  /** An empty store that reads the time from {@code clock}. */
  protected abstract TaskStore emptyStore(SettableClock clock);

  @BeforeEach
  void emptyStoreOnAFrozenClock() {
    clock = new SettableClock();
    now = clock.freeze();
    store = emptyStore(clock);
  }

  private Task task(TaskStatus status) {
    Task task = new Task();
    task.id = new ObjectId().toHexString();
    task.module = "tm-echo";
    task.label = "task " + task.id;
    task.status = status;
    task.owner = "alice";
    task.maxAttempts = 3;
    task.createdAt = now;
    task.queuedAt = status == TaskStatus.QUEUED ? now : null;
    return task;
  }

  private Task expiring(TaskStatus status, Instant expiresAt) {
    Task task = task(status);
    task.expiresAt = expiresAt;
    store.insert(task);
    return task;
  }

  private Task queued(int priority, Instant queuedAt) {
    return queued(priority, queuedAt, "alice");
  }

  private Task queued(int priority, Instant queuedAt, String owner) {
    Task task = task(TaskStatus.QUEUED);
    task.owner = owner;
    task.priority = priority;
    task.queuedAt = queuedAt;
    store.insert(task);
    return task;
  }

  private Task running(String token, Instant expiresAt) {
    Task task = task(TaskStatus.RUNNING);
    task.attempt = 1;
    task.queuedAt = now.minusSeconds(3);
    task.startedAt = now;
    task.lease = new Task.Lease();
    task.lease.owner = "instance-1";
    task.lease.token = token;
    task.lease.expiresAt = expiresAt;
    // As it was given when it was queued (a task inserted RUNNING gets none from the store).
    task.fairKey = 0L;
    store.insert(task);
    return task;
  }

  private Optional<String> claim(List<String> capabilities, List<String> notHere) {
    return store.claimNext("instance-1", LEASE, capabilities, notHere).map(t -> t.id);
  }

  private Optional<String> claim() {
    return claim(List.of(), List.of());
  }

  private Task stored(Task task) {
    return store.find(task.id).orElseThrow();
  }

  @Test
  void claimsTheHighestPriorityFirstThenTheLongestQueued() {
    // Three users with one task each: their turns are equal, so the queue time decides.
    Task low = queued(0, now.minusSeconds(30), "carol");
    Task highLater = queued(5, now.minusSeconds(10), "bob");
    Task highEarlier = queued(5, now.minusSeconds(20), "alice");
    assertThat(claim()).contains(highEarlier.id);
    assertThat(claim()).contains(highLater.id);
    assertThat(claim()).contains(low.id);
    assertThat(claim()).isEmpty();
  }

  @Test
  void usersTakeTurnsAtEqualPriority() {
    List<String> alices = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      alices.add(queued(0, now.minusSeconds(60 - i), "alice").id);
    }
    assertThat(claim()).contains(alices.get(0));
    // Bob queues later than all of Alice's tasks, and still runs next: it is his turn.
    Task bobs = queued(0, now, "bob");
    Task bobsSecond = queued(0, now, "bob");
    assertThat(claim()).contains(bobs.id);
    assertThat(claim()).contains(alices.get(1));
    assertThat(claim()).contains(bobsSecond.id);
    assertThat(claim()).contains(alices.get(2));
    // A higher priority still comes first, whoever's turn it is.
    Task urgent = queued(1, now, "alice");
    assertThat(claim()).contains(urgent.id);
    assertThat(claim()).contains(alices.get(3));
  }

  @Test
  void aNewUsersTaskWaitsBehindOneTurnNotBehindTheWholeQueue() {
    List<String> alices = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      alices.add(queued(0, now, "alice").id);
    }
    Task bobs = queued(0, now.plusSeconds(1), "bob");
    // Nothing claimed yet: Bob's turn comes right after Alice's first.
    assertThat(claim()).contains(alices.get(0));
    assertThat(claim()).contains(bobs.id);
    assertThat(store.planned(null, 3))
        .extracting(t -> t.id)
        .containsExactly(alices.get(1), alices.get(2), alices.get(3));
  }

  @Test
  void aUserWhoseTaskWasJustClaimedQueuesBehindTheOthers() {
    Task first = queued(0, now.minusSeconds(2), "alice");
    assertThat(claim()).contains(first.id);
    // Alice's turn was taken by the claim: her next task comes after Bob's, queued later.
    Task alicesNext = queued(0, now.minusSeconds(1), "alice");
    Task bobs = queued(0, now, "bob");
    assertThat(claim()).contains(bobs.id);
    assertThat(claim()).contains(alicesNext.id);
  }

  @Test
  void theClaimSkipsTheUsersAtTheirCap() {
    Task alices = queued(5, now.minusSeconds(10), "alice");
    Task bobs = queued(0, now, "bob");
    assertThat(
            store
                .claimNext(
                    "instance-1", LEASE, List.of(), List.of(), Integer.MAX_VALUE, List.of("alice"))
                .map(t -> t.id))
        .contains(bobs.id);
    assertThat(
            store.claimNext(
                "instance-1", LEASE, List.of(), List.of(), Integer.MAX_VALUE, List.of("alice")))
        .isEmpty();
    assertThat(stored(alices).status).isEqualTo(TaskStatus.QUEUED);
    assertThat(claim()).contains(alices.id);
  }

  @Test
  void runningCountsArePerModuleAndPerOwner() {
    running("t1", now.plus(LEASE));
    Task other = task(TaskStatus.RUNNING);
    other.module = "tm-other";
    other.owner = "bob";
    other.lease = new Task.Lease();
    other.lease.token = "t2";
    other.lease.expiresAt = now.plus(LEASE);
    store.insert(other);
    queued(0, now);
    RunningCounts counts = store.runningCounts();
    assertThat(counts.byModule()).isEqualTo(Map.of("tm-echo", 1, "tm-other", 1));
    assertThat(counts.byOwner()).isEqualTo(Map.of("alice", 1, "bob", 1));
    store.transitionLeased(other.id, "t2", TaskStatus.SUCCEEDED).orElseThrow();
    assertThat(store.runningCounts().byOwner()).isEqualTo(Map.of("alice", 1));
  }

  @Test
  void aClaimedTaskRunsUnderANewLeaseAndIsNotClaimedTwice() {
    Task task = queued(0, now);
    Task claimed = store.claimNext("instance-7", LEASE, List.of()).orElseThrow();
    assertThat(claimed.id).isEqualTo(task.id);
    assertThat(claimed.status).isEqualTo(TaskStatus.RUNNING);
    assertThat(claimed.attempt).isEqualTo(1);
    assertThat(claimed.startedAt).isEqualTo(now);
    assertThat(claimed.lease.owner).isEqualTo("instance-7");
    assertThat(claimed.lease.token).isNotBlank();
    assertThat(claimed.lease.expiresAt).isEqualTo(now.plus(LEASE));
    assertThat(stored(task).lease.token).isEqualTo(claimed.lease.token);
    assertThat(claim()).isEmpty();
  }

  @Test
  @Tag("atomic-cas")
  void claimsRacingForTheSameTasksTakeEachOnce() throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      ids.add(queued(0, now.plusMillis(i)).id);
    }
    List<String> claimed = Collections.synchronizedList(new ArrayList<>());
    ExecutorService claimers = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int c = 0; c < 4; c++) {
        done.add(
            claimers.submit(
                () -> {
                  for (Optional<String> id = claim(); id.isPresent(); id = claim()) {
                    claimed.add(id.get());
                  }
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      claimers.shutdownNow();
    }
    assertThat(claimed).containsExactlyInAnyOrderElementsOf(ids);
  }

  @Test
  void aTaskIsNotClaimedBeforeItsNotBefore() {
    Task task = task(TaskStatus.QUEUED);
    task.notBefore = now.plusSeconds(10);
    store.insert(task);
    assertThat(claim()).isEmpty();
    clock.advance(Duration.ofSeconds(10));
    assertThat(claim()).contains(task.id);
  }

  @Test
  void aGpuTaskIsClaimedOnlyByAnInstanceOfferingAGpu() {
    Task gpu = task(TaskStatus.QUEUED);
    gpu.needs = List.of(TaskStore.GPU);
    gpu.priority = 10;
    store.insert(gpu);
    Task plain = queued(0, now);
    assertThat(claim()).contains(plain.id);
    assertThat(claim()).isEmpty();
    assertThat(claim(List.of(TaskStore.GPU), List.of())).contains(gpu.id);
  }

  @Test
  void aTaskDeclaringGpuMemoryIsClaimedOnlyWhileAGpuHasThatMuchFree() {
    Task big = task(TaskStatus.QUEUED);
    big.needs = List.of(TaskStore.GPU);
    big.gpuMemoryMb = 6144;
    big.priority = 10;
    store.insert(big);
    Task anyGpu = task(TaskStatus.QUEUED);
    anyGpu.needs = List.of(TaskStore.GPU); // made before GPU memory was declared: no amount
    store.insert(anyGpu);
    List<String> gpu = List.of(TaskStore.GPU);

    // 2048 MB free: the big one waits, the other GPU task is taken.
    assertThat(store.claimNext("instance-1", LEASE, gpu, List.of(), 2048).map(t -> t.id))
        .contains(anyGpu.id);
    assertThat(store.claimNext("instance-1", LEASE, gpu, List.of(), 6143)).isEmpty();
    assertThat(stored(big).status).isEqualTo(TaskStatus.QUEUED);
    assertThat(store.claimNext("instance-1", LEASE, gpu, List.of(), 6144).map(t -> t.id))
        .contains(big.id);
  }

  @Test
  void theTasksOfModulesNotHereStayForOtherInstances() {
    Task elsewhere = queued(10, now);
    Task other = task(TaskStatus.QUEUED);
    other.module = "tm-other";
    store.insert(other);
    assertThat(claim(List.of(), List.of("tm-echo"))).contains(other.id);
    assertThat(claim(List.of(), List.of("tm-echo"))).isEmpty();
    assertThat(stored(elsewhere).status).isEqualTo(TaskStatus.QUEUED);
    assertThat(claim()).contains(elsewhere.id);
  }

  @Test
  void aTransitionFromAnotherStatusChangesNothing() {
    Task task = task(TaskStatus.WAITING);
    store.insert(task);
    long version = stored(task).version;
    assertThat(
            store.transition(
                task.id,
                List.of(TaskStatus.QUEUED),
                TaskStatus.CANCELLED,
                Updates.set("label", "changed")))
        .isEmpty();
    assertThat(stored(task).status).isEqualTo(TaskStatus.WAITING);
    assertThat(stored(task).label).isEqualTo(task.label);
    assertThat(stored(task).version).isEqualTo(version);
    assertThatThrownBy(
            () -> store.transition(task.id, List.of(TaskStatus.WAITING), TaskStatus.SUCCEEDED))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aTransitionStampsTimesAndAVersion() {
    Task task = task(TaskStatus.WAITING);
    store.insert(task);
    long version = stored(task).version;
    clock.advance(Duration.ofSeconds(1));
    Task queued =
        store.transition(task.id, List.of(TaskStatus.WAITING), TaskStatus.QUEUED).orElseThrow();
    assertThat(queued.status).isEqualTo(TaskStatus.QUEUED);
    assertThat(queued.queuedAt).isEqualTo(now.plusSeconds(1));
    assertThat(queued.updatedAt).isEqualTo(now.plusSeconds(1));
    assertThat(queued.version).isGreaterThan(version);
    Task cancelled =
        store.transition(task.id, List.of(TaskStatus.QUEUED), TaskStatus.CANCELLED).orElseThrow();
    assertThat(cancelled.finishedAt).isEqualTo(now.plusSeconds(1));
    assertThat(cancelled.version).isGreaterThan(queued.version);
  }

  @Test
  void leasedWritesNeedTheLeaseToken() {
    Task task = running("token-1", now.plus(LEASE));
    long version = stored(task).version;
    assertThat(store.updateLeased(task.id, "token-2", Updates.set("log", "x"))).isFalse();
    assertThat(store.transitionLeased(task.id, "token-2", TaskStatus.SUCCEEDED)).isEmpty();
    assertThat(store.requeueLeased(task.id, "token-2")).isEmpty();
    assertThat(store.renewLease(task.id, "token-2", now.plusSeconds(300))).isFalse();
    Task unchanged = stored(task);
    assertThat(unchanged.status).isEqualTo(TaskStatus.RUNNING);
    assertThat(unchanged.log).isNull();
    assertThat(unchanged.lease.expiresAt).isEqualTo(now.plus(LEASE));
    assertThat(unchanged.version).isEqualTo(version);

    assertThat(store.updateLeased(task.id, "token-1", Updates.set("log", "x"))).isTrue();
    assertThat(stored(task).log).isEqualTo("x");
    Task done = store.transitionLeased(task.id, "token-1", TaskStatus.SUCCEEDED).orElseThrow();
    assertThat(done.status).isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(done.lease).isNull();
    assertThat(done.finishedAt).isEqualTo(now);
    assertThat(store.updateLeased(task.id, "token-1", Updates.set("log", "y"))).isFalse();
  }

  @Test
  void aRequeuedTaskKeepsItsPlaceInTheQueue() {
    Task waitingLonger = queued(0, now.minusSeconds(5));
    Task task = running("token-1", now.plus(LEASE));
    clock.advance(Duration.ofSeconds(1));
    Task requeued = store.requeueLeased(task.id, "token-1").orElseThrow();
    assertThat(requeued.status).isEqualTo(TaskStatus.QUEUED);
    assertThat(requeued.queuedAt).isEqualTo(now.minusSeconds(3));
    queued(0, now.minusSeconds(1));
    assertThat(claim()).contains(waitingLonger.id);
    assertThat(claim()).contains(task.id);
  }

  @Test
  void aRenewedLeaseExpiresLater() {
    Task task = running("token-1", now.plusSeconds(10));
    assertThat(store.renewLease(task.id, "token-1", now.plusSeconds(60))).isTrue();
    assertThat(stored(task).lease.expiresAt).isEqualTo(now.plusSeconds(60));
    clock.advance(Duration.ofSeconds(30));
    assertThat(store.findExpiredLeases()).isEmpty();
  }

  @Test
  void expiredLeasesAreTheRunningTasksWhoseLeaseRanOut() {
    Task soon = running("token-1", now.plusSeconds(10));
    Task later = running("token-2", now.plusSeconds(60));
    Task finished = running("token-3", now.plusSeconds(5));
    store.transitionLeased(finished.id, "token-3", TaskStatus.SUCCEEDED).orElseThrow();
    assertThat(store.findExpiredLeases()).isEmpty();
    clock.advance(Duration.ofSeconds(11));
    assertThat(store.findExpiredLeases()).extracting(t -> t.id).containsExactly(soon.id);
    clock.advance(Duration.ofSeconds(50));
    assertThat(store.findExpiredLeases())
        .extracting(t -> t.id)
        .containsExactlyInAnyOrder(soon.id, later.id);
  }

  @Test
  void dueTimersAreTheWaitingTasksWhoseDelayIsOver() {
    Task delayed = task(TaskStatus.WAITING);
    delayed.notBefore = now.plusSeconds(5);
    store.insert(delayed);
    store.insert(task(TaskStatus.WAITING));
    Task backoff = task(TaskStatus.QUEUED);
    backoff.notBefore = now.minusSeconds(1);
    store.insert(backoff);
    assertThat(store.findDueTimers()).isEmpty();
    clock.advance(Duration.ofSeconds(5));
    assertThat(store.findDueTimers()).extracting(t -> t.id).containsExactly(delayed.id);
    store.transition(delayed.id, List.of(TaskStatus.WAITING), TaskStatus.QUEUED).orElseThrow();
    assertThat(store.findDueTimers()).isEmpty();
  }

  @Test
  void nextNotBeforeIsTheEarliestOneStillAheadInTheStatus() {
    assertThat(store.nextNotBefore(TaskStatus.QUEUED)).isEmpty();
    Task due = task(TaskStatus.QUEUED);
    due.notBefore = now.minusSeconds(1);
    store.insert(due);
    Task delayed = task(TaskStatus.WAITING);
    delayed.notBefore = now.plusSeconds(2);
    store.insert(delayed);
    assertThat(store.nextNotBefore(TaskStatus.QUEUED)).isEmpty();
    assertThat(store.nextNotBefore(TaskStatus.WAITING)).contains(now.plusSeconds(2));
    Task later = task(TaskStatus.QUEUED);
    later.notBefore = now.plusSeconds(30);
    store.insert(later);
    Task sooner = task(TaskStatus.QUEUED);
    sooner.notBefore = now.plusSeconds(10);
    store.insert(sooner);
    assertThat(store.nextNotBefore(TaskStatus.QUEUED)).contains(now.plusSeconds(10));
    clock.advance(Duration.ofSeconds(10));
    assertThat(store.nextNotBefore(TaskStatus.QUEUED)).contains(now.plusSeconds(30));
    clock.advance(Duration.ofSeconds(30));
    assertThat(store.nextNotBefore(TaskStatus.QUEUED)).isEmpty();
  }

  @Test
  void theBacklogGroupsQueuedAndRunningTasksByModuleLabelSetAndOwner() {
    insert(needing(task(TaskStatus.QUEUED), now.minusSeconds(30), "gpu", "cuda"));
    // The same labels in another order: the same pool.
    insert(needing(task(TaskStatus.QUEUED), now.minusSeconds(10), "cuda", "gpu"));
    insert(needing(task(TaskStatus.RUNNING), null, "gpu", "cuda"));
    queued(0, now.minusSeconds(5));
    queued(0, now.minusSeconds(6));
    queued(0, now.minusSeconds(7), "bob");
    Task other = task(TaskStatus.RUNNING);
    other.module = "tm-other";
    store.insert(other);
    store.insert(task(TaskStatus.SUCCEEDED));
    store.insert(task(TaskStatus.WAITING));

    assertThat(store.backlog().groups())
        .containsExactlyInAnyOrder(
            new Backlog.Group("tm-echo", "cuda,gpu", "alice", 2, 1, now.minusSeconds(30)),
            new Backlog.Group("tm-echo", "", "alice", 2, 0, now.minusSeconds(6)),
            new Backlog.Group("tm-echo", "", "bob", 1, 0, now.minusSeconds(7)),
            new Backlog.Group("tm-other", "", "alice", 0, 1, null));
  }

  @Test
  void finishedAndWaitingTasksAreNoBacklog() {
    store.insert(task(TaskStatus.SUCCEEDED));
    store.insert(task(TaskStatus.WAITING));
    assertThat(store.backlog().groups()).isEmpty();
  }

  private static Task needing(Task task, Instant queuedAt, String... labels) {
    task.needs = List.of(labels);
    task.queuedAt = queuedAt;
    return task;
  }

  private void insert(Task task) {
    store.insert(task);
  }

  @Test
  void countsByStatusForEveryoneAndForOneOwner() {
    queued(0, now);
    queued(0, now);
    running("t", now.plus(LEASE));
    Task bobs = task(TaskStatus.FAILED);
    bobs.owner = "bob";
    store.insert(bobs);
    Map<TaskStatus, Long> all = store.countByStatus(null);
    assertThat(all).containsOnlyKeys(TaskStatus.values());
    assertThat(all)
        .containsEntry(TaskStatus.QUEUED, 2L)
        .containsEntry(TaskStatus.RUNNING, 1L)
        .containsEntry(TaskStatus.FAILED, 1L)
        .containsEntry(TaskStatus.WAITING, 0L);
    assertThat(store.countByStatus("alice"))
        .containsEntry(TaskStatus.QUEUED, 2L)
        .containsEntry(TaskStatus.FAILED, 0L);
    assertThat(store.countByStatus("bob"))
        .containsEntry(TaskStatus.FAILED, 1L)
        .containsEntry(TaskStatus.QUEUED, 0L);
    Task claimed = store.claimNext("i", LEASE, List.of()).orElseThrow();
    store.transitionLeased(claimed.id, claimed.lease.token, TaskStatus.SUCCEEDED).orElseThrow();
    assertThat(store.countByStatus(null))
        .containsEntry(TaskStatus.QUEUED, 1L)
        .containsEntry(TaskStatus.SUCCEEDED, 1L);
  }

  @Test
  void listsPageNewestFirstWithFilters() {
    List<String> alices = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      alices.add(0, queued(0, now).id);
    }
    Task bobs = task(TaskStatus.FAILED);
    bobs.owner = "bob";
    bobs.module = "tm-other";
    bobs.label = "Nightly Report";
    store.insert(bobs);

    Paging.Page<Task> first =
        store.list(new TaskFilter(null, null, null, "alice"), new Paging(0, 2));
    assertThat(first.total()).isEqualTo(5);
    assertThat(first.items()).extracting(t -> t.id).containsExactlyElementsOf(alices.subList(0, 2));
    Paging.Page<Task> last =
        store.list(new TaskFilter(null, null, null, "alice"), new Paging(2, 2));
    assertThat(last.items()).extracting(t -> t.id).containsExactly(alices.get(4));

    assertThat(store.list(new TaskFilter(null, null, null, null), new Paging(0, 50)).total())
        .isEqualTo(6);
    assertThat(
            store
                .list(new TaskFilter(TaskStatus.FAILED, null, null, null), new Paging(0, 50))
                .items())
        .extracting(t -> t.id)
        .containsExactly(bobs.id);
    assertThat(store.list(new TaskFilter(null, "tm-other", null, null), new Paging(0, 50)).total())
        .isOne();
    assertThat(store.list(new TaskFilter(null, null, "report", null), new Paging(0, 50)).total())
        .isOne();
    assertThat(
            store
                .list(new TaskFilter(TaskStatus.FAILED, null, null, "alice"), new Paging(0, 50))
                .total())
        .isZero();
  }

  @Test
  void idsOfAFilterAreNewestFirstAndBounded() {
    List<String> alices = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      alices.add(0, queued(0, now).id);
    }
    Task inPipeline = task(TaskStatus.FAILED);
    inPipeline.owner = "bob";
    inPipeline.pipelineId = "p1";
    store.insert(inPipeline);

    assertThat(store.ids(new TaskFilter(null, null, null, "alice"), 3))
        .containsExactlyElementsOf(alices.subList(0, 3));
    assertThat(store.ids(new TaskFilter(null, null, null, null, "p1"), 10))
        .containsExactly(inPipeline.id);
    assertThat(store.ids(new TaskFilter(null, null, null, "alice", "p1"), 10)).isEmpty();
    assertThat(store.list(new TaskFilter(null, null, null, null, "p1"), new Paging(0, 5)).total())
        .isOne();
  }

  @Test
  void listsSearchByIdAndCreationAndSortByAColumnWithTiesInIdOrder() {
    Instant hourAgo = Instant.now().minusSeconds(3600);
    Task old = task(TaskStatus.SUCCEEDED);
    old.id = new ObjectId(java.util.Date.from(hourAgo)).toHexString();
    old.module = "tm-b";
    store.insert(old);
    Task failed = task(TaskStatus.FAILED);
    failed.module = "tm-a";
    store.insert(failed);
    Task done = task(TaskStatus.SUCCEEDED);
    done.module = "tm-a";
    store.insert(done);
    TaskFilter all = new TaskFilter(null, null, null, null);

    assertThat(store.list(byId(done.id), TaskSort.NEWEST_FIRST, new Paging(0, 5)).items())
        .extracting(t -> t.id)
        .containsExactly(done.id);
    assertThat(store.ids(byId(old.id.substring(0, 8)), 10)).containsExactly(old.id);
    TaskFilter recent =
        new TaskFilter(null, null, null, null, null, null, hourAgo.plusSeconds(60), null);
    assertThat(store.ids(recent, 10)).containsExactly(done.id, failed.id);
    TaskFilter older =
        new TaskFilter(null, null, null, null, null, null, null, hourAgo.plusSeconds(60));
    assertThat(store.ids(older, 10)).containsExactly(old.id);

    assertThat(
            store.list(all, new TaskSort(TaskSort.Column.MODULE, true), new Paging(0, 5)).items())
        .extracting(t -> t.id)
        .containsExactly(failed.id, done.id, old.id);
    assertThat(
            store.list(all, new TaskSort(TaskSort.Column.STATUS, false), new Paging(0, 2)).items())
        .extracting(t -> t.id)
        .containsExactly(done.id, old.id);
    assertThat(
            store.list(all, new TaskSort(TaskSort.Column.CREATED, true), new Paging(1, 2)).items())
        .extracting(t -> t.id)
        .containsExactly(done.id);
  }

  private static TaskFilter byId(String prefix) {
    return new TaskFilter(null, null, null, null, null, prefix, null, null);
  }

  @Test
  void deleteFinishedDeletesOnlyTasksStillFinished() {
    Task done = task(TaskStatus.SUCCEEDED);
    store.insert(done);
    Task waiting = queued(0, now);
    assertThat(store.deleteFinished(List.of(done.id, waiting.id))).isOne();
    assertThat(store.find(done.id)).isEmpty();
    assertThat(store.find(waiting.id)).isPresent();
    assertThat(store.deleteFinished(List.of(done.id))).isZero();
  }

  @Test
  void endedSinceFindsTheTasksOfTheseOwnersThatEndedInTheStatusFromThatTimeOn() {
    Task early = queued(0, now);
    Task late = queued(0, now);
    Task bobs = task(TaskStatus.QUEUED);
    bobs.owner = "bob";
    store.insert(bobs);
    Task stillQueued = queued(0, now);
    store.transition(early.id, List.of(TaskStatus.QUEUED), TaskStatus.CANCELLED).orElseThrow();
    clock.advance(Duration.ofSeconds(10));
    Instant since = clock.instant();
    store.transition(late.id, List.of(TaskStatus.QUEUED), TaskStatus.CANCELLED).orElseThrow();
    store.transition(bobs.id, List.of(TaskStatus.QUEUED), TaskStatus.CANCELLED).orElseThrow();

    assertThat(store.endedSince(TaskStatus.CANCELLED, since, List.of("alice")))
        .extracting(t -> t.id)
        .containsExactly(late.id);
    assertThat(store.endedSince(TaskStatus.CANCELLED, now, List.of("alice", "bob")))
        .extracting(t -> t.id)
        .containsExactlyInAnyOrder(early.id, late.id, bobs.id)
        .doesNotContain(stillQueued.id);
    assertThat(store.endedSince(TaskStatus.FAILED, now, List.of("alice", "bob"))).isEmpty();
  }

  @Test
  void expiredFindsFinishedTasksPastTheirTimeAndDeleteExpiredSparesWhatChanged() {
    Task soon = expiring(TaskStatus.CANCELLED, now.plusSeconds(10));
    Task later = expiring(TaskStatus.CANCELLED, now.plusSeconds(20));
    Task never = expiring(TaskStatus.CANCELLED, null);
    Task unfinished = expiring(TaskStatus.QUEUED, now.plusSeconds(5));
    Task retried = expiring(TaskStatus.CANCELLED, now.plusSeconds(5));
    Instant at = now.plusSeconds(30);

    assertThat(store.expired(TaskStatus.CANCELLED, at, 10))
        .containsExactly(retried.id, soon.id, later.id);
    assertThat(store.expired(TaskStatus.CANCELLED, at, 1)).containsExactly(retried.id);
    assertThat(store.expired(TaskStatus.CANCELLED, now.plusSeconds(15), 10))
        .containsExactlyInAnyOrder(retried.id, soon.id);

    // Retried between the read and the delete: it stays.
    store.transition(retried.id, List.of(TaskStatus.CANCELLED), TaskStatus.WAITING).orElseThrow();
    assertThat(store.deleteExpired(List.of(soon.id, later.id, retried.id, unfinished.id), at))
        .isEqualTo(2);
    assertThat(store.find(soon.id)).isEmpty();
    assertThat(store.find(later.id)).isEmpty();
    assertThat(store.find(retried.id)).isPresent();
    assertThat(store.find(unfinished.id)).isPresent();
    assertThat(store.find(never.id)).isPresent();
    assertThat(store.deleteExpired(List.of(soon.id), at)).isZero();
  }

  @Test
  void succeededWithReuseKeyFindsTheOwnersSucceededTasksWithTheKeyLatestFinishedFirst() {
    Task older = withReuseKey(TaskStatus.SUCCEEDED, "k1", "alice", now);
    Task later = withReuseKey(TaskStatus.SUCCEEDED, "k1", "alice", now.plusSeconds(10));
    withReuseKey(TaskStatus.FAILED, "k1", "alice", now.plusSeconds(20));
    withReuseKey(TaskStatus.SUCCEEDED, "k1", "bob", now.plusSeconds(30));
    withReuseKey(TaskStatus.SUCCEEDED, "k2", "alice", now.plusSeconds(40));
    withReuseKey(TaskStatus.SUCCEEDED, null, "alice", now.plusSeconds(50));

    assertThat(store.succeededWithReuseKey("k1", "alice", 5))
        .extracting(t -> t.id)
        .containsExactly(later.id, older.id);
    assertThat(store.succeededWithReuseKey("k1", "alice", 1))
        .extracting(t -> t.id)
        .containsExactly(later.id);
    assertThat(store.succeededWithReuseKey("k3", "alice", 5)).isEmpty();
  }

  private Task withReuseKey(TaskStatus status, String key, String owner, Instant finishedAt) {
    Task task = task(status);
    task.owner = owner;
    task.reuse = true;
    task.reuseKey = key;
    task.finishedAt = finishedAt;
    store.insert(task);
    return task;
  }

  @Test
  void dashboardListsRunningPlannedAndFinished() {
    Task startedLater = running("t1", now.plus(LEASE));
    Task startedFirst = task(TaskStatus.RUNNING);
    startedFirst.startedAt = now.minusSeconds(5);
    startedFirst.lease = new Task.Lease();
    startedFirst.lease.token = "t2";
    startedFirst.lease.expiresAt = now.plus(LEASE);
    store.insert(startedFirst);
    assertThat(store.running(null, 10))
        .extracting(t -> t.id)
        .containsExactly(startedFirst.id, startedLater.id);
    assertThat(store.running("bob", 10)).isEmpty();

    Task low = queued(0, now.minusSeconds(9));
    Task high = queued(9, now);
    Task dueLater = task(TaskStatus.WAITING);
    dueLater.notBefore = now.plusSeconds(60);
    store.insert(dueLater);
    Task dueSooner = task(TaskStatus.WAITING);
    dueSooner.notBefore = now.plusSeconds(30);
    store.insert(dueSooner);
    store.insert(task(TaskStatus.WAITING));
    assertThat(store.planned(null, 10))
        .extracting(t -> t.id)
        .containsExactly(high.id, low.id, dueSooner.id, dueLater.id);
    assertThat(store.planned(null, 3))
        .extracting(t -> t.id)
        .containsExactly(high.id, low.id, dueSooner.id);

    store.transitionLeased(startedFirst.id, "t2", TaskStatus.FAILED).orElseThrow();
    clock.advance(Duration.ofSeconds(1));
    store.transitionLeased(startedLater.id, "t1", TaskStatus.SUCCEEDED).orElseThrow();
    clock.advance(Duration.ofSeconds(1));
    store.transition(low.id, List.of(TaskStatus.QUEUED), TaskStatus.CANCELLED).orElseThrow();
    List<TaskStatus> ended = List.of(TaskStatus.SUCCEEDED, TaskStatus.FAILED, TaskStatus.CANCELLED);
    assertThat(store.finished(ended, null, 10))
        .extracting(t -> t.id)
        .containsExactly(low.id, startedLater.id, startedFirst.id);
    assertThat(store.finished(ended, null, 2))
        .extracting(t -> t.id)
        .containsExactly(low.id, startedLater.id);
    assertThat(store.finished(List.of(TaskStatus.FAILED), "alice", 10))
        .extracting(t -> t.id)
        .containsExactly(startedFirst.id);
    assertThat(store.finished(ended, "bob", 10)).isEmpty();
  }

  @Test
  void enqueueQueuesAWaitingTaskInItsOwnersTurnAndNothingElse() {
    Task first = queued(0, now, "alice");
    Task waiting = task(TaskStatus.WAITING);
    waiting.owner = "alice";
    store.insert(waiting);

    Task queued = store.enqueue(waiting).orElseThrow();
    assertThat(queued.status).isEqualTo(TaskStatus.QUEUED);
    assertThat(queued.queuedAt).isNotNull();
    assertThat(queued.fairKey).as("behind the owner's queued task").isGreaterThan(first.fairKey);
    assertThat(store.enqueue(waiting)).as("no longer WAITING").isEmpty();
    assertThat(store.enqueue(first)).as("QUEUED, not WAITING").isEmpty();
  }

  @Test
  void theQueueIsReadInClaimOrder() {
    Task low = queued(0, now.minusSeconds(9));
    // Two users, each at their first turn: between them the longest queued goes first (one
    // user's tasks go in the order they entered the queue, whatever their queuedAt says).
    Task highLater = queued(9, now, "bob");
    Task highFirst = queued(9, now.minusSeconds(1), "carol");
    store.insert(task(TaskStatus.WAITING));

    assertThat(store.queue(10))
        .extracting(t -> t.id)
        .containsExactly(highFirst.id, highLater.id, low.id);
    assertThat(store.queue(2)).extracting(t -> t.id).containsExactly(highFirst.id, highLater.id);
    assertThat(store.queue(1).get(0).module).isEqualTo(highFirst.module);
    // What is claimed first is what the queue read first.
    assertThat(claim()).contains(highFirst.id);
    assertThat(store.queue(10)).extracting(t -> t.id).containsExactly(highLater.id, low.id);
  }

  @Test
  void tasksQueuedAtOneInstantAreReadInTheOrderTheyAreClaimed() {
    // A batch queues its tasks at one instant: ties on priority and queue time.
    List<String> batch = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      batch.add(queued(0, now).id);
    }
    assertThat(store.queue(10)).extracting(t -> t.id).containsExactlyElementsOf(batch);
    List<String> claimed = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      claimed.add(claim().orElseThrow());
    }
    assertThat(claimed).containsExactlyElementsOf(batch);
  }
}
