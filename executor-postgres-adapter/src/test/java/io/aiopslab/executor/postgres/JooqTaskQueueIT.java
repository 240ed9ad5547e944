package io.aiopslab.executor.postgres;

import static io.aiopslab.executor.postgres.Samples.forBackend;
import static io.aiopslab.executor.postgres.Samples.task;
import static io.aiopslab.executor.postgres.Samples.withPriority;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aiopslab.executor.domain.log.LogEntry;
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
import io.aiopslab.executor.domain.task.TaskQuery;
import io.aiopslab.executor.domain.task.TaskSort;
import io.aiopslab.executor.domain.task.TaskStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JooqTaskQueueIT {

  private static final Duration LEASE = Duration.ofSeconds(30);

  private static TestDatabases.TestDatabase database;
  private static PostgresStore store;
  private static TaskQueue queue;

  @BeforeAll
  static void open() {
    database = TestDatabases.create();
    store = database.newStore(4);
    queue = store.queue();
  }

  @AfterAll
  static void close() {
    database.close();
  }

  @BeforeEach
  void empty() {
    TestDatabases.execute(database.target(), "TRUNCATE tasks, task_logs, workers CASCADE");
  }

  private static List<Task> claim(String backendType, String... workers) {
    return queue.claim(new ClaimRequest(List.of(workers), backendType, LEASE));
  }

  /**
   * One task for one idle slot is inserted running when nothing it must wait for is queued: the
   * same row, log entries and counters as an insert then a claim, with a single row version.
   */
  @Test
  void oneTaskForOneIdleSlotIsStoredRunningUnlessSomethingIsQueuedAheadOfIt() throws Exception {
    var slot = new ClaimRequest(List.of("fast-slot"), "orchestrator", LEASE);
    Task low = queue.submit(List.of(Samples.withPriority("low", 1))).getFirst();

    NewTask first = Samples.withPriority("first", 5);
    var result = queue.submitAndClaim(List.of(first), slot);

    assertEquals(List.of(first.id()), result.stored().stream().map(Task::id).toList());
    assertEquals(TaskStatus.PENDING, result.stored().getFirst().status());
    Task running = result.claimed().getFirst();
    assertEquals(first.id(), running.id());
    assertEquals(TaskStatus.RUNNING, running.status());
    assertEquals("fast-slot", running.workerId());
    assertEquals(1, running.attempt());
    assertEquals(running.createdAt(), running.startedAt());
    assertTrue(running.leaseRef().isPresent());
    assertEquals(running, queue.find(first.id()).orElseThrow());
    assertEquals(
        List.of("Task created", "Task claimed by fast-slot (attempt 1)"),
        store.logs().list(first.id(), null, 10).logs().stream().map(LogEntry::message).toList());
    assertEquals(TaskStatus.PENDING, queue.find(low.id()).orElseThrow().status());
    // Running as written by the transaction that created it: one statement, no claim after it.
    assertEquals(
        Map.of("same", 1L),
        rows(
            "SELECT CASE WHEN t.xmin = l.xmin THEN 'same' ELSE 'other' END, count(*)"
                + " FROM tasks t JOIN task_logs l ON l.task_id = t.id"
                + " WHERE l.message = 'Task created' AND t.id = '"
                + first.id()
                + "' GROUP BY 1"));
    assertCountersMatchTheRows();

    // Queued ahead (same priority, older): the new task waits and the slot takes the older one.
    Task older = queue.submit(List.of(Samples.withPriority("older", 5))).getFirst();
    NewTask second = Samples.withPriority("second", 5);
    var queued = queue.submitAndClaim(List.of(second), slot);
    assertEquals(List.of(older.id()), queued.claimed().stream().map(Task::id).toList());
    assertEquals(TaskStatus.PENDING, queue.find(second.id()).orElseThrow().status());

    // A task for another backend is stored pending; nothing else is queued for this one but low.
    NewTask other = Samples.forBackend("other", "elsewhere");
    var elsewhere = queue.submitAndClaim(List.of(other), slot);
    assertEquals(TaskStatus.PENDING, queue.find(other.id()).orElseThrow().status());
    assertEquals(List.of(second.id()), elsewhere.claimed().stream().map(Task::id).toList());
    assertCountersMatchTheRows();
  }

  /**
   * Insert and claim go as two statements in one round trip (ADR 0009); pgjdbc prepares them on the
   * server from the fifth use on a connection, so the rounds run past that.
   */
  @Test
  void submitAndClaimKeepsEachRoundsTasksAndClaimsOnceServerPrepared() throws Exception {
    var many = java.util.Collections.nCopies(500, "earlier");
    while (!queue.claim(new ClaimRequest(many, "orchestrator", LEASE)).isEmpty()) {
      // what earlier tests left pending would go first
    }
    for (int round = 0; round < 8; round++) {
      List<NewTask> batch = List.of(task("round-" + round), task("round-" + round));

      var result =
          queue.submitAndClaim(
              batch, new ClaimRequest(List.of("r-a", "r-b"), "orchestrator", LEASE));

      var ids = batch.stream().map(NewTask::id).toList();
      assertEquals(ids, result.stored().stream().map(Task::id).toList());
      assertEquals(ids, result.claimed().stream().map(Task::id).toList());
      for (Task claimed : result.claimed()) {
        assertEquals(TaskStatus.RUNNING, queue.find(claimed.id()).orElseThrow().status());
      }
      // The claim and the insert share one transaction, hence one now(): the first task of the
      // batch is created at now(), the n-th a microsecond after the one before.
      Task first = result.claimed().getFirst();
      assertEquals(first.createdAt(), first.startedAt());
    }
    assertCountersMatchTheRows();
  }

  @Test
  void submitStoresPendingTasksInInputOrderWithMergedParameters() {
    List<NewTask> batch = List.of(task("p-1"), task("p-2", Map.of("max_steps", 7)), task("p-3"));
    List<Task> stored = queue.submit(batch);

    assertEquals(List.of("p-1", "p-2", "p-3"), stored.stream().map(Task::problemId).toList());
    Task second = stored.get(1);
    assertEquals(TaskStatus.PENDING, second.status());
    assertEquals(7, second.parameters().get("max_steps"));
    assertEquals(5, second.priority());
    assertEquals(0, second.attempt());
    assertEquals(3, second.maxAttempts());
    assertEquals(30, second.timeoutMinutes());
    assertNull(second.lease());
    assertEquals(second, queue.find(second.id()).orElseThrow());
  }

  @Test
  void claimTakesHighestPriorityFirstThenOldest() {
    Task low = queue.submit(List.of(withPriority("low", 1))).getFirst();
    Task firstHigh = queue.submit(List.of(withPriority("high-1", 9))).getFirst();
    Task secondHigh = queue.submit(List.of(withPriority("high-2", 9))).getFirst();
    Task middle = queue.submit(List.of(withPriority("mid", 5))).getFirst();

    List<Task> claimed = claim("orchestrator", "w1", "w2", "w3");

    assertEquals(
        List.of(firstHigh.id(), secondHigh.id(), middle.id()),
        claimed.stream().map(Task::id).toList());
    assertEquals(List.of("w1", "w2", "w3"), claimed.stream().map(Task::workerId).toList());
    assertEquals(TaskStatus.PENDING, queue.find(low.id()).orElseThrow().status());
  }

  @Test
  void tasksOfOneBatchAreClaimedInSubmissionOrder() {
    var batch = new ArrayList<NewTask>();
    for (int i = 0; i < 20; i++) {
      batch.add(task("fifo-" + i));
    }
    List<Task> stored = queue.submit(batch);
    List<Task> claimed = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      claimed.addAll(claim("orchestrator", "w"));
    }
    assertEquals(stored.stream().map(Task::id).toList(), claimed.stream().map(Task::id).toList());
  }

  @Test
  void claimSetsLeaseAttemptAndStartTime() {
    queue.submit(List.of(task("p")));
    Task running = claim("orchestrator", "w1").getFirst();

    assertEquals(TaskStatus.RUNNING, running.status());
    assertEquals(1, running.attempt());
    assertNotNull(running.lease());
    assertNotNull(running.startedAt());
    assertTrue(running.lease().expiresAt().isAfter(running.startedAt()));
    assertEquals(List.of(running), queue.runningOf("w1"));
  }

  @Test
  void tasksWithABackendTypeGoOnlyToWorkersOfThatType() {
    Task special = queue.submit(List.of(forBackend("special", "gpu"))).getFirst();
    Task any = queue.submit(List.of(task("any"))).getFirst();

    List<Task> cpu = claim("cpu", "c1", "c2");
    assertEquals(List.of(any.id()), cpu.stream().map(Task::id).toList());
    List<Task> gpu = claim("gpu", "g1");
    assertEquals(List.of(special.id()), gpu.stream().map(Task::id).toList());
  }

  @Test
  void aStaleLeaseCanNeitherRenewNorFinish() {
    queue.submit(List.of(task("p", Map.of("max_attempts", 3))));
    Task first = claim("orchestrator", "w1").getFirst();
    LeaseRef stale = first.leaseRef().orElseThrow();
    assertEquals(1, queue.handBack(List.of(stale), "node draining").size());
    Task second = claim("orchestrator", "w2").getFirst();
    assertEquals(2, second.attempt());

    assertTrue(queue.renew(List.of(stale), LEASE).isEmpty());
    assertTrue(queue.finish(List.of(Finish.completed(stale, Map.of("x", 1)))).isEmpty());
    assertTrue(queue.handBack(List.of(stale), "again").isEmpty());

    LeaseRef current = second.leaseRef().orElseThrow();
    assertEquals(java.util.Set.of(current), queue.renew(List.of(current, stale), LEASE));
    List<Task> done = queue.finish(List.of(Finish.completed(current, Map.of("success", true))));
    assertEquals(TaskStatus.COMPLETED, done.getFirst().status());
    assertEquals(Map.of("success", true), done.getFirst().result());
    assertEquals("w2", done.getFirst().workerId());
    assertNull(done.getFirst().lease());
    assertNotNull(done.getFirst().completedAt());
  }

  @Test
  void handBackFailsTheTaskWhenAttemptsAreSpent() {
    queue.submit(List.of(task("p", Map.of("max_attempts", 1))));
    Task running = claim("orchestrator", "w1").getFirst();
    Task failed = queue.handBack(List.of(running.leaseRef().orElseThrow()), "lost").getFirst();
    assertEquals(TaskStatus.FAILED, failed.status());
    assertEquals("Worker lost after 1 attempts", failed.errorDetails());
  }

  @Test
  void expiredLeasesAreReapedOnce() throws Exception {
    queue.submit(
        List.of(task("a", Map.of("max_attempts", 2)), task("b", Map.of("max_attempts", 1))));
    queue.claim(new ClaimRequest(List.of("w1", "w2"), "orchestrator", Duration.ofMillis(50)));
    Thread.sleep(150); // the database clock has to pass the lease expiry

    List<Task> reaped = queue.reapExpiredLeases(10);
    assertEquals(2, reaped.size());
    assertTrue(queue.reapExpiredLeases(10).isEmpty());
    Task a = reaped.stream().filter(t -> t.problemId().equals("a")).findFirst().orElseThrow();
    Task b = reaped.stream().filter(t -> t.problemId().equals("b")).findFirst().orElseThrow();
    assertEquals(TaskStatus.PENDING, a.status());
    assertNull(a.workerId());
    assertNull(a.startedAt());
    assertEquals(1, a.attempt());
    assertEquals(TaskStatus.FAILED, b.status());
    assertEquals("Worker lost after 1 attempts", b.errorDetails());
  }

  @Test
  void overdueTasksWithExpiredLeasesTimeOut() throws Exception {
    queue.submit(List.of(task("slow", Map.of("timeout_minutes", 0.001))));
    queue.claim(new ClaimRequest(List.of("w1"), "orchestrator", Duration.ofMillis(10)));
    Thread.sleep(200); // 0.001 min = 60 ms

    List<Task> timedOut = queue.timeOutOverdue(10);
    assertEquals(1, timedOut.size());
    assertEquals(TaskStatus.TIMEOUT, timedOut.getFirst().status());
    assertEquals(
        "Task exceeded timeout limit of 0.001 minutes", timedOut.getFirst().errorDetails());
    List<LogEntry> logs = store.logs().list(timedOut.getFirst().id(), null, 10).logs();
    assertEquals("Task timed out", logs.getLast().message());
    assertEquals(Map.of("timeout_minutes", 0.001), logs.getLast().context());
  }

  @Test
  void sameIdempotencyKeyAndBodyReturnsTheFirstTask() {
    var first = queue.submitIdempotent(Samples.idempotent("p", "key-1", Map.of("max_steps", 3)));
    var again = queue.submitIdempotent(Samples.idempotent("p", "key-1", Map.of("max_steps", 3)));
    assertTrue(first.created());
    assertFalse(again.created());
    assertEquals(first.task().id(), again.task().id());

    var conflict =
        assertThrows(
            IdempotencyConflict.class,
            () -> queue.submitIdempotent(Samples.idempotent("p", "key-1", Map.of("max_steps", 4))));
    assertEquals(first.task().id(), conflict.existing());
    assertEquals(1, queue.list(TaskQuery.firstPage()).total());
  }

  @Test
  void cancelFollowsTheLifecycle() {
    Task pending = queue.submit(List.of(task("p"))).getFirst();
    Task cancelled = queue.cancel(pending.id());
    assertEquals(TaskStatus.CANCELLED, cancelled.status());
    assertTrue(claim("orchestrator", "w1").isEmpty());

    queue.submit(List.of(task("r")));
    Task running = claim("orchestrator", "w1").getFirst();
    Task stopped = queue.cancel(running.id());
    assertEquals(TaskStatus.CANCELLED, stopped.status());
    assertNull(stopped.lease());
    assertTrue(
        queue
            .finish(List.of(Finish.completed(running.leaseRef().orElseThrow(), Map.of())))
            .isEmpty());

    var illegal = assertThrows(IllegalTransition.class, () -> queue.cancel(stopped.id()));
    assertEquals(TaskStatus.CANCELLED, illegal.from());
    assertThrows(TaskNotFound.class, () -> queue.cancel(TaskId.generate()));
  }

  @Test
  void aBatchIsStoredWhollyOrNotAtAll() {
    NewTask duplicate = task("dup");
    queue.submit(List.of(duplicate));

    assertThrows(
        IllegalArgumentException.class,
        () -> queue.submit(List.of(task("ok-1"), task("ok-2"), duplicate)));
    assertEquals(1, queue.list(TaskQuery.firstPage()).total());
  }

  @Test
  void everyTransitionWritesItsLifecycleLogEntry() {
    Task task = queue.submit(List.of(task("p"))).getFirst();
    Task running = claim("orchestrator", "w1").getFirst();
    queue.finish(List.of(Finish.failed(running.leaseRef().orElseThrow(), Map.of(), "boom")));

    List<String> messages =
        store.logs().list(task.id(), null, 100).logs().stream().map(LogEntry::message).toList();
    assertEquals(
        List.of("Task created", "Task claimed by w1 (attempt 1)", "Task failed: boom"), messages);
  }

  @Test
  void listFiltersSortsAndCountsExactly() {
    for (int i = 0; i < 5; i++) {
      queue.submit(List.of(withPriority("list-" + i, i)));
    }
    claim("orchestrator", "w1");
    var query =
        new TaskQuery(
            TaskStatus.PENDING,
            null,
            null,
            null,
            new TaskSort(TaskSort.Field.PRIORITY, false),
            1,
            2);
    var page = queue.list(query);
    assertEquals(4, page.total());
    assertEquals(List.of(0, 1), page.tasks().stream().map(Task::priority).toList());
    var byWorker = queue.list(new TaskQuery(null, null, "w1", null, TaskSort.DEFAULT, 1, 20));
    assertEquals(1, byWorker.total());
    assertEquals(4, byWorker.tasks().getFirst().priority());
  }

  @Test
  void statisticsCountByStatusProblemAndWorker() {
    queue.submit(List.of(task("a"), task("a"), task("b")));
    Task running = claim("orchestrator", "w1").getFirst();
    queue.finish(List.of(Finish.completed(running.leaseRef().orElseThrow(), Map.of())));

    var stats = queue.statistics();
    assertEquals(3, stats.total());
    assertEquals(2, stats.count(TaskStatus.PENDING));
    assertEquals(1, stats.count(TaskStatus.COMPLETED));
    assertEquals(Map.of("a", 2L, "b", 1L), stats.tasksByProblem());
    assertEquals(Map.of("w1", 1L), stats.tasksByWorker());
    assertNotNull(stats.averageExecutionSeconds());
    assertNotNull(stats.oldestPendingCreatedAt());
  }

  @Test
  void statisticsAndTotalsFromCountersMatchTheRows() throws Exception {
    var batch = new ArrayList<NewTask>();
    for (int i = 0; i < 60; i++) {
      batch.add(task("mix-" + i % 4, Map.of("max_attempts", 1 + i % 2)));
    }
    queue.submit(batch);
    List<Task> claimed = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      claimed.addAll(claim("orchestrator", "w" + i, "v" + i, "u" + i, "x" + i, "y" + i));
    }
    queue.finish(
        claimed.subList(0, 8).stream()
            .map(t -> Finish.completed(t.leaseRef().orElseThrow(), Map.of()))
            .toList());
    queue.finish(List.of(Finish.failed(claimed.get(8).leaseRef().orElseThrow(), Map.of(), "boom")));
    queue.handBack(
        claimed.subList(9, 14).stream().map(t -> t.leaseRef().orElseThrow()).toList(), "drain");
    queue.cancel(claimed.get(15).id());
    queue.cancel(
        queue
            .list(new TaskQuery(TaskStatus.PENDING, null, null, null, TaskSort.DEFAULT, 1, 1))
            .tasks()
            .getFirst()
            .id());
    queue.deleteFinishedBefore(Instant.now().plusSeconds(60), 3);

    var stats = queue.statistics();
    Map<String, Long> byStatus = rows("SELECT status, count(*) FROM tasks GROUP BY status");
    for (TaskStatus status : TaskStatus.values()) {
      long rows = byStatus.getOrDefault(status.wireName(), 0L);
      assertEquals(rows, stats.count(status), status.wireName());
      assertEquals(
          rows,
          queue.list(new TaskQuery(status, null, null, null, TaskSort.DEFAULT, 1, 1)).total(),
          status.wireName());
    }
    assertEquals(stats.total(), queue.list(TaskQuery.firstPage()).total());
    assertEquals(
        stats.tasksByProblem().values().stream().mapToLong(Long::longValue).sum(), stats.total());
    assertEquals(
        queue.list(new TaskQuery(null, "mix-1", null, null, TaskSort.DEFAULT, 1, 1)).total(),
        stats.tasksByProblem().getOrDefault("mix-1", 0L));
    assertNotNull(stats.averageWaitSeconds());
  }

  /**
   * The counters are written by each statement that changes tasks (docs/adr/0005): this runs every
   * one of them (submit, idempotent submit, claim, finish of each kind, finish-and-claim,
   * submit-and-claim, renew, hand-back to the queue and to failed, cancel of a pending and a
   * running task, timeout, reaper, retention) and compares every counter with the rows.
   */
  @Test
  void countersMatchTheRowsAfterEveryWritingStatement() throws Exception {
    var batch = new ArrayList<NewTask>();
    for (int i = 0; i < 40; i++) {
      batch.add(task("mix-" + i % 4, Map.of("max_attempts", 1 + i % 2)));
    }
    queue.submit(batch);
    queue.submitIdempotent(Samples.idempotent("idem", "key-c", Map.of()));
    queue.submitIdempotent(Samples.idempotent("idem", "key-c", Map.of()));
    List<Task> claimed = new ArrayList<>(claim("orchestrator", "w0", "w1", "w2", "w3", "w4"));
    claimed.addAll(claim("orchestrator", "w5", "w6", "w7", "w8", "w9"));
    queue.finish(
        List.of(
            Finish.completed(claimed.get(0).leaseRef().orElseThrow(), Map.of("ok", true)),
            Finish.completed(claimed.get(1).leaseRef().orElseThrow(), Map.of()),
            Finish.failed(claimed.get(2).leaseRef().orElseThrow(), Map.of(), "boom"),
            Finish.timedOut(claimed.get(3).leaseRef().orElseThrow(), null)));
    var cycle =
        queue.finishAndClaim(
            List.of(Finish.completed(claimed.get(4).leaseRef().orElseThrow(), Map.of())),
            new ClaimRequest(List.of("w0", "x1", "x2"), "orchestrator", LEASE));
    assertEquals(3, cycle.claimed().size());
    var submitted =
        queue.submitAndClaim(
            List.of(task("mix-new", Map.of()), task("mix-new", Map.of())),
            new ClaimRequest(List.of("y1"), "orchestrator", LEASE));
    assertEquals(1, submitted.claimed().size());
    queue.renew(
        List.of(claimed.get(5).leaseRef().orElseThrow(), claimed.get(6).leaseRef().orElseThrow()),
        LEASE);
    queue.handBack(
        claimed.subList(5, 8).stream().map(t -> t.leaseRef().orElseThrow()).toList(), "drain");
    queue.cancel(claimed.get(8).id());
    queue.cancel(
        queue
            .list(new TaskQuery(TaskStatus.PENDING, null, null, null, TaskSort.DEFAULT, 1, 1))
            .tasks()
            .getFirst()
            .id());
    assertCountersMatchTheRows();

    // Leases that run out: one task over its timeout, two for the reaper (one has attempts left).
    queue.submit(
        List.of(
            task("slow", Map.of("priority", 10, "timeout_minutes", 0.001)),
            task("lost", Map.of("priority", 10, "max_attempts", 2)),
            task("lost", Map.of("priority", 10, "max_attempts", 1))));
    queue.claim(new ClaimRequest(List.of("s1", "s2", "s3"), "orchestrator", Duration.ofMillis(20)));
    var timedOut = new ArrayList<Task>();
    Eventually.await(
        "the overdue task to time out",
        Duration.ofSeconds(5),
        () -> timedOut.addAll(queue.timeOutOverdue(10)) || !timedOut.isEmpty());
    assertEquals(1, timedOut.size());
    assertEquals(2, queue.reapExpiredLeases(10).size());
    queue.deleteFinishedBefore(Instant.now().plusSeconds(60), 3);
    assertCountersMatchTheRows();
  }

  private static void assertCountersMatchTheRows() throws Exception {
    var stats = queue.statistics();
    Map<String, Long> byStatus = rows("SELECT status, count(*) FROM tasks GROUP BY status");
    for (TaskStatus status : TaskStatus.values()) {
      assertEquals(
          byStatus.getOrDefault(status.wireName(), 0L), stats.count(status), status.wireName());
    }
    assertEquals(
        rows("SELECT problem_id, count(*) FROM tasks GROUP BY problem_id"), stats.tasksByProblem());
    assertEquals(
        rows("SELECT worker_id, count(*) FROM tasks WHERE worker_id IS NOT NULL GROUP BY 1"),
        stats.tasksByWorker());
    assertMean(
        "SELECT avg(extract(epoch FROM completed_at - started_at)) FROM tasks"
            + " WHERE status = 'completed' AND started_at IS NOT NULL",
        stats.averageExecutionSeconds());
    assertMean(
        "SELECT avg(extract(epoch FROM started_at - created_at)) FROM tasks"
            + " WHERE started_at IS NOT NULL",
        stats.averageWaitSeconds());
  }

  private static Map<String, Long> rows(String sql) throws Exception {
    var counts = new java.util.HashMap<String, Long>();
    try (var c = database.target().open();
        var s = c.createStatement();
        var r = s.executeQuery(sql)) {
      while (r.next()) {
        counts.put(r.getString(1), r.getLong(2));
      }
    }
    return counts;
  }

  private static void assertMean(String sql, Double fromCounters) throws Exception {
    try (var c = database.target().open();
        var s = c.createStatement();
        var r = s.executeQuery(sql)) {
      r.next();
      double fromRows = r.getDouble(1);
      if (r.wasNull()) {
        assertNull(fromCounters, sql);
      } else {
        assertNotNull(fromCounters, sql);
        assertEquals(fromRows, fromCounters, 1e-6, sql);
      }
    }
  }

  @Test
  void deleteFinishedBeforeRemovesOnlyOldFinalTasks() {
    queue.submit(List.of(task("keep"), task("done")));
    Task running = claim("orchestrator", "w1").getFirst();
    queue.finish(List.of(Finish.completed(running.leaseRef().orElseThrow(), Map.of())));

    assertEquals(0, queue.deleteFinishedBefore(Instant.now().minusSeconds(60), 100));
    assertEquals(1, queue.deleteFinishedBefore(Instant.now().plusSeconds(60), 100));
    assertTrue(queue.find(running.id()).isEmpty());
    assertEquals(0, store.logs().list(running.id(), null, 10).total());
    assertEquals(1, queue.list(TaskQuery.firstPage()).total());
  }

  @Test
  void unknownTaskIsEmpty() {
    assertTrue(queue.find(new TaskId(UUID.randomUUID())).isEmpty());
    assertNotEquals(null, queue.statistics());
  }
}
