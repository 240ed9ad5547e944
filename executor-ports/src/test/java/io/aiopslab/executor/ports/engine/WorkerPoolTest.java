package io.aiopslab.executor.ports.engine;

import static io.aiopslab.executor.ports.engine.EngineHarness.assertStays;
import static io.aiopslab.executor.ports.engine.EngineHarness.await;
import static io.aiopslab.executor.ports.engine.EngineHarness.settings;
import static io.aiopslab.executor.ports.engine.ScriptedRunner.BLOCK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aiopslab.executor.domain.ValidationFailed;
import io.aiopslab.executor.domain.log.LogEntry;
import io.aiopslab.executor.domain.log.LogLevel;
import io.aiopslab.executor.domain.run.RunOutcome;
import io.aiopslab.executor.domain.run.StopReason;
import io.aiopslab.executor.domain.task.Task;
import io.aiopslab.executor.domain.task.TaskId;
import io.aiopslab.executor.domain.task.TaskStatus;
import io.aiopslab.executor.domain.worker.Worker;
import io.aiopslab.executor.domain.worker.WorkerSnapshot;
import io.aiopslab.executor.domain.worker.WorkerStatus;
import io.aiopslab.executor.ports.workers.ControlWorkers.PoolStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkerPoolTest {
  private EngineHarness harness;

  private EngineHarness open(EngineSettings settings) {
    harness = new EngineHarness(settings).open();
    return harness;
  }

  @AfterEach
  void closePool() {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void processesSubmittedTasksOnTheInternalWorkers() {
    EngineHarness h = open(settings(3));
    List<Task> tasks = h.submitMany(20, Map.of());

    for (Task task : tasks) {
      Task done = h.awaitStatus(task.id(), TaskStatus.COMPLETED);
      assertEquals(Map.of("success", true, "problem", "succeed"), done.result());
      assertTrue(done.workerId().matches("node-a-worker-00[123]"), done.workerId());
      assertEquals(1, done.attempt());
    }
    assertEquals(20, h.runner.started.size(), "each task ran exactly once");
  }

  @Test
  void claimsHighestPriorityFirstThenOldest() {
    EngineHarness h = open(settings(1).withAutoStart(false));
    Task low = h.submit(Map.of("priority", 1));
    Task high = h.submit(Map.of("priority", 9));
    Task middleOld = h.submit(Map.of("priority", 5));
    h.store.clock().advance(Duration.ofMillis(5));
    Task middleNew = h.submit(Map.of("priority", 5));

    h.pool.start();

    h.awaitStatus(low.id(), TaskStatus.COMPLETED);
    assertEquals(
        List.of(high.id(), middleOld.id(), middleNew.id(), low.id()), h.runner.startedIds());
  }

  @Test
  void claimsOnlyTasksForItsBackendOrForAny() {
    EngineHarness h = open(settings(2));
    Task other = h.submit(Map.of("backend_type", "kind-cluster"));
    Task ours = h.submit(Map.of("backend_type", "orchestrator"));
    Task any = h.submit(Map.of());

    h.awaitStatus(ours.id(), TaskStatus.COMPLETED);
    h.awaitStatus(any.id(), TaskStatus.COMPLETED);
    h.pool.start(); // a wake-up: the dispatcher looks again, still nothing for it
    assertStays(
        () -> h.task(other.id()).status() == TaskStatus.PENDING,
        "the task of another backend stays pending",
        Duration.ofMillis(200));
  }

  @Test
  void stopMeansNoNewClaimsWhileTheRunningTaskFinishes() {
    EngineHarness h = open(settings(1));
    Task running = h.submit(BLOCK);
    h.awaitStarted(running.id());

    PoolStatus stopped = h.pool.stop();
    assertFalse(stopped.running());
    assertEquals(1, stopped.numWorkers());
    assertEquals("busy", stopped.workers().get("node-a-worker-001").status());
    Task waiting = h.submit(Map.of());
    h.runner.release(running.id());

    h.awaitStatus(running.id(), TaskStatus.COMPLETED);
    await(
        () -> h.pool.status().workers().get("node-a-worker-001").status().equals("stopped"),
        "the slot to show stopped");
    assertStays(
        () -> h.task(waiting.id()).status() == TaskStatus.PENDING,
        "nothing is claimed while stopped",
        Duration.ofMillis(200));
  }

  @Test
  void startResumesProcessingAndReportsThePoolSize() {
    EngineHarness h = open(settings(2));
    h.pool.stop();
    Task waiting = h.submit(Map.of());

    PoolStatus started = h.pool.start();

    assertTrue(started.running());
    assertEquals(2, started.numWorkers());
    h.awaitStatus(waiting.id(), TaskStatus.COMPLETED);
  }

  @Test
  void autoStartFalseOpensStoppedAndScaleWhileStoppedDoesNotStart() {
    EngineHarness h = open(settings(2).withAutoStart(false));
    Task waiting = h.submit(Map.of());

    PoolStatus status = h.pool.status();
    assertFalse(status.running());
    assertEquals(2, status.numWorkers());
    assertEquals(Set.of("stopped"), Set.copyOf(statuses(status).values()));
    assertEquals(WorkerStatus.OFFLINE, h.pool.snapshots().get("node-a-worker-001").status());

    var scaled = h.pool.scale("4");
    assertEquals(2, scaled.previousWorkers());
    assertEquals(4, scaled.currentWorkers());
    assertFalse(h.pool.status().running());
    assertEquals(4, h.pool.status().workers().size());
    assertStays(
        () -> h.task(waiting.id()).status() == TaskStatus.PENDING,
        "nothing is claimed before start",
        Duration.ofMillis(150));

    assertEquals(4, h.pool.start().numWorkers());
    h.awaitStatus(waiting.id(), TaskStatus.COMPLETED);
  }

  @Test
  void scaleUpAddsRegisteredSlotsAtOnce() {
    EngineHarness h = open(settings(1));
    h.pool.scale("3");

    assertEquals(
        List.of("node-a-worker-001", "node-a-worker-002", "node-a-worker-003"),
        List.copyOf(h.pool.status().workers().keySet()));
    assertTrue(h.store.workers().find("node-a-worker-003").isPresent());
    List<Task> tasks = h.submitMany(3, BLOCK);
    for (Task task : tasks) {
      h.awaitStarted(task.id()); // three at once: three slots
    }
    tasks.forEach(task -> h.runner.release(task.id()));
  }

  @Test
  void scaleDownRetiresIdleSlotsAtOnceAndBusyOnesAfterTheirTask() {
    EngineHarness h = open(settings(3));
    Task busy = h.submit(BLOCK);
    h.awaitStarted(busy.id());
    assertEquals("node-a-worker-001", h.task(busy.id()).workerId());

    h.pool.scale("1");
    assertEquals(List.of("node-a-worker-001"), List.copyOf(h.pool.status().workers().keySet()));
    assertEquals(
        WorkerStatus.OFFLINE, h.store.workers().find("node-a-worker-003").orElseThrow().status());

    h.pool.scale("3");
    List<Task> more = h.submitMany(2, BLOCK);
    more.forEach(task -> h.awaitStarted(task.id()));
    Task onThird =
        more.stream()
            .filter(t -> h.task(t.id()).workerId().endsWith("003"))
            .findFirst()
            .orElseThrow();

    var result = h.pool.scale("1");
    assertEquals(3, result.previousWorkers());
    assertEquals(1, result.currentWorkers());
    PoolStatus draining = h.pool.status();
    assertEquals(1, draining.numWorkers());
    assertEquals("busy", draining.workers().get("node-a-worker-001").status());
    assertEquals("draining", draining.workers().get("node-a-worker-003").status());
    assertEquals(onThird.id(), draining.workers().get("node-a-worker-003").currentTaskId());

    h.runner.release(onThird.id());
    h.awaitStatus(onThird.id(), TaskStatus.COMPLETED);
    await(
        () -> !h.pool.status().workers().containsKey("node-a-worker-003"),
        "the drained slot to retire");
    await(
        () ->
            h.store.workers().find("node-a-worker-003").orElseThrow().status()
                == WorkerStatus.OFFLINE,
        "the retired slot to be offline");
    h.runner.release(busy.id());
    more.forEach(task -> h.runner.release(task.id()));
  }

  @Test
  void scaleRejectsValuesOutsideZeroToMaxNamingTheField() {
    EngineHarness h = open(settings(1));
    for (String bad : new String[] {"abc", "-1", "9", "2.5", null}) {
      ValidationFailed error = assertThrows(ValidationFailed.class, () -> h.pool.scale(bad));
      assertEquals("num_workers", error.errors().getFirst().field(), "for " + bad);
    }
    assertEquals(0, h.pool.scale("0").currentWorkers());
    assertTrue(h.pool.status().workers().isEmpty());
    assertEquals(8, h.pool.scale("8").currentWorkers());
  }

  @Test
  void aTaskSubmittedThroughThisNodeStartsWithoutANotificationOrPoll() throws Exception {
    // No notification ever arrives and the poll interval is 30 s: the node's own submitted event
    // is what wakes the dispatcher.
    harness =
        new EngineHarness(settings(1), listener -> () -> {}, WorkerPool.Tuning.DEFAULT).open();
    EngineHarness h = harness;
    Task first = h.submit(Map.of());
    h.events.submitted(List.of(first));
    h.awaitStatus(first.id(), TaskStatus.COMPLETED);
    Thread.sleep(300); // the rounds that followed that task are over: the dispatcher now sleeps

    Task task = h.submit(Map.of());
    assertStays(
        () -> h.task(task.id()).status() == TaskStatus.PENDING,
        "nothing wakes the pool for a task inserted behind its back",
        Duration.ofMillis(300));

    h.events.submitted(List.of(task)); // what TaskService does after the insert

    h.awaitStatus(task.id(), TaskStatus.COMPLETED);
  }

  @Test
  void cancelOfARunningTaskStopsTheExecutionWithinASecond() {
    EngineHarness h = open(settings(1));
    Task task = h.submit(BLOCK);
    h.awaitStarted(task.id());

    h.store.queue().cancel(task.id());

    await(
        () -> h.runner.stoppedWith.get(task.id()) == StopReason.CANCELLED,
        "the execution to be stopped",
        Duration.ofSeconds(1));
    await(
        () -> h.pool.status().workers().get("node-a-worker-001").status().equals("idle"),
        "the slot to be free",
        Duration.ofSeconds(1));
    assertEquals(TaskStatus.CANCELLED, h.task(task.id()).status());
    assertTrue(messages(h, task.id()).contains("Task cancelled by user"));
    assertFalse(messages(h, task.id()).contains("Task completed"));
    WorkerSnapshot slot = h.pool.snapshots().get("node-a-worker-001");
    assertEquals(0, slot.tasksCompleted() + slot.tasksFailed(), "a cancel counts in neither");
  }

  @Test
  void cancelWithoutANotificationIsNoticedByTheLeaseKeeper() {
    harness =
        new EngineHarness(settings(1), listener -> () -> {}, WorkerPool.Tuning.DEFAULT).open();
    EngineHarness h = harness;
    h.pool.stop();
    Task task = h.submit(BLOCK);
    h.pool.start();
    h.awaitStarted(task.id());

    h.store.queue().cancel(task.id());

    await(
        () -> h.runner.stoppedWith.get(task.id()) == StopReason.CANCELLED,
        "the lease keeper to stop the execution",
        Duration.ofSeconds(1));
  }

  @Test
  void aCancelThroughThisNodeStopsTheExecutionWithoutNotificationOrLeaseTick() {
    EngineSettings longLease =
        settings(1)
            .withTimings(
                Duration.ofSeconds(60),
                Duration.ofSeconds(30),
                Duration.ofSeconds(30),
                Duration.ZERO);
    harness = new EngineHarness(longLease, listener -> () -> {}, WorkerPool.Tuning.DEFAULT).open();
    EngineHarness h = harness;
    h.pool.stop();
    Task task = h.submit(BLOCK);
    h.pool.start();
    h.awaitStarted(task.id());

    // What TaskService.cancel does: cancel in the queue, then publish the change.
    h.events.changed(List.of(h.store.queue().cancel(task.id())));

    await(
        () -> h.runner.stoppedWith.get(task.id()) == StopReason.CANCELLED,
        "the task event to stop the execution",
        Duration.ofSeconds(1));
  }

  @Test
  void aTaskPastItsDeadlineIsStoppedAndRecordedAsTimeout() {
    EngineHarness h = open(settings(1));
    Task task = h.submit(Map.of("script", "block", "timeout_minutes", 0.005));

    Task done = h.awaitStatus(task.id(), TaskStatus.TIMEOUT);

    assertEquals("Task exceeded timeout limit of 0.005 minutes", done.errorDetails());
    assertEquals(StopReason.TIMED_OUT, h.runner.stoppedWith.get(task.id()));
    LogEntry timedOut =
        h.store.logs().list(task.id(), LogLevel.WARNING, 100).logs().stream()
            .filter(e -> e.message().equals("Task timed out"))
            .findFirst()
            .orElseThrow();
    assertEquals(0.005, ((Number) timedOut.context().get("timeout_minutes")).doubleValue());
    await(
        () -> h.pool.snapshots().get("node-a-worker-001").tasksFailed() == 1,
        "a timeout to count as failed");
  }

  @Test
  void theLeaseKeeperTimesOutWhenTheClockPassesTheDeadline() {
    EngineHarness h = open(settings(1));
    Task task = h.submit(Map.of("script", "block", "timeout_minutes", 30));
    h.awaitStarted(task.id());

    h.store.clock().advance(Duration.ofMinutes(31));

    Task done = h.awaitStatus(task.id(), TaskStatus.TIMEOUT);
    assertEquals("Task exceeded timeout limit of 30 minutes", done.errorDetails());
  }

  @Test
  void aFailedRunFailsTheTaskAndKeepsItsResult() {
    EngineHarness h = open(settings(1));
    Task task = h.submit(Map.of("script", "fail"));

    Task done = h.awaitStatus(task.id(), TaskStatus.FAILED);

    assertEquals("agent gave up", done.errorDetails());
    assertEquals(Map.of("success", false, "steps", 3), done.result());
    assertTrue(messages(h, task.id()).contains("Task failed: agent gave up"));
  }

  @Test
  void shutdownHandsBackTasksStillRunningWithTheirAttemptUnchanged() {
    EngineHarness h = open(settings(2));
    Task task = h.submit(BLOCK);
    h.awaitStarted(task.id());

    h.pool.shutdown(Duration.ofMillis(50));

    Task back = h.task(task.id());
    assertEquals(TaskStatus.PENDING, back.status());
    assertEquals(1, back.attempt());
    assertNull(back.workerId());
    assertEquals(StopReason.SHUTDOWN, h.runner.stoppedWith.get(task.id()));
    assertTrue(messages(h, task.id()).contains("Task handed back: node shutting down"));
    for (String id : List.of("node-a-worker-001", "node-a-worker-002")) {
      Worker worker = h.store.workers().find(id).orElseThrow();
      assertEquals(WorkerStatus.OFFLINE, worker.status());
      assertNull(worker.currentTaskId(), "an offline worker holds no task after the hand-back");
    }
  }

  @Test
  void shutdownWritesEachSlotsFinalStateEvenWithoutALeaseKeeperTick() {
    // Lease 30 s: the lease keeper (the registry's usual writer) does not tick during the test.
    EngineHarness h =
        open(
            settings(2)
                .withTimings(
                    Duration.ofSeconds(30),
                    Duration.ofSeconds(30),
                    Duration.ofSeconds(30),
                    EngineHarness.WAIT));
    Task finishing = h.submit(BLOCK);
    Task handedBack = h.submit(BLOCK);
    h.awaitStarted(finishing.id());
    h.awaitStarted(handedBack.id());
    h.pool.stop(); // writes both slots busy, with their tasks, to the registry
    h.runner.release(finishing.id(), new RunOutcome.Succeeded(Map.of("success", true)));
    h.awaitStatus(finishing.id(), TaskStatus.COMPLETED);

    h.pool.shutdown(Duration.ofMillis(50));

    assertEquals(TaskStatus.PENDING, h.task(handedBack.id()).status());
    List<Worker> workers =
        List.of("node-a-worker-001", "node-a-worker-002").stream()
            .map(id -> h.store.workers().find(id).orElseThrow())
            .toList();
    for (Worker worker : workers) {
      assertEquals(WorkerStatus.OFFLINE, worker.status(), worker.toString());
      assertNull(worker.currentTaskId(), "an offline worker holds no task: " + worker);
    }
    assertEquals(1, workers.stream().mapToLong(Worker::tasksCompleted).sum(), workers.toString());
  }

  @Test
  void aSecondShutdownHandsBackAtOnceEvenWhenTheRunnerIgnoresTheStop() throws Exception {
    EngineHarness h = open(settings(1));
    Task task = h.submit(Map.of("script", "stubborn"));
    h.awaitStarted(task.id());
    Thread first = Thread.ofPlatform().start(() -> h.pool.shutdown(Duration.ofMinutes(5)));
    await(() -> first.getState() == Thread.State.TIMED_WAITING, "the first shutdown to wait");

    long began = System.nanoTime();
    h.pool.shutdown(Duration.ofMinutes(5));

    assertTrue(Duration.ofNanos(System.nanoTime() - began).compareTo(Duration.ofSeconds(2)) < 0);
    first.join(Duration.ofSeconds(5));
    assertEquals(TaskStatus.PENDING, h.task(task.id()).status());
    h.runner.release(task.id());
  }

  @Test
  void aFinishAfterTheLeaseWasLostWritesNothing() {
    EngineHarness h = open(settings(1));
    Task task = h.submit(Map.of("script", "stubborn"));
    h.awaitStarted(task.id());
    h.pool.stop();
    // Another node's reaper took the task back (our lease expired, say).
    h.store.queue().handBack(List.of(h.task(task.id()).leaseRef().orElseThrow()), "lease expired");

    h.runner.release(task.id(), new RunOutcome.Succeeded(Map.of("success", true)));

    await(
        () -> h.pool.status().workers().get("node-a-worker-001").currentTaskId() == null,
        "the slot to be free");
    Task after = h.task(task.id());
    assertEquals(TaskStatus.PENDING, after.status());
    assertNull(after.result());
    assertFalse(messages(h, task.id()).contains("Task completed"));
    assertEquals(0, h.pool.snapshots().get("node-a-worker-001").tasksCompleted());
  }

  @Test
  void countsOutcomesPerSlotAndWritesThemToTheRegistry() {
    EngineHarness h = open(settings(1));
    Task ok1 = h.submit(Map.of());
    Task ok2 = h.submit(Map.of());
    Task bad = h.submit(Map.of("script", "fail"));
    for (Task task : List.of(ok1, ok2, bad)) {
      h.awaitStatus(task.id(), task == bad ? TaskStatus.FAILED : TaskStatus.COMPLETED);
    }

    await(
        () -> {
          WorkerSnapshot s = h.pool.snapshots().get("node-a-worker-001");
          return s.tasksCompleted() == 2 && s.tasksFailed() == 1;
        },
        "live counters 2/1");
    await(
        () -> {
          Worker w = h.store.workers().find("node-a-worker-001").orElseThrow();
          return w.tasksCompleted() == 2 && w.tasksFailed() == 1 && w.status() == WorkerStatus.IDLE;
        },
        "the registry to show 2/1 after a lease-keeper tick");
  }

  @Test
  void internalWorkersRegisterWithTheirIdsBackendAndMetadata() {
    EngineHarness h = open(settings(2));

    List<Worker> workers =
        h.store.workers().list(io.aiopslab.executor.domain.worker.WorkerFilter.ALL);
    assertEquals(
        List.of("node-a-worker-001", "node-a-worker-002"),
        workers.stream().map(Worker::id).toList());
    for (Worker worker : workers) {
      assertEquals("orchestrator", worker.backendType());
      assertEquals(
          Map.of("type", "internal", "node_id", "node-a", "pid", 4242L, "version", "1.2.3"),
          normalise(worker.metadata()));
      assertTrue(worker.isInternal());
    }
    Task task = h.submit(BLOCK);
    h.awaitStarted(task.id());
    String owner = h.task(task.id()).workerId();
    assertEquals(WorkerStatus.BUSY, h.pool.snapshots().get(owner).status());
    assertEquals(task.id(), h.pool.snapshots().get(owner).currentTaskId());
    assertEquals(task.id(), h.pool.status().workers().get(owner).currentTaskId());
    h.runner.release(task.id());
  }

  @Test
  void aTaskLeftRunningByAPreviousLifeOfTheNodeIsHandedBackAtOpen() {
    EngineHarness before = new EngineHarness(settings(1));
    before
        .store
        .workers()
        .register(
            new io.aiopslab.executor.domain.worker.WorkerRegistration(
                "node-a-worker-001", "orchestrator", Map.of(), Map.of("type", "internal")));
    Task task = before.submit(Map.of());
    before
        .store
        .queue()
        .claim(
            new io.aiopslab.executor.domain.task.ClaimRequest(
                List.of("node-a-worker-001"), "orchestrator", Duration.ofMinutes(5)));
    harness = before.open();

    assertTrue(
        messages(before, task.id())
            .contains("Task handed back: worker node-a-worker-001 restarted"));
    before.awaitStatus(task.id(), TaskStatus.COMPLETED);
    assertEquals(2, before.task(task.id()).attempt());
  }

  private static List<String> messages(EngineHarness h, TaskId id) {
    return h.store.logs().list(id, null, 1000).logs().stream().map(LogEntry::message).toList();
  }

  private static Map<String, String> statuses(PoolStatus status) {
    return status.workers().entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().status()));
  }

  private static Map<String, Object> normalise(Map<String, Object> metadata) {
    return metadata.entrySet().stream()
        .collect(
            Collectors.toMap(
                Map.Entry::getKey,
                e -> e.getValue() instanceof Number n ? (Object) n.longValue() : e.getValue()));
  }
}
