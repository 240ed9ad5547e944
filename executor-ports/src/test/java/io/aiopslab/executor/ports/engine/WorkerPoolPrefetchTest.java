package io.aiopslab.executor.ports.engine;

import static io.aiopslab.executor.ports.engine.EngineHarness.await;
import static io.aiopslab.executor.ports.engine.EngineHarness.settings;
import static io.aiopslab.executor.ports.engine.ScriptedRunner.BLOCK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aiopslab.executor.domain.log.LogEntry;
import io.aiopslab.executor.domain.run.RunRequest;
import io.aiopslab.executor.domain.run.StopReason;
import io.aiopslab.executor.domain.task.NewTask;
import io.aiopslab.executor.domain.task.Task;
import io.aiopslab.executor.domain.task.TaskId;
import io.aiopslab.executor.domain.task.TaskStatus;
import io.aiopslab.executor.domain.worker.WorkerSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * WORKER_PREFETCH: each slot claims tasks ahead of the one it runs. Still one task at a time per
 * slot, each run exactly once by the worker the queue recorded, and a task claimed ahead is
 * cancelled, handed back or timed out like a running one.
 */
class WorkerPoolPrefetchTest {
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
  void drainsEachTaskOnceOnTheWorkerTheQueueRecordedNeverMoreThanOneAtATimePerSlot() {
    int count = 3_000;
    EngineHarness h = open(settings(4).withPrefetch(20).withAutoStart(false));
    List<NewTask> batch = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      batch.add(EngineHarness.newTask("prefetch-" + i, Map.of()));
    }
    List<Task> tasks = h.store.queue().submit(batch);

    h.pool.start();
    await(() -> completed(h) == count, "all tasks to complete", Duration.ofSeconds(60));

