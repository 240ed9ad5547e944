package io.aiopslab.executor.ports.workers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.aiopslab.executor.domain.ValidationFailed;
import io.aiopslab.executor.domain.task.SubmissionDefaults;
import io.aiopslab.executor.domain.task.Task;
import io.aiopslab.executor.domain.task.TaskId;
import io.aiopslab.executor.domain.task.TaskSubmissionRules;
import io.aiopslab.executor.domain.worker.Worker;
import io.aiopslab.executor.domain.worker.WorkerNotFound;
import io.aiopslab.executor.domain.worker.WorkerSnapshot;
import io.aiopslab.executor.domain.worker.WorkerStatus;
import io.aiopslab.executor.ports.fakes.InMemoryStore;
import io.aiopslab.executor.ports.fakes.MutableClock;
import io.aiopslab.executor.ports.tasks.SubmitTasks.SubmitTask;
import io.aiopslab.executor.ports.tasks.TaskEvents;
import io.aiopslab.executor.ports.tasks.TaskService;
import io.aiopslab.executor.ports.workers.QueryWorkers.WorkerStats;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** Worker reads: filters, order, the live overlay of internal workers, and stats formulas. */
class WorkerQueryServiceTest {

  private final MutableClock clock = new MutableClock();
  private final InMemoryStore store = new InMemoryStore(clock);
  private final TaskEvents events = new TaskEvents((message, e) -> {});
  private final TaskService tasks =
      new TaskService(
          store.queue(),
          store.logs(),
          new TaskSubmissionRules(SubmissionDefaults.ORIGINAL),
          events);
  private final WorkerProtocolService protocol =
      new WorkerProtocolService(
          store.queue(), store.workers(), store.logs(), events, clock, Duration.ofSeconds(60));
  private final Map<String, WorkerSnapshot> live = new ConcurrentHashMap<>();
  private final WorkerQueryService query =
      new WorkerQueryService(store.workers(), store.queue(), () -> Map.copyOf(live), clock);

  @Test
  void listIsSortedByIdAndFiltersByStatusAndBackend() {
    register("w-c", "kind");
    register("w-a", "orchestrator");
    register("w-b", "kind");
    submit("p");
    protocol.claim("w-b").orElseThrow();

    assertEquals(List.of("w-a", "w-b", "w-c"), ids(query.list(null, null)));
    assertEquals(List.of("w-b", "w-c"), ids(query.list(null, "kind")));
    assertEquals(List.of("w-a", "w-c"), ids(query.list("idle", null)));
    assertEquals(List.of("w-b"), ids(query.list("busy", "kind")));
    assertEquals(List.of(), ids(query.list("offline", null)));
    assertEquals(List.of("w-a", "w-b", "w-c"), ids(query.list(null, "")));
  }

  @Test
  void listRejectsAnUnknownOrUpperCaseStatus() {
    for (String status : List.of("IDLE", "sleeping", "")) {
      ValidationFailed e = assertThrows(ValidationFailed.class, () -> query.list(status, null));
      assertEquals("status", e.errors().getFirst().field(), "status=" + status);
    }
  }

  @Test
  void liveStateOfInternalWorkersIsLaidOverTheRegistry() {
    register("node-worker-001", "orchestrator");
    register("node-worker-002", "orchestrator");
    TaskId running = TaskId.generate();
    live.put(
        "node-worker-001", new WorkerSnapshot("node-worker-001", WorkerStatus.BUSY, running, 4, 1));

    Worker overlaid = query.get("node-worker-001");

    assertEquals(WorkerStatus.BUSY, overlaid.status());
    assertEquals(running, overlaid.currentTaskId());
    assertEquals(4, overlaid.tasksCompleted());
    assertEquals(1, overlaid.tasksFailed());
    assertEquals(List.of("node-worker-001"), ids(query.list("busy", null)));
    assertEquals(List.of("node-worker-002"), ids(query.list("idle", null)));
    WorkerStats stats = query.stats("node-worker-001");
    assertEquals(5, stats.totalTasks());
    assertEquals(0.8, stats.successRate(), 1e-9);
    assertEquals("busy", stats.currentStatus());
  }

  @Test
  void getAndStatsOfAnUnknownWorkerAreWorkerNotFound() {
    assertEquals(
        "Worker nobody not found",
        assertThrows(WorkerNotFound.class, () -> query.get("nobody")).getMessage());
    assertThrows(WorkerNotFound.class, () -> query.stats("nobody"));
  }

  @Test
  void statsOfANewWorkerAreZeroWithoutAnAverage() {
    register("w-1", "orchestrator");
    clock.advance(Duration.ofMillis(90_500));

    WorkerStats stats = query.stats("w-1");

    assertEquals("w-1", stats.workerId());
    assertEquals(0, stats.totalTasks());
    assertEquals(0.0, stats.successRate());
    assertNull(stats.averageTaskDuration());
    assertEquals(90.5, stats.uptimeSeconds(), 1e-9);
    assertEquals("idle", stats.currentStatus());
  }

  @Test
  void statsCountCompletedAndFailedAndAverageTheCompletedDurations() {
    register("w-1", "orchestrator");
    register("w-2", "orchestrator");
    runAndComplete("w-1", Duration.ofSeconds(10));
    runAndComplete("w-1", Duration.ofSeconds(20));
    runAndComplete("w-2", Duration.ofSeconds(100)); // another worker's task is not averaged
    Task failing = claim("w-1");
    clock.advance(Duration.ofSeconds(500));
    protocol.fail("w-1", failing.id().toString(), Map.of("error", "x"));
    Task cancelled = claim("w-1");
    tasks.cancel(cancelled.id().toString());

    WorkerStats stats = query.stats("w-1");

    assertEquals(3, stats.totalTasks(), "completed + failed; a cancel counts in neither");
    assertEquals(2.0 / 3, stats.successRate(), 1e-9);
    assertEquals(15.0, stats.averageTaskDuration(), 1e-9);
    assertEquals("idle", stats.currentStatus());
  }

  private void register(String workerId, String backendType) {
    protocol.register(Map.of("worker_id", workerId, "backend_type", backendType));
  }

  private Task submit(String problemId) {
    return tasks.submit(new SubmitTask(Map.of("problem_id", problemId), null)).task();
  }

  private Task claim(String workerId) {
    Task submitted = submit("p");
    Task claimed = protocol.claim(workerId).orElseThrow();
    assertEquals(submitted.id(), claimed.id());
    return claimed;
  }

  private void runAndComplete(String workerId, Duration duration) {
    Task task = claim(workerId);
    clock.advance(duration);
    protocol.complete(workerId, task.id().toString(), Map.of());
  }

  private static List<String> ids(List<Worker> workers) {
    return workers.stream().map(Worker::id).toList();
  }
}
