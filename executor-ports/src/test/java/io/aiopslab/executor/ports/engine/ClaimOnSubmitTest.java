package io.aiopslab.executor.ports.engine;

import static io.aiopslab.executor.ports.engine.EngineHarness.RULES;
import static io.aiopslab.executor.ports.engine.EngineHarness.assertStays;
import static io.aiopslab.executor.ports.engine.EngineHarness.body;
import static io.aiopslab.executor.ports.engine.EngineHarness.settings;
import static io.aiopslab.executor.ports.engine.ScriptedRunner.BLOCK;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.aiopslab.executor.domain.task.Task;
import io.aiopslab.executor.domain.task.TaskStatus;
import io.aiopslab.executor.ports.tasks.SubmitTasks.SubmitTask;
import io.aiopslab.executor.ports.tasks.SubmitTasks.SubmitTaskBatch;
import io.aiopslab.executor.ports.tasks.TaskEventListener;
import io.aiopslab.executor.ports.tasks.TaskService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A submit on a node with free slots claims for them in its own call to the queue (ADR 0009). No
 * notification ever arrives and the poll interval is 30 s, so the dispatcher claims only when the
 * submit's own submitted event wakes it, which is after the submit's claim: it finds the slots the
 * submit claimed for already taken.
 */
class ClaimOnSubmitTest {
  private EngineHarness harness;
  private TaskService service;

  private EngineHarness open(EngineSettings settings) {
    harness = new EngineHarness(settings, listener -> () -> {}, WorkerPool.Tuning.DEFAULT).open();
    service =
        new TaskService(
            harness.store.queue(),
            harness.store.logs(),
            RULES,
            harness.events,
            harness.pool.claimOnSubmit());
    settle();
    return harness;
  }

  /**
   * Lets the dispatcher's round in flight end (its first one at open, or one woken by a submitted
   * event): while it claims, its slots are reserved and a submit finds none free, which is right
   * but not what these tests look at. Afterwards it sleeps until the next event.
   */
  private static void settle() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @AfterEach
  void closePool() {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void aSubmitOnAnIdleNodeReturnsWithItsTaskClaimedForAFreeSlot() {
    EngineHarness h = open(settings(2));

    Task submitted = submit(BLOCK);

    assertEquals(TaskStatus.PENDING, submitted.status(), "the submit returns the task as stored");
    Task now = h.task(submitted.id());
    assertEquals(TaskStatus.RUNNING, now.status());
    assertEquals("node-a-worker-001", now.workerId());
    h.awaitStarted(submitted.id());
    h.runner.release(submitted.id());
    h.awaitStatus(submitted.id(), TaskStatus.COMPLETED);
  }

  @Test
  void aBatchClaimsOneTaskPerFreeSlotAndLeavesTheRestQueued() {
    EngineHarness h = open(settings(2));
    Task busy = submit(BLOCK); // takes slot 1
    h.awaitStarted(busy.id());
    settle();

    List<Task> batch = submitBatch(3, BLOCK);

    List<Task> running =
        batch.stream()
            .map(t -> h.task(t.id()))
            .filter(t -> t.status() == TaskStatus.RUNNING)
            .toList();
    assertEquals(1, running.size(), "one free slot, one task claimed by the submit");
    assertEquals("node-a-worker-002", running.getFirst().workerId());
    // Every task still runs exactly once as slots free up.
    h.runner.release(busy.id());
    for (Task task : batch) {
      h.awaitStarted(task.id());
      h.runner.release(task.id());
    }
    for (Task task : batch) {
      h.awaitStatus(task.id(), TaskStatus.COMPLETED);
    }
    assertEquals(4, h.runner.started.size());
  }

  @Test
  void theClaimTakesTheBestPendingTaskWhichNeedNotBeTheOneSubmitted() {
    EngineHarness h = open(settings(1));
    // Queued behind the pool's back: no event, no notification, no poll within the test.
    Task urgent = h.submit(Map.of("priority", 9, "script", "block"));

    Task submitted = submit(Map.of("priority", 1));

    assertEquals(TaskStatus.RUNNING, h.task(urgent.id()).status());
    assertEquals(TaskStatus.PENDING, h.task(submitted.id()).status());
    h.awaitStarted(urgent.id());
    h.runner.release(urgent.id());
    h.awaitStatus(submitted.id(), TaskStatus.COMPLETED);
  }

  @Test
  void noClaimForAnotherBackendOrWhileThePoolIsStopped() {
    EngineHarness h = open(settings(1));

    Task other = submit(Map.of("backend_type", "kind-cluster"));
    h.pool.stop();
    Task whileStopped = submit(Map.of());

    assertStays(
        () ->
            h.task(other.id()).status() == TaskStatus.PENDING
                && h.task(whileStopped.id()).status() == TaskStatus.PENDING,
        "neither task is claimed",
        Duration.ofMillis(200));
    h.pool.start();
    h.awaitStatus(whileStopped.id(), TaskStatus.COMPLETED);
    assertEquals(TaskStatus.PENDING, h.task(other.id()).status());
  }

  @Test
  void listenersHearSubmittedBeforeStartedAndFinished() {
    EngineHarness h = open(settings(1));
    List<String> heard = Collections.synchronizedList(new ArrayList<>());
    h.events.add(
        new TaskEventListener() {
          @Override
          public void submitted(Task task) {
            heard.add("submitted");
          }

          @Override
          public void started(Task task) {
            heard.add("started");
          }

          @Override
          public void finished(Task task) {
            heard.add("finished");
          }
        });

    Task task = submit(Map.of());

    h.awaitStatus(task.id(), TaskStatus.COMPLETED);
    EngineHarness.await(() -> heard.size() == 3, "three events");
    assertEquals(List.of("submitted", "started", "finished"), heard);
  }

  private Task submit(Map<String, Object> parameters) {
    return service.submit(new SubmitTask(body("problem-1", parameters), null)).task();
  }

  private List<Task> submitBatch(int count, Map<String, Object> parameters) {
    var tasks = new ArrayList<Object>();
    for (int i = 0; i < count; i++) {
      tasks.add(body("problem-" + i, parameters));
    }
    return service.submitBatch(new SubmitTaskBatch(Map.of("tasks", tasks)));
  }
}