    assertEquals(count, h.runner.started.size());
    assertEquals(count, h.runner.startedIds().stream().distinct().count(), "each ran once");
    assertTrue(h.runner.mostAtOnce.get() <= 4, "at most one run per slot at a time");
    for (RunRequest run : h.runner.started) {
      Task done = h.task(run.task().id());
      assertEquals(TaskStatus.COMPLETED, done.status());
      assertEquals(run.workerId(), done.workerId(), "the worker recorded is the one that ran it");
      assertEquals(1, done.attempt());
    }
    var counts = h.store.queue().statistics().countsByStatus();
    assertEquals(count, counts.get(TaskStatus.COMPLETED));
    assertEquals(0, counts.get(TaskStatus.RUNNING));
    assertEquals(tasks.size(), count);
  }

  @Test
  void claimsAheadForABusySlotAndStartsThemInClaimOrder() {
    EngineHarness h = open(settings(1).withPrefetch(2));
    Task first = h.submit(BLOCK);
    h.awaitStarted(first.id());
    Task second = submitLater(h);
    Task third = submitLater(h);
    Task fourth = submitLater(h);

    // The busy slot takes two more (its prefetch), leased to it, not started yet.
    await(
        () ->
            h.task(second.id()).status() == TaskStatus.RUNNING
                && h.task(third.id()).status() == TaskStatus.RUNNING,
        "two tasks claimed ahead");
    assertEquals("node-a-worker-001", h.task(second.id()).workerId());
    assertEquals(TaskStatus.PENDING, h.task(fourth.id()).status(), "no more than the prefetch");
    assertEquals(List.of(first.id()), h.runner.startedIds());

    h.runner.release(first.id());
    for (Task task : List.of(first, second, third, fourth)) {
      h.awaitStatus(task.id(), TaskStatus.COMPLETED);
    }
    assertEquals(List.of(first.id(), second.id(), third.id(), fourth.id()), h.runner.startedIds());
  }

  @Test
  void aCancelledTaskClaimedAheadNeverRuns() {
    EngineHarness h = open(settings(1).withPrefetch(1));
    var held = new java.util.concurrent.ConcurrentLinkedQueue<TaskId>();
    h.events.add(
        new io.aiopslab.executor.ports.tasks.TaskEventListener() {
          @Override
          public void started(Task task) {
            held.add(task.id()); // published once the pool holds the task
          }
        });
    Task first = h.submit(BLOCK);
    h.awaitStarted(first.id());
    Task ahead = h.submit(Map.of());
    await(() -> held.contains(ahead.id()), "the task claimed ahead, held by the slot");

    h.events.changed(List.of(h.store.queue().cancel(ahead.id())));
    h.runner.release(first.id());

    h.awaitStatus(first.id(), TaskStatus.COMPLETED);
    await(
        () -> h.pool.status().workers().get("node-a-worker-001").status().equals("idle"),
        "the slot to be idle");
    assertFalse(h.runner.hasStarted(ahead.id()), "the runner never saw the cancelled task");
    assertEquals(TaskStatus.CANCELLED, h.task(ahead.id()).status());
    assertFalse(messages(h, ahead.id()).contains("Task completed"));
  }

  @Test
  void shutdownHandsBackTasksClaimedAheadWithoutRunningThem() {
    EngineHarness h = open(settings(1).withPrefetch(3));
    Task first = h.submit(BLOCK);
    h.awaitStarted(first.id());
    List<Task> ahead = h.submitMany(3, Map.of());
    await(
        () -> ahead.stream().allMatch(t -> h.task(t.id()).status() == TaskStatus.RUNNING),
        "three tasks claimed ahead");

    h.pool.shutdown(Duration.ofMillis(50));

    assertEquals(StopReason.SHUTDOWN, h.runner.stoppedWith.get(first.id()));
    for (Task task : ahead) {
      Task back = h.task(task.id());
      assertEquals(TaskStatus.PENDING, back.status(), "handed back");
      assertNull(back.workerId());
      assertFalse(h.runner.hasStarted(task.id()));
      assertTrue(messages(h, task.id()).contains("Task handed back: node shutting down"));
    }
  }

  @Test
  void leasesOfTasksClaimedAheadAreRenewed() {
    // Lease 300 ms, renewed every 100 ms. The store's clock moves on by 1 s in steps of 100 ms,
    // each step waiting for a renewal: the task waiting behind a blocked one keeps its lease all
    // along (the reaper, also every 100 ms, would hand it back otherwise), then runs once.
    EngineHarness h = open(settings(1).withPrefetch(1));
    Task first = h.submit(BLOCK);
    h.awaitStarted(first.id());
    Task ahead = h.submit(Map.of());
    await(() -> h.task(ahead.id()).status() == TaskStatus.RUNNING, "the task claimed ahead");

    for (int step = 0; step < 10; step++) {
      Instant now = h.store.clock().advance(Duration.ofMillis(100));
      await(
          () -> {
            Task held = h.task(ahead.id());
            return held.lease() != null
                && held.lease().expiresAt().isAfter(now.plusMillis(150))
                && held.status() == TaskStatus.RUNNING;
          },
          "the lease to be renewed after " + now);
    }
    h.runner.release(first.id());

    Task done = h.awaitStatus(ahead.id(), TaskStatus.COMPLETED);
    assertEquals(1, done.attempt());
    assertEquals(1, h.runner.startedIds().stream().filter(ahead.id()::equals).count());
  }

  /** Submits after the store's clock moved on, so that the claim order is the submit order. */
  private static Task submitLater(EngineHarness h) {
    h.store.clock().advance(Duration.ofMillis(1));
    return h.submit(Map.of());
  }

  private static long completed(EngineHarness h) {
    return h.pool.snapshots().values().stream().mapToLong(WorkerSnapshot::tasksCompleted).sum();
  }

  private static List<String> messages(EngineHarness h, TaskId id) {
    return h.store.logs().list(id, null, 1000).logs().stream().map(LogEntry::message).toList();
  }
}
