package io.aiopslab.executor.ports.engine;

import static io.aiopslab.executor.ports.engine.EngineHarness.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aiopslab.executor.domain.log.LogEntry;
import io.aiopslab.executor.domain.task.ClaimRequest;
import io.aiopslab.executor.domain.task.Task;
import io.aiopslab.executor.domain.task.TaskStatus;
import io.aiopslab.executor.domain.worker.WorkerRegistration;
import io.aiopslab.executor.domain.worker.WorkerStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The reaper, driven by the store's clock, with a 50 ms round and the pool stopped. */
class ReaperTest {
  private EngineHarness harness;

  @AfterEach
  void closePool() {
    if (harness != null) {
      harness.close();
    }
  }

  private EngineHarness open() {
    EngineSettings settings =
        EngineHarness.settings(1)
            .withAutoStart(false)
            .withTimings(
                Duration.ofMillis(300),
                Duration.ofSeconds(30),
                Duration.ofMillis(50),
                Duration.ofSeconds(5));
    harness = new EngineHarness(settings).open();
    harness.store.workers().register(new WorkerRegistration("ext-1", "orchestrator", null, null));
    return harness;
  }

  private Task claimByExternal(Map<String, Object> parameters, Duration lease) {
    Task task = harness.submit(parameters);
    harness.store.queue().claim(new ClaimRequest(List.of("ext-1"), "orchestrator", lease));
    assertEquals(TaskStatus.RUNNING, harness.task(task.id()).status());
    return task;
  }

  @Test
  void looksAtLeastEveryLeaseRenewalSoACrashedNodesTasksMoveWithinLeasePlusAThird() {
    EngineSettings defaults = EngineSettings.defaults("node-a", "1.2.3", 4242);
    assertEquals(Duration.ofSeconds(15), defaults.lease());
    assertEquals(Duration.ofSeconds(10), defaults.timeoutCheckInterval());
    assertEquals(Duration.ofSeconds(5), Reaper.interval(defaults));
    EngineSettings longLease =
        defaults.withTimings(
            Duration.ofMinutes(3), Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ZERO);
    assertEquals(Duration.ofSeconds(10), Reaper.interval(longLease));
  }

  @Test
  void handsBackTasksWhoseLeaseExpired() {
    open();
    Task task = claimByExternal(Map.of(), Duration.ofSeconds(1));

    harness.store.clock().advance(Duration.ofSeconds(2));

    Task back = harness.awaitStatus(task.id(), TaskStatus.PENDING);
    assertEquals(1, back.attempt());
  }

  @Test
  void timesOutOverdueTasksWhoseOwnerIsGone() {
    open();
    Task task = claimByExternal(Map.of("timeout_minutes", 1), Duration.ofSeconds(30));

    harness.store.clock().advance(Duration.ofSeconds(61));

    Task done = harness.awaitStatus(task.id(), TaskStatus.TIMEOUT);
    assertEquals("Task exceeded timeout limit of 1 minutes", done.errorDetails());
  }

  @Test
  void marksSilentWorkersOfflineAndHandsBackTheirTasks() {
    open();
    Task task = claimByExternal(Map.of(), Duration.ofMinutes(10));

    harness.store.clock().advance(Duration.ofSeconds(61));

    harness.awaitStatus(task.id(), TaskStatus.PENDING);
    assertEquals(
        WorkerStatus.OFFLINE, harness.store.workers().find("ext-1").orElseThrow().status());
    assertTrue(
        harness.store.logs().list(task.id(), null, 100).logs().stream()
            .map(LogEntry::message)
            .anyMatch(m -> m.equals("Task handed back: worker ext-1 stopped sending heartbeats")));
  }

  @Test
  void deletesFinishedTasksPastRetention() {
    open();
    harness.pool.start();
    Task task = harness.submit(Map.of());
    harness.awaitStatus(task.id(), TaskStatus.COMPLETED);

    harness.store.clock().advance(Duration.ofDays(31));

    await(() -> harness.store.queue().find(task.id()).isEmpty(), "the old task to be deleted");
  }
}
