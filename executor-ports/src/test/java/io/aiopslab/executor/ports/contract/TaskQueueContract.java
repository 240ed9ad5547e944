package io.aiopslab.executor.ports.contract;

import static io.aiopslab.executor.ports.contract.ContractSamples.BACKEND;
import static io.aiopslab.executor.ports.contract.ContractSamples.LONG_LEASE;
import static io.aiopslab.executor.ports.contract.ContractSamples.PAST_SHORT_LEASE;
import static io.aiopslab.executor.ports.contract.ContractSamples.SHORT_LEASE;
import static io.aiopslab.executor.ports.contract.ContractSamples.SHORT_TIMEOUT_MINUTES;
import static io.aiopslab.executor.ports.contract.ContractSamples.TASK_ID_ORDER;
import static io.aiopslab.executor.ports.contract.ContractSamples.TICK;
import static io.aiopslab.executor.ports.contract.ContractSamples.assertSameTask;
import static io.aiopslab.executor.ports.contract.ContractSamples.idempotent;
import static io.aiopslab.executor.ports.contract.ContractSamples.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aiopslab.executor.domain.log.LogEntry;
import io.aiopslab.executor.domain.log.LogLevel;
import io.aiopslab.executor.domain.spi.QueueNotifications;
import io.aiopslab.executor.domain.spi.TaskQueue;
import io.aiopslab.executor.domain.task.ClaimRequest;
import io.aiopslab.executor.domain.task.Finish;
import io.aiopslab.executor.domain.task.IdempotencyConflict;
import io.aiopslab.executor.domain.task.IllegalTransition;
import io.aiopslab.executor.domain.task.LeaseRef;
import io.aiopslab.executor.domain.task.NewTask;
import io.aiopslab.executor.domain.task.Task;
import io.aiopslab.executor.domain.task.TaskId;
import io.aiopslab.executor.domain.task.TaskNotFound;
import io.aiopslab.executor.domain.task.TaskPage;
import io.aiopslab.executor.domain.task.TaskQuery;
import io.aiopslab.executor.domain.task.TaskSort;
import io.aiopslab.executor.domain.task.TaskStatistics;
import io.aiopslab.executor.domain.task.TaskStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The promises of {@link TaskQueue}, for any adapter. Timestamps are only compared with each other
 * (the store's clock may be a database's), ids are never assumed sequential, and waits are short.
 *
 * <p>Choices this suite fixes where the SPI javadoc leaves one: a hand-back to pending clears the
 * worker id and the lease and keeps the attempt; the list sorts nulls last in both directions and
 * breaks ties by id ascending (PostgreSQL's uuid order); a lease stays current until the task is
 * finished, cancelled, handed back or reaped, even past its expiry.
 */
public abstract class TaskQueueContract {

  /** How far a lease's expiry may be from claim time + lease, for a store that takes time. */
  private static final Duration LEASE_TOLERANCE = Duration.ofSeconds(1);

  private SpiFixture fixture;
  private TaskQueue queue;

  protected abstract SpiFixture newFixture() throws Exception;

  @BeforeEach
  void openFixture() throws Exception {
    fixture = newFixture();
    queue = fixture.queue();
  }

  @AfterEach
  void closeFixture() throws Exception {
    fixture.close();
  }

  // --- submit -------------------------------------------------------------------------------

  @Test
  void submitStoresPendingTasksInInputOrder() {
    var inputs = List.of(task("p-a"), task("p-b", 9), task("p-c"));

    List<Task> stored = queue.submit(inputs);

    assertEquals(inputs.stream().map(NewTask::id).toList(), stored.stream().map(Task::id).toList());
    for (int i = 0; i < inputs.size(); i++) {
      Task task = stored.get(i);
      assertEquals(TaskStatus.PENDING, task.status());
      assertEquals(inputs.get(i).problemId(), task.problemId());
      assertEquals(inputs.get(i).priority(), task.priority());
      assertEquals(0, task.attempt());
      assertEquals(3, task.maxAttempts());
      assertNull(task.workerId());
      assertTrue(task.currentLease().isEmpty());
      assertNull(task.startedAt());
      assertNull(task.completedAt());
      assertEquals(task.createdAt(), task.updatedAt());
      assertSameTask(task, queue.find(task.id()).orElseThrow());
    }
    assertEquals(9, ((Number) stored.get(1).parameters().get("priority")).intValue());
    assertEquals("gpt-4", agentModel(stored.get(0)));
  }

  @Test
  void submitIsAllOrNothing() {
    NewTask first = task("p-first");
    queue.submit(List.of(first));
    NewTask second = task("p-second");
    NewTask third = task("p-third");

    assertThrows(RuntimeException.class, () -> queue.submit(List.of(second, third, first)));

    assertTrue(queue.find(second.id()).isEmpty());
    assertTrue(queue.find(third.id()).isEmpty());
    assertEquals(1, queue.list(TaskQuery.firstPage()).total());
  }

  @Test
  void submitAndClaimStoresAllThenClaimsTheBestPendingTasksInClaimOrder() throws Exception {
    Task waiting = submit(task("p-waiting", 9));
    fixture.elapse(TICK);
    var inputs = List.of(task("p-new-a", 5), task("p-new-b", 3), task("p-new-c", 1));

    TaskQueue.SubmittedAndClaimed result =
        queue.submitAndClaim(inputs, new ClaimRequest(List.of("w-1", "w-2"), BACKEND, LONG_LEASE));

    // Stored as inserted (pending, input order); the claim is the ordinary one: the task waiting
    // with a higher priority goes first, then the best of the new ones.
    assertEquals(inputs.stream().map(NewTask::id).toList(), idsInOrder(result.stored()));
    result.stored().forEach(task -> assertEquals(TaskStatus.PENDING, task.status()));
    assertEquals(List.of(waiting.id(), inputs.get(0).id()), idsInOrder(result.claimed()));
    assertEquals(List.of("w-1", "w-2"), result.claimed().stream().map(Task::workerId).toList());
    for (Task claimed : result.claimed()) {
      assertEquals(TaskStatus.RUNNING, claimed.status());
      assertEquals(1, claimed.attempt());
      assertSameTask(claimed, queue.find(claimed.id()).orElseThrow());
    }
    assertEquals(TaskStatus.PENDING, status(inputs.get(1).id()));
    assertEquals(TaskStatus.PENDING, status(inputs.get(2).id()));
    assertEquals(
        List.of("Task created", "Task claimed by w-2 (attempt 1)"), messages(inputs.get(0).id()));
  }

  @Test
  void submitAndClaimStoresNothingWhenTheSubmitIsRejected() {
    NewTask first = task("p-first");
    queue.submit(List.of(first));
    NewTask second = task("p-second");

    assertThrows(
        RuntimeException.class,
        () ->
            queue.submitAndClaim(
                List.of(second, first), new ClaimRequest(List.of("w-1"), BACKEND, LONG_LEASE)));

    assertTrue(queue.find(second.id()).isEmpty());
    assertEquals(TaskStatus.PENDING, status(first.id()));
  }

  @Test
  void findOfUnknownTaskIsEmpty() {
    assertTrue(queue.find(TaskId.generate()).isEmpty());
  }

  // --- claim --------------------------------------------------------------------------------

  @Test
  void claimTakesHigherPriorityFirstThenOldest() throws Exception {
    Task low = submit(task("p-low", 1));
    fixture.elapse(TICK);
    Task highOld = submit(task("p-high-old", 9));
    fixture.elapse(TICK);
    Task highNew = submit(task("p-high-new", 9));
    fixture.elapse(TICK);
    Task middle = submit(task("p-middle", 5));

    List<Task> claimed = claim(LONG_LEASE, "w-1", "w-2", "w-3", "w-4");

    assertEquals(
        List.of(highOld.id(), highNew.id(), middle.id(), low.id()),
        claimed.stream().map(Task::id).toList());
    assertEquals(
        List.of("w-1", "w-2", "w-3", "w-4"), claimed.stream().map(Task::workerId).toList());
  }

  @Test
  void aBatchOfEqualPriorityIsClaimedInInputOrderWhateverItsIds() {
    // Ids that sort against the input order: a tie on created_at would fall back to them.
    List<NewTask> inputs =
        List.of(task("p-1"), task("p-2"), task("p-3"), task("p-4"), task("p-5")).stream()
            .sorted(
                Comparator.comparing(NewTask::id, Comparator.comparing(TaskId::value)).reversed())
            .toList();
    queue.submit(inputs);

    List<Task> claimed = claim(LONG_LEASE, "w-1", "w-2", "w-3", "w-4", "w-5");

    assertEquals(inputs.stream().map(NewTask::id).toList(), idsInOrder(claimed));
  }

  @Test
  void claimMarksTasksRunningWithALeaseAndIncrementsAttempt() {
    Task submitted = submit(task("p-claim"));

    Task claimed = claim(LONG_LEASE, "w-1").getFirst();

    assertEquals(submitted.id(), claimed.id());
    assertEquals(TaskStatus.RUNNING, claimed.status());
    assertEquals("w-1", claimed.workerId());
    assertEquals(1, claimed.attempt());
    assertNotNull(claimed.startedAt());
    assertFalse(claimed.startedAt().isBefore(submitted.createdAt()));
    assertTrue(claimed.lease().expiresAt().isAfter(claimed.startedAt()));
    Duration leaseLength = Duration.between(claimed.startedAt(), claimed.lease().expiresAt());
    assertTrue(
        leaseLength.minus(LONG_LEASE).abs().compareTo(LEASE_TOLERANCE) < 0,
        "the lease runs for the requested duration from the claim, was " + leaseLength);
    assertSameTask(claimed, queue.find(claimed.id()).orElseThrow());
    List<Task> running = queue.runningOf("w-1");
    assertEquals(1, running.size());
    assertSameTask(claimed, running.getFirst());
  }

  @Test
  void claimTakesAtMostOneTaskPerWorkerAndNothingWhenEmpty() {
    assertEquals(List.of(), claim(LONG_LEASE, "w-1"));
    queue.submit(List.of(task("p-1"), task("p-2"), task("p-3")));

    assertEquals(2, claim(LONG_LEASE, "w-1", "w-2").size());
    assertEquals(1, claim(LONG_LEASE, "w-3", "w-4").size());
    assertEquals(List.of(), claim(LONG_LEASE, "w-5"));
  }

  @Test
  void aWorkerListedSeveralTimesInOneClaimTakesThatManyTasksInClaimOrder() throws Exception {
    // How a worker claims ahead (WORKER_PREFETCH): its id once per task it may take.
    Task first = submit(task("p-1"));
    fixture.elapse(TICK);
    Task second = submit(task("p-2"));
    fixture.elapse(TICK);
    Task third = submit(task("p-3"));

    List<Task> claimed = claim(LONG_LEASE, "w-1", "w-1", "w-2", "w-1");

    assertEquals(
        List.of(first.id(), second.id(), third.id()), claimed.stream().map(Task::id).toList());
    assertEquals(List.of("w-1", "w-1", "w-2"), claimed.stream().map(Task::workerId).toList());
    assertEquals(2, queue.runningOf("w-1").size());
  }

  @Test
  void claimHonoursBackendAffinity() {
    Task forKind = submit(task("p-kind", Map.of("backend_type", "kind")));
    Task forOther = submit(task("p-other", Map.of("backend_type", "other")));
    Task forAny = submit(task("p-any"));

    List<Task> byKind =
        queue.claim(new ClaimRequest(List.of("k-1", "k-2", "k-3"), "kind", LONG_LEASE));

    assertEquals(Set.of(forKind.id(), forAny.id()), ids(byKind));
    assertEquals(TaskStatus.PENDING, status(forOther.id()));
    List<Task> byOther = queue.claim(new ClaimRequest(List.of("o-1"), "other", LONG_LEASE));
    assertEquals(List.of(forOther.id()), byOther.stream().map(Task::id).toList());
  }

  @Test
  void claimSkipsTasksThatAreNotPending() {
    Task running = submit(task("p-running"));
    claim(LONG_LEASE, "w-1");
    Task cancelled = submit(task("p-cancelled"));
    queue.cancel(cancelled.id());

    assertEquals(List.of(), claim(LONG_LEASE, "w-2"));
    assertEquals("w-1", queue.find(running.id()).orElseThrow().workerId());
  }

  @Test
  void aTaskIsClaimedAtMostOnceUnderConcurrency() throws Exception {
    int tasks = 500;
    for (int batch = 0; batch < 5; batch++) {
      queue.submit(IntStream.range(0, tasks / 5).mapToObj(i -> task("p-many")).toList());
    }
    var claims = new ConcurrentHashMap<TaskId, AtomicInteger>();
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      var start = new CountDownLatch(1);
      var results = new ArrayList<Future<Integer>>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  int claimed = 0;
                  while (true) {
                    List<String> workers =
                        IntStream.range(0, 7).mapToObj(i -> "t" + thread + "-" + i).toList();
                    List<Task> batch = queue.claim(new ClaimRequest(workers, BACKEND, LONG_LEASE));
                    if (batch.isEmpty()) {
                      return claimed;
                    }
                    batch.forEach(
                        task ->
                            claims
                                .computeIfAbsent(task.id(), id -> new AtomicInteger())
                                .incrementAndGet());
                    claimed += batch.size();
                  }
                }));
      }
      start.countDown();
      int total = 0;
      for (Future<Integer> result : results) {
        total += result.get(2, TimeUnit.MINUTES);
      }
      assertEquals(tasks, total);
      assertEquals(tasks, claims.size());
      assertTrue(claims.values().stream().allMatch(count -> count.get() == 1));
      assertEquals(tasks, queue.statistics().count(TaskStatus.RUNNING));
    } finally {
      pool.shutdownNow();
    }
  }

  // --- leases and fencing -------------------------------------------------------------------

  @Test
  void aStaleLeaseCannotFinishRenewOrHandBack() {
    Task submitted = submit(task("p-fenced"));
    LeaseRef first = lease(claim(LONG_LEASE, "w-1").getFirst());
    assertEquals(1, queue.handBack(List.of(first), "node draining").size());
    Task second = claim(LONG_LEASE, "w-2").getFirst();

    assertEquals(List.of(), queue.finish(List.of(Finish.completed(first, Map.of("ok", true)))));
    assertEquals(Set.of(), queue.renew(List.of(first), LONG_LEASE));
    assertEquals(List.of(), queue.handBack(List.of(first), "stale"));

    Task now = queue.find(submitted.id()).orElseThrow();
    assertEquals(TaskStatus.RUNNING, now.status());
    assertEquals("w-2", now.workerId());
    assertEquals(2, now.attempt());
    assertEquals(second.lease(), now.lease());
    assertNotEquals(first.token(), second.lease().token());
    assertEquals(
        TaskStatus.COMPLETED,
        queue.finish(List.of(Finish.completed(lease(second), Map.of()))).getFirst().status());
  }

  @Test
  void renewExtendsOnlyCurrentLeasesAndReturnsThem() throws Exception {
    queue.submit(List.of(task("p-1"), task("p-2")));
    List<Task> claimed = claim(SHORT_LEASE, "w-1", "w-2");
    LeaseRef kept = lease(claimed.get(0));
    LeaseRef finished = lease(claimed.get(1));
    queue.finish(List.of(Finish.completed(finished, Map.of())));

    Set<LeaseRef> renewed = queue.renew(List.of(kept, finished), LONG_LEASE);

    assertEquals(Set.of(kept), renewed);
    Task renewedTask = queue.find(kept.taskId()).orElseThrow();
    assertTrue(renewedTask.lease().expiresAt().isAfter(claimed.get(0).lease().expiresAt()));
    assertEquals(kept.token(), renewedTask.lease().token());
    fixture.elapse(PAST_SHORT_LEASE);
    assertEquals(List.of(), queue.reapExpiredLeases(10));
    assertEquals(TaskStatus.RUNNING, status(kept.taskId()));
  }

  @Test
  void finishCompletesOnceKeepingResultAndWorker() {
    submit(task("p-done"));
    Task running = claim(LONG_LEASE, "w-1").getFirst();
    var finish = Finish.completed(lease(running), Map.of("success", true, "steps", 4));

    List<Task> changed = queue.finish(List.of(finish));

    Task done = changed.getFirst();
    assertEquals(TaskStatus.COMPLETED, done.status());
    assertEquals(Map.of("success", true, "steps", 4L), normalized(done.result()));
    assertEquals("w-1", done.workerId());
    assertTrue(done.currentLease().isEmpty());
    assertFalse(done.completedAt().isBefore(done.startedAt()));
    assertSameTask(done, queue.find(done.id()).orElseThrow());
    assertEquals(List.of(), queue.finish(List.of(finish)));
    assertEquals(List.of(), queue.runningOf("w-1"));
  }

  @Test
  void finishFailedKeepsResultAndErrorDetails() {
    submit(task("p-fail"));
    Task running = claim(LONG_LEASE, "w-1").getFirst();

    Task failed =
        queue
            .finish(List.of(Finish.failed(lease(running), Map.of("success", false), "boom")))
            .getFirst();

    assertEquals(TaskStatus.FAILED, failed.status());
    assertEquals("boom", failed.errorDetails());
    assertEquals(Map.of("success", false), failed.result());
    assertEquals(
        List.of("Task created", "Task claimed by w-1 (attempt 1)", "Task failed: boom"),
        messages(failed.id()));
  }

  @Test
  void finishAppliesOnlyTheCurrentLeasesOfABatch() {
    queue.submit(List.of(task("p-1"), task("p-2")));
    List<Task> claimed = claim(LONG_LEASE, "w-1", "w-2");
    queue.cancel(claimed.get(1).id());

    List<Task> changed =
        queue.finish(
            List.of(
                Finish.completed(lease(claimed.get(0)), Map.of()),
                Finish.completed(lease(claimed.get(1)), Map.of())));

    assertEquals(List.of(claimed.get(0).id()), changed.stream().map(Task::id).toList());
    assertEquals(TaskStatus.CANCELLED, status(claimed.get(1).id()));
  }

  @Test
  void finishAndClaimEndsCurrentAttemptsAndClaimsOtherTasksTogether() throws Exception {
    Task first = submit(task("p-first"));
    fixture.elapse(TICK);
    Task second = submit(task("p-second"));
    List<Task> running = claim(LONG_LEASE, "w-1", "w-2");
    Task waiting = submit(task("p-third"));
    queue.cancel(running.get(1).id()); // its lease is stale now

    TaskQueue.Cycle cycle =
        queue.finishAndClaim(
            List.of(
                Finish.completed(lease(running.get(0)), Map.of("success", true)),
                Finish.completed(lease(running.get(1)), Map.of())),
            new ClaimRequest(List.of("w-1", "w-2"), BACKEND, LONG_LEASE));

    assertEquals(1, cycle.ended().size());
    TaskQueue.Ended ended = cycle.ended().getFirst();
    Task done = queue.find(first.id()).orElseThrow();
    assertEquals(first.id(), ended.id());
    assertEquals(TaskStatus.COMPLETED, ended.status());
    assertEquals(done.completedAt(), ended.completedAt());
    assertSameTask(done, ended.applyTo(running.get(0), Map.of("success", true)));
    // The claim takes only what was pending: never a task the same call finished.
    assertEquals(List.of(waiting.id()), cycle.claimed().stream().map(Task::id).toList());
    Task claimed = cycle.claimed().getFirst();
    assertEquals(TaskStatus.RUNNING, claimed.status());
    assertEquals("w-1", claimed.workerId());
    assertEquals(1, claimed.attempt());
    assertSameTask(claimed, queue.find(waiting.id()).orElseThrow());
    assertEquals(TaskStatus.CANCELLED, status(second.id()));
    assertEquals(
        List.of("Task created", "Task claimed by w-1 (attempt 1)", "Task completed"),
        messages(first.id()));
    assertEquals(
        List.of("Task created", "Task claimed by w-1 (attempt 1)"), messages(waiting.id()));
  }

  @Test
  void finishAndClaimWithNothingToFinishOrNoSlotDoesTheOtherHalf() throws Exception {
    Task first = submit(task("p-first"));
    fixture.elapse(TICK);
    submit(task("p-second"));
    Task running = claim(LONG_LEASE, "w-1").getFirst();

    TaskQueue.Cycle onlyFinish =
        queue.finishAndClaim(
            List.of(Finish.failed(lease(running), null, "boom")),
            new ClaimRequest(List.of(), BACKEND, LONG_LEASE));
    TaskQueue.Cycle onlyClaim =
        queue.finishAndClaim(List.of(), new ClaimRequest(List.of("w-2"), BACKEND, LONG_LEASE));

    assertEquals(
        List.of(first.id()), onlyFinish.ended().stream().map(TaskQueue.Ended::id).toList());
    assertEquals("boom", onlyFinish.ended().getFirst().errorDetails());
    assertEquals(TaskStatus.FAILED, status(first.id()));
    assertEquals(List.of(), onlyFinish.claimed());
    assertEquals(List.of(), onlyClaim.ended());
    assertEquals("w-2", onlyClaim.claimed().getFirst().workerId());
  }

  // --- cancel -------------------------------------------------------------------------------

  @Test
  void cancelledPendingTaskIsNeverClaimed() {
    Task pending = submit(task("p-cancel"));

    Task cancelled = queue.cancel(pending.id());

    assertEquals(TaskStatus.CANCELLED, cancelled.status());
    assertNotNull(cancelled.completedAt());
    assertEquals(List.of(), claim(LONG_LEASE, "w-1"));
    assertEquals(TaskStatus.CANCELLED, status(pending.id()));
    assertEquals(List.of("Task created", "Task cancelled by user"), messages(pending.id()));
  }

  @Test
  void cancelledRunningTaskIsFencedOut() {
    submit(task("p-cancel-running"));
    Task running = claim(LONG_LEASE, "w-1").getFirst();

    Task cancelled = queue.cancel(running.id());

    assertEquals(TaskStatus.CANCELLED, cancelled.status());
    assertTrue(cancelled.currentLease().isEmpty());
    assertEquals(List.of(), queue.finish(List.of(Finish.completed(lease(running), Map.of()))));
    assertEquals(Set.of(), queue.renew(List.of(lease(running)), LONG_LEASE));
    assertEquals(List.of(), queue.handBack(List.of(lease(running)), "late"));
    assertEquals(TaskStatus.CANCELLED, status(running.id()));
  }

  @Test
  void cancelOfAFinalTaskIsAnIllegalTransitionNamingItsStatus() {
    submit(task("p-final"));
    Task running = claim(LONG_LEASE, "w-1").getFirst();
    queue.finish(List.of(Finish.completed(lease(running), Map.of())));

    var refused = assertThrows(IllegalTransition.class, () -> queue.cancel(running.id()));

    assertEquals(TaskStatus.COMPLETED, refused.from());
    assertEquals(TaskStatus.CANCELLED, refused.to());
    assertEquals(
        "Task " + running.id() + " cannot be cancelled from completed", refused.getMessage());
    assertEquals(TaskStatus.COMPLETED, status(running.id()));

    Task other = submit(task("p-twice"));
    queue.cancel(other.id());
    var twice = assertThrows(IllegalTransition.class, () -> queue.cancel(other.id()));
    assertEquals(TaskStatus.CANCELLED, twice.from());
  }

  @Test
  void cancelOfAnUnknownTaskIsTaskNotFound() {
    TaskId unknown = TaskId.generate();

    var refused = assertThrows(TaskNotFound.class, () -> queue.cancel(unknown));

    assertEquals("Task " + unknown + " not found", refused.getMessage());
  }

  // --- hand-back, reaper, timeouts ----------------------------------------------------------

  @Test
  void handBackReturnsTheTaskToPendingWhileAttemptsRemainThenFailsIt() {
    Task submitted = submit(task("p-lost", Map.of("max_attempts", 2)));
    Task first = claim(LONG_LEASE, "w-1").getFirst();

    Task pending = queue.handBack(List.of(lease(first)), "node draining").getFirst();

    assertEquals(TaskStatus.PENDING, pending.status());
    assertEquals(1, pending.attempt());
    assertNull(pending.workerId());
    assertTrue(pending.currentLease().isEmpty());
    Task second = claim(LONG_LEASE, "w-2").getFirst();
    assertEquals(2, second.attempt());

    Task failed = queue.handBack(List.of(lease(second)), "node draining").getFirst();

    assertEquals(TaskStatus.FAILED, failed.status());
    assertEquals("Worker lost after 2 attempts", failed.errorDetails());
    assertNotNull(failed.completedAt());
    assertTrue(failed.currentLease().isEmpty());
    assertEquals(
        List.of(
            "Task created",
            "Task claimed by w-1 (attempt 1)",
            "Task handed back: node draining",
            "Task claimed by w-2 (attempt 2)",
            "Task failed: Worker lost after 2 attempts"),
        messages(submitted.id()));
  }

  @Test
  void reaperHandsBackExpiredLeasesOnly() throws Exception {
    Task expiring = submit(task("p-expiring"));
    claim(SHORT_LEASE, "w-1");
    Task alive = submit(task("p-alive"));
    claim(LONG_LEASE, "w-2");
    fixture.elapse(PAST_SHORT_LEASE);

    List<Task> reaped = queue.reapExpiredLeases(10);

    assertEquals(List.of(expiring.id()), reaped.stream().map(Task::id).toList());
    assertEquals(TaskStatus.PENDING, reaped.getFirst().status());
    assertEquals(1, reaped.getFirst().attempt());
    assertTrue(messages(expiring.id()).getLast().startsWith("Task handed back: "));
    assertEquals(TaskStatus.RUNNING, status(alive.id()));
    assertEquals(List.of(), queue.reapExpiredLeases(10));
    assertEquals(2, claim(LONG_LEASE, "w-3").getFirst().attempt());
  }

  @Test
  void reaperFailsTasksWhoseAttemptsAreSpent() throws Exception {
    Task task = submit(task("p-last-attempt", Map.of("max_attempts", 1)));
    claim(SHORT_LEASE, "w-1");
    fixture.elapse(PAST_SHORT_LEASE);

    Task reaped = queue.reapExpiredLeases(10).getFirst();

    assertEquals(task.id(), reaped.id());
    assertEquals(TaskStatus.FAILED, reaped.status());
    assertEquals("Worker lost after 1 attempts", reaped.errorDetails());
  }

  @Test
  void reaperTakesAtMostLimitRows() throws Exception {
    queue.submit(List.of(task("p-1"), task("p-2"), task("p-3")));
    claim(SHORT_LEASE, "w-1", "w-2", "w-3");
    fixture.elapse(PAST_SHORT_LEASE);

    assertEquals(2, queue.reapExpiredLeases(2).size());
    assertEquals(1, queue.reapExpiredLeases(2).size());
    assertEquals(0, queue.reapExpiredLeases(2).size());
    assertEquals(3, queue.statistics().count(TaskStatus.PENDING));
  }

  @Test
  void timeOutOverdueEndsRunningTasksPastTheirDeadlineWhoseOwnerIsGone() throws Exception {
    Map<String, Object> shortTimeout = Map.of("timeout_minutes", SHORT_TIMEOUT_MINUTES);
    Task abandoned = submit(task("p-abandoned", shortTimeout));
    claim(SHORT_LEASE, "w-1");
    Task ownerAlive = submit(task("p-owner-alive", shortTimeout));
    claim(LONG_LEASE, "w-2");
    Task notDue = submit(task("p-not-due"));
    claim(SHORT_LEASE, "w-3");
    Task pending = submit(task("p-pending", shortTimeout));
    fixture.elapse(PAST_SHORT_LEASE);

    List<Task> timedOut = queue.timeOutOverdue(10);

    assertEquals(List.of(abandoned.id()), timedOut.stream().map(Task::id).toList());
    Task ended = timedOut.getFirst();
    assertEquals(TaskStatus.TIMEOUT, ended.status());
    assertEquals("Task exceeded timeout limit of 0.005 minutes", ended.errorDetails());
    assertNotNull(ended.completedAt());
    assertTrue(ended.currentLease().isEmpty());
    assertEquals(TaskStatus.RUNNING, status(ownerAlive.id()));
    assertEquals(TaskStatus.RUNNING, status(notDue.id()));
    assertEquals(TaskStatus.PENDING, status(pending.id()));
    LogEntry entry = logs(abandoned.id()).getLast();
    assertEquals("Task timed out", entry.message());
    assertEquals(LogLevel.WARNING, entry.level());
    assertEquals(
        SHORT_TIMEOUT_MINUTES, ((Number) entry.context().get("timeout_minutes")).doubleValue());
    assertEquals(List.of(), queue.timeOutOverdue(10));
  }

  @Test
  void finishAsTimeoutWritesTheTimedOutEntry() {
    submit(task("p-timeout"));
    Task running = claim(LONG_LEASE, "w-1").getFirst();

    Task ended =
        queue.finish(List.of(Finish.timedOut(lease(running), running.timeoutMessage()))).getFirst();

    assertEquals(TaskStatus.TIMEOUT, ended.status());
    assertEquals("Task exceeded timeout limit of 30 minutes", ended.errorDetails());
    LogEntry entry = logs(running.id()).getLast();
    assertEquals("Task timed out", entry.message());
    assertEquals(LogLevel.WARNING, entry.level());
    assertEquals(30, ((Number) entry.context().get("timeout_minutes")).intValue());
  }

  // --- idempotency --------------------------------------------------------------------------

  @Test
  void theSameKeyWithTheSameBodyReturnsTheFirstTask() {
    NewTask first = idempotent("p-idem", "key-1", Map.of("max_steps", 10));
    NewTask again = idempotent("p-idem", "key-1", Map.of("max_steps", 10.0));

    TaskQueue.Submitted created = queue.submitIdempotent(first);
    TaskQueue.Submitted repeated = queue.submitIdempotent(again);

    assertTrue(created.created());
    assertFalse(repeated.created());
    assertEquals(created.task().id(), repeated.task().id());
    assertEquals(1, queue.list(TaskQuery.firstPage()).total());
  }

  @Test
  void theSameKeyWithAnotherBodyIsAConflict() {
    Task first = queue.submitIdempotent(idempotent("p-idem", "key-1", Map.of())).task();

    var conflict =
        assertThrows(
            IdempotencyConflict.class,
            () -> queue.submitIdempotent(idempotent("p-other", "key-1", Map.of())));

    assertEquals("key-1", conflict.key());
    assertEquals(first.id(), conflict.existing());
    assertEquals(1, queue.list(TaskQuery.firstPage()).total());
    assertTrue(queue.submitIdempotent(idempotent("p-other", "key-2", Map.of())).created());
  }

  @Test
  void anIdempotencyKeyLivesAsLongAsItsTask() throws Exception {
    Task first = queue.submitIdempotent(idempotent("p-idem", "key-1", Map.of())).task();
    Task cancelled = queue.cancel(first.id());
    fixture.elapse(TICK);

    assertEquals(1, queue.deleteFinishedBefore(cancelled.completedAt().plusMillis(1), 10));

    TaskQueue.Submitted again = queue.submitIdempotent(idempotent("p-other", "key-1", Map.of()));
    assertTrue(again.created());
    assertNotEquals(first.id(), again.task().id());
  }

  // --- list ---------------------------------------------------------------------------------

  @Test
  void listPagesCountEveryMatchingRowAndNeverOverlapInAnySortOrder() throws Exception {
    List<Task> all = mixedTasks();

    for (TaskSort.Field field : TaskSort.Field.values()) {
      for (boolean descending : List.of(false, true)) {
        var sort = new TaskSort(field, descending);
        var seen = new ArrayList<Task>();
        for (int page = 1; page <= 3; page++) {
          TaskPage result = queue.list(new TaskQuery(null, null, null, null, sort, page, 3));
          assertEquals(all.size(), result.total(), sort.wireName());
          assertEquals(page, result.page());
          assertEquals(3, result.pageSize());
          seen.addAll(result.tasks());
        }
        assertEquals(all.size(), seen.size(), sort.wireName());
        assertEquals(all.size(), new HashSet<>(ids(seen)).size(), sort.wireName());
        var expected = new ArrayList<>(seen);
        expected.sort(order(sort));
        assertEquals(
            expected.stream().map(Task::id).toList(),
            seen.stream().map(Task::id).toList(),
            sort.wireName());
      }
    }
    TaskPage beyond = queue.list(new TaskQuery(null, null, null, null, TaskSort.DEFAULT, 4, 3));
    assertEquals(List.of(), beyond.tasks());
    assertEquals(all.size(), beyond.total());
  }

  @Test
  void listPagesReachPastThePageSizeIntoOneStatus() throws Exception {
    // 8 pending and 1 cancelled: the pages after the first, unfiltered, lie deep in one status
    // (a store that reads one status at a time must read it past the page size).
    var ids = new ArrayList<TaskId>();
    for (int i = 0; i < 9; i++) {
      ids.add(submit(task(i % 2 == 0 ? "p-deep" : "p-other", Map.of("priority", i % 3))).id());
      fixture.elapse(TICK);
    }
    queue.cancel(ids.get(4));
    List<Task> all = ids.stream().map(id -> queue.find(id).orElseThrow()).toList();

    for (TaskSort.Field field : TaskSort.Field.values()) {
      for (boolean descending : List.of(false, true)) {
        var sort = new TaskSort(field, descending);
        var seen = new ArrayList<Task>();
        for (int page = 1; page <= 5; page++) {
          seen.addAll(queue.list(new TaskQuery(null, null, null, null, sort, page, 2)).tasks());
        }
        var expected = new ArrayList<>(all);
        expected.sort(order(sort));
        assertEquals(
            expected.stream().map(Task::id).toList(),
            seen.stream().map(Task::id).toList(),
            sort.wireName());
      }
    }
    TaskPage deep = queue.list(new TaskQuery(null, "p-deep", null, null, TaskSort.DEFAULT, 2, 2));
    assertEquals(5, deep.total());
    assertEquals(List.of(ids.get(4), ids.get(2)), deep.tasks().stream().map(Task::id).toList());
  }

  @Test
  void listFiltersByStatusProblemWorkerAndBackend() throws Exception {
    mixedTasks();

    assertEquals(2, listed(TaskStatus.RUNNING, null, null, null).total());
    assertEquals(2, listed(TaskStatus.COMPLETED, null, null, null).total());
    assertEquals(3, listed(TaskStatus.PENDING, null, null, null).total());
    assertEquals(2, listed(null, "p-even", null, null).total());
    assertEquals(1, listed(null, null, "w-1", null).total());
    assertEquals(3, listed(null, null, null, "kind").total());
    TaskPage both = listed(TaskStatus.PENDING, null, null, "kind");
    assertTrue(
        both.tasks().stream()
            .allMatch(t -> t.status() == TaskStatus.PENDING && "kind".equals(t.backendType())));
    assertEquals(both.tasks().size(), both.total());
    assertEquals(0, listed(null, "p-none", null, null).total());
  }

  // --- statistics ---------------------------------------------------------------------------

  @Test
  void statisticsOfAnEmptyQueueAreZero() {
    TaskStatistics stats = queue.statistics();

    assertEquals(0, stats.total());
    assertNull(stats.averageExecutionSeconds());
    assertNull(stats.averageWaitSeconds());
    assertNull(stats.oldestPendingCreatedAt());
    assertEquals(Map.of(), stats.tasksByProblem());
    assertEquals(0.0, stats.taskSuccessRate());
    assertNull(stats.queueSuccessRate());
  }

  @Test
  void statisticsCountByStatusProblemAndWorkerAndAverageTimes() throws Exception {
    List<Task> all = mixedTasks();

    TaskStatistics stats = queue.statistics();

    assertEquals(7, stats.total());
    assertEquals(3, stats.count(TaskStatus.PENDING));
    assertEquals(2, stats.count(TaskStatus.RUNNING));
    assertEquals(2, stats.count(TaskStatus.COMPLETED));
    assertEquals(0, stats.count(TaskStatus.FAILED));
    assertEquals(Map.of("p-even", 2L, "p-odd", 2L, "p-x", 3L), stats.tasksByProblem());
    var byWorker = new java.util.HashMap<String, Long>();
    all.stream()
        .filter(t -> t.workerId() != null)
        .forEach(t -> byWorker.merge(t.workerId(), 1L, Long::sum));
    assertEquals(byWorker, stats.tasksByWorker());
    assertEquals(
        mean(
            all,
            t -> t.status() == TaskStatus.COMPLETED,
            t -> seconds(t.startedAt(), t.completedAt())),
        stats.averageExecutionSeconds(),
        1e-3);
    assertEquals(
        mean(all, t -> t.startedAt() != null, t -> seconds(t.createdAt(), t.startedAt())),
        stats.averageWaitSeconds(),
        1e-3);
    assertEquals(
        all.stream()
            .filter(t -> t.status() == TaskStatus.PENDING)
            .map(Task::createdAt)
            .min(Comparator.naturalOrder())
            .orElseThrow(),
        stats.oldestPendingCreatedAt());
    assertEquals(1.0, stats.taskSuccessRate());
  }

  // --- lifecycle log ------------------------------------------------------------------------

  @Test
  void everyTransitionWritesItsLifecycleEntry() {
    Task task = submit(task("p-logged", Map.of("max_attempts", 3)));
    LeaseRef first = lease(claim(LONG_LEASE, "w-1").getFirst());
    queue.handBack(List.of(first), "node draining");
    LeaseRef second = lease(claim(LONG_LEASE, "w-2").getFirst());
    queue.finish(List.of(Finish.completed(second, Map.of())));

    assertEquals(
        List.of(
            "Task created",
            "Task claimed by w-1 (attempt 1)",
            "Task handed back: node draining",
            "Task claimed by w-2 (attempt 2)",
            "Task completed"),
        messages(task.id()));
  }

  // --- retention ----------------------------------------------------------------------------

  @Test
  void deleteFinishedBeforeRemovesOnlyFinalTasksCompletedBeforeTheCutoff() throws Exception {
    queue.submit(List.of(task("p-done"), task("p-running")));
    List<Task> claimed = claim(LONG_LEASE, "w-1", "w-2");
    Task done = queue.finish(List.of(Finish.completed(lease(claimed.get(0)), Map.of()))).getFirst();
    Task cancelled = queue.cancel(submit(task("p-cancelled")).id());
    Task pending = submit(task("p-pending"));
    fixture.elapse(TICK);
    Instant cutoff = cancelled.completedAt().plusMillis(1);
    fixture.elapse(TICK);
    Task late = queue.cancel(submit(task("p-late")).id());
    assertTrue(late.completedAt().isAfter(cutoff));

    assertEquals(1, queue.deleteFinishedBefore(cutoff, 1));
    assertEquals(1, queue.deleteFinishedBefore(cutoff, 10));
    assertEquals(0, queue.deleteFinishedBefore(cutoff, 10));

    assertTrue(queue.find(done.id()).isEmpty());
    assertTrue(queue.find(cancelled.id()).isEmpty());
    assertEquals(0, fixture.logs().list(done.id(), null, 100).total());
    assertEquals(TaskStatus.RUNNING, status(claimed.get(1).id()));
    assertEquals(TaskStatus.PENDING, status(pending.id()));
    assertEquals(TaskStatus.CANCELLED, status(late.id()));
  }

  // --- running tasks of a worker ------------------------------------------------------------

  @Test
  void runningOfListsAWorkersRunningTasksOldestClaimFirst() throws Exception {
    queue.submit(List.of(task("p-1"), task("p-2"), task("p-3")));
    Task first = claim(LONG_LEASE, "w-1").getFirst();
    fixture.elapse(TICK);
    Task second = claim(LONG_LEASE, "w-1").getFirst();
    Task other = claim(LONG_LEASE, "w-2").getFirst();

    assertEquals(
        List.of(first.id(), second.id()), queue.runningOf("w-1").stream().map(Task::id).toList());
    queue.finish(List.of(Finish.completed(lease(first), Map.of())));
    assertEquals(List.of(second.id()), queue.runningOf("w-1").stream().map(Task::id).toList());
    assertEquals(List.of(other.id()), queue.runningOf("w-2").stream().map(Task::id).toList());
    assertEquals(List.of(), queue.runningOf("w-unknown"));
  }

  // --- notifications ------------------------------------------------------------------------

  @Test
  void listenersHearOfNewTasksAndCancels() throws Exception {
    var available = new CountDownLatch(1);
    var cancelled = new ConcurrentHashMap<TaskId, Boolean>();
    var cancelHeard = new CountDownLatch(1);
    QueueNotifications.Listener listener =
        new QueueNotifications.Listener() {
          @Override
          public void tasksAvailable() {
            available.countDown();
          }

          @Override
          public void taskCancelled(TaskId taskId) {
            cancelled.put(taskId, true);
            cancelHeard.countDown();
          }
        };
    try (AutoCloseable subscription = fixture.notifications().subscribe(listener)) {
      Task task = submit(task("p-notified"));
      assertTrue(available.await(10, TimeUnit.SECONDS));

      queue.cancel(task.id());

      assertTrue(cancelHeard.await(10, TimeUnit.SECONDS));
      assertEquals(Set.of(task.id()), cancelled.keySet());
    }
  }

  // --- helpers ------------------------------------------------------------------------------

  /**
   * Seven tasks with distinct creation times: three pending, two running, two completed (at
   * distinct times); problems p-even ×2, p-odd ×2, p-x ×3; three of backend kind.
   */
  private List<Task> mixedTasks() throws Exception {
    int[] priorities = {3, 7, 3, 9, 0, 7, 5};
    String[] problems = {"p-even", "p-odd", "p-even", "p-odd", "p-x", "p-x", "p-x"};
    var ids = new ArrayList<TaskId>();
    for (int i = 0; i < priorities.length; i++) {
      Map<String, Object> parameters =
          i % 2 == 0
              ? Map.of("priority", priorities[i])
              : Map.of("priority", priorities[i], "backend_type", "kind");
      ids.add(submit(task(problems[i], parameters)).id());
      fixture.elapse(TICK);
    }
    // Claims by priority: 9 (p-odd, kind), 7 (p-odd, kind), 7 (p-x), 5 (p-x).
    Task a = queue.claim(new ClaimRequest(List.of("w-1"), "kind", LONG_LEASE)).getFirst();
    fixture.elapse(TICK);
    Task b = queue.claim(new ClaimRequest(List.of("w-2"), "kind", LONG_LEASE)).getFirst();
    fixture.elapse(TICK);
    queue.claim(new ClaimRequest(List.of("w-3", "w-4"), BACKEND, LONG_LEASE));
    fixture.elapse(TICK);
    queue.finish(List.of(Finish.completed(lease(a), Map.of())));
    fixture.elapse(TICK);
    queue.finish(List.of(Finish.completed(lease(b), Map.of())));
    return ids.stream().map(id -> queue.find(id).orElseThrow()).toList();
  }

  private static Comparator<Task> order(TaskSort sort) {
    Function<Task, Comparable<?>> field =
        switch (sort.field()) {
          case PRIORITY -> Task::priority;
          case CREATED_AT -> Task::createdAt;
          case UPDATED_AT -> Task::updatedAt;
          case STARTED_AT -> Task::startedAt;
          case COMPLETED_AT -> Task::completedAt;
        };
    Comparator<Comparable<Object>> direction =
        sort.descending() ? Comparator.reverseOrder() : Comparator.naturalOrder();
    @SuppressWarnings("unchecked")
    Function<Task, Comparable<Object>> key = task -> (Comparable<Object>) field.apply(task);
    return Comparator.comparing(key, Comparator.nullsLast(direction))
        .thenComparing(Task::id, TASK_ID_ORDER);
  }

  private TaskPage listed(TaskStatus status, String problem, String worker, String backend) {
    return queue.list(new TaskQuery(status, problem, worker, backend, TaskSort.DEFAULT, 1, 100));
  }

  private static double mean(
      List<Task> tasks,
      java.util.function.Predicate<Task> which,
      java.util.function.ToDoubleFunction<Task> value) {
    return tasks.stream().filter(which).mapToDouble(value).average().orElseThrow();
  }

  private static double seconds(Instant from, Instant to) {
    return Duration.between(from, to).toNanos() / 1e9;
  }

  private Task submit(NewTask task) {
    return queue.submit(List.of(task)).getFirst();
  }

  private List<Task> claim(Duration lease, String... workers) {
    return queue.claim(new ClaimRequest(List.of(workers), BACKEND, lease));
  }

  private static LeaseRef lease(Task task) {
    return task.leaseRef().orElseThrow();
  }

  private TaskStatus status(TaskId id) {
    return queue.find(id).orElseThrow().status();
  }

  private static List<TaskId> idsInOrder(List<Task> tasks) {
    return tasks.stream().map(Task::id).toList();
  }

  private static Set<TaskId> ids(List<Task> tasks) {
    var ids = new HashSet<TaskId>();
    tasks.forEach(t -> ids.add(t.id()));
    return ids;
  }

  private List<LogEntry> logs(TaskId id) {
    fixture.flush();
    return fixture.logs().list(id, null, 1000).logs();
  }

  private List<String> messages(TaskId id) {
    return logs(id).stream().map(LogEntry::message).toList();
  }

  private static String agentModel(Task task) {
    return (String) ((Map<?, ?>) task.parameters().get("agent_config")).get("model");
  }

  /** Integral numbers as Long, so results compare the same whatever the store's JSON mapping. */
  private static Map<String, Object> normalized(Map<String, Object> map) {
    var copy = new java.util.LinkedHashMap<String, Object>();
    map.forEach(
        (k, v) ->
            copy.put(
                k, v instanceof Number n && !(v instanceof Double) ? (Object) n.longValue() : v));
    return copy;
  }
}
