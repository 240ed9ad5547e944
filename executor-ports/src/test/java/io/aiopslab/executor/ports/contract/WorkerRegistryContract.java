package io.aiopslab.executor.ports.contract;

import static io.aiopslab.executor.ports.contract.ContractSamples.assertSameWorker;
import static io.aiopslab.executor.ports.contract.ContractSamples.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aiopslab.executor.domain.spi.WorkerRegistry;
import io.aiopslab.executor.domain.task.TaskId;
import io.aiopslab.executor.domain.task.TaskStatus;
import io.aiopslab.executor.domain.worker.Worker;
import io.aiopslab.executor.domain.worker.WorkerCounts;
import io.aiopslab.executor.domain.worker.WorkerFilter;
import io.aiopslab.executor.domain.worker.WorkerNotFound;
import io.aiopslab.executor.domain.worker.WorkerRegistration;
import io.aiopslab.executor.domain.worker.WorkerSnapshot;
import io.aiopslab.executor.domain.worker.WorkerStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The promises of {@link WorkerRegistry}, for any adapter. Choices this suite fixes where the SPI
 * javadoc leaves one: going offline changes the status only (the current task stays until it is
 * released), and a release never brings an offline worker back to idle.
 */
public abstract class WorkerRegistryContract {

  private static final Duration TICK = ContractSamples.TICK;

  private SpiFixture fixture;
  private WorkerRegistry workers;

  protected abstract SpiFixture newFixture() throws Exception;

  @BeforeEach
  void openFixture() throws Exception {
    fixture = newFixture();
    workers = fixture.workers();
  }

  @AfterEach
  void closeFixture() throws Exception {
    fixture.close();
  }

  @Test
  void registerCreatesAnIdleWorkerWithZeroCounters() {
    WorkerRegistry.Registered registered =
        workers.register(
            new WorkerRegistration(
                "worker-001-kind", "kind", Map.of("max_parallel_tasks", 2), Map.of("zone", "a")));

    assertTrue(registered.created());
    Worker worker = registered.worker();
    assertEquals("worker-001-kind", worker.id());
    assertEquals("kind", worker.backendType());
    assertEquals(WorkerStatus.IDLE, worker.status());
    assertNull(worker.currentTaskId());
    assertEquals(0, worker.tasksCompleted());
    assertEquals(0, worker.tasksFailed());
    assertEquals(worker.registeredAt(), worker.lastHeartbeat());
    assertEquals(2, worker.maxParallelTasks());
    assertEquals(Map.of("zone", "a"), worker.metadata());
    assertSameWorker(worker, workers.find("worker-001-kind").orElseThrow());
  }

  @Test
  void reRegistrationReplacesDescriptionAndKeepsCountersAndRegisteredAt() throws Exception {
    Worker first = register("w-1", "kind");
    TaskId task = submittedTask();
    workers.assigned("w-1", task);
    workers.released("w-1", task, TaskStatus.COMPLETED);
    fixture.elapse(TICK);

    WorkerRegistry.Registered again =
        workers.register(
            new WorkerRegistration("w-1", "other", Map.of("gpu", true), Map.of("v", "2")));

    assertFalse(again.created());
    Worker worker = again.worker();
    assertEquals("other", worker.backendType());
    assertEquals(Map.of("gpu", true), worker.capabilities());
    assertEquals(Map.of("v", "2"), worker.metadata());
    assertEquals(1, worker.tasksCompleted());
    assertEquals(first.registeredAt(), worker.registeredAt());
    assertTrue(worker.lastHeartbeat().isAfter(first.lastHeartbeat()));
    assertEquals(WorkerStatus.IDLE, worker.status());
    assertNull(worker.currentTaskId());
  }

  @Test
  void findOfAnUnknownWorkerIsEmpty() {
    assertTrue(workers.find("nobody").isEmpty());
  }

  @Test
  void heartbeatRecordsTheReportedStateAtTheStoreTime() throws Exception {
    Worker registered = register("w-1", "kind");
    TaskId task = submittedTask();
    fixture.elapse(TICK);

    Worker busy = workers.heartbeat("w-1", WorkerStatus.BUSY, task);

    assertEquals(WorkerStatus.BUSY, busy.status());
    assertEquals(task, busy.currentTaskId());
    assertTrue(busy.lastHeartbeat().isAfter(registered.lastHeartbeat()));
    assertSameWorker(busy, workers.find("w-1").orElseThrow());
    Worker idle = workers.heartbeat("w-1", WorkerStatus.IDLE, null);
    assertEquals(WorkerStatus.IDLE, idle.status());
    assertNull(idle.currentTaskId());
  }

  @Test
  void heartbeatOfAnUnknownWorkerIsWorkerNotFound() {
    var refused =
        assertThrows(
            WorkerNotFound.class, () -> workers.heartbeat("ghost", WorkerStatus.IDLE, null));

    assertEquals("Worker ghost not found", refused.getMessage());
  }

  @Test
  void assignedMakesTheWorkerBusyWithThatTask() {
    register("w-1", "kind");
    TaskId task = submittedTask();

    workers.assigned("w-1", task);

    Worker worker = workers.find("w-1").orElseThrow();
    assertEquals(WorkerStatus.BUSY, worker.status());
    assertEquals(task, worker.currentTaskId());
  }

  @Test
  void releasedCountsCompletedAndFailedAndTimeoutButNotCancelOrHandBack() {
    register("w-1", "kind");

    release("w-1", TaskStatus.COMPLETED);
    release("w-1", TaskStatus.COMPLETED);
    release("w-1", TaskStatus.FAILED);
    release("w-1", TaskStatus.TIMEOUT);
    release("w-1", TaskStatus.CANCELLED);
    release("w-1", TaskStatus.PENDING);

    Worker worker = workers.find("w-1").orElseThrow();
    assertEquals(2, worker.tasksCompleted());
    assertEquals(2, worker.tasksFailed());
    assertEquals(WorkerStatus.IDLE, worker.status());
    assertNull(worker.currentTaskId());
  }

  @Test
  void releasingAnotherTaskKeepsTheCurrentOne() {
    register("w-1", "kind");
    TaskId current = submittedTask();
    TaskId other = submittedTask();
    workers.assigned("w-1", current);

    workers.released("w-1", other, TaskStatus.COMPLETED);

    Worker worker = workers.find("w-1").orElseThrow();
    assertEquals(WorkerStatus.BUSY, worker.status());
    assertEquals(current, worker.currentTaskId());
    assertEquals(1, worker.tasksCompleted());
  }

  @Test
  void releasingTheTaskOfAnOfflineWorkerKeepsItOffline() {
    register("w-1", "kind");
    TaskId task = submittedTask();
    workers.assigned("w-1", task);
    workers.markOffline(List.of("w-1"));

    workers.released("w-1", task, TaskStatus.PENDING);

    Worker worker = workers.find("w-1").orElseThrow();
    assertEquals(WorkerStatus.OFFLINE, worker.status());
    assertNull(worker.currentTaskId());
  }

  @Test
  void syncInternalWritesLiveStateCountersAndHeartbeat() throws Exception {
    Worker before = register("node-worker-001", "orchestrator");
    register("node-worker-002", "orchestrator");
    TaskId task = submittedTask();
    fixture.elapse(TICK);

    workers.syncInternal(
        List.of(
            new WorkerSnapshot("node-worker-001", WorkerStatus.BUSY, task, 4, 1),
            new WorkerSnapshot("node-worker-002", WorkerStatus.IDLE, null, 2, 0)));

    Worker first = workers.find("node-worker-001").orElseThrow();
    assertEquals(WorkerStatus.BUSY, first.status());
    assertEquals(task, first.currentTaskId());
    assertEquals(4, first.tasksCompleted());
    assertEquals(1, first.tasksFailed());
    assertTrue(first.lastHeartbeat().isAfter(before.lastHeartbeat()));
    Worker second = workers.find("node-worker-002").orElseThrow();
    assertEquals(WorkerStatus.IDLE, second.status());
    assertEquals(2, second.tasksCompleted());
  }

  @Test
  void markOfflineChangesOnlyTheNamedWorkers() {
    register("w-1", "kind");
    register("w-2", "kind");
    register("w-3", "kind");

    workers.markOffline(List.of("w-1", "w-3"));

    assertEquals(WorkerStatus.OFFLINE, workers.find("w-1").orElseThrow().status());
    assertEquals(WorkerStatus.IDLE, workers.find("w-2").orElseThrow().status());
    assertEquals(WorkerStatus.OFFLINE, workers.find("w-3").orElseThrow().status());
    assertEquals(new WorkerCounts(1, 0, 2), workers.counts());
  }

  @Test
  void markSilentOfflineTakesOnlyWorkersSilentForTheTimeout() throws Exception {
    register("w-silent", "kind");
    register("w-already-offline", "kind");
    workers.markOffline(List.of("w-already-offline"));
    fixture.elapse(Duration.ofMillis(500));
    register("w-fresh", "kind");

    List<Worker> silenced = workers.markSilentOffline(Duration.ofMillis(300));

    assertEquals(List.of("w-silent"), silenced.stream().map(Worker::id).toList());
    assertEquals(WorkerStatus.OFFLINE, silenced.getFirst().status());
    assertEquals(WorkerStatus.OFFLINE, workers.find("w-silent").orElseThrow().status());
    assertEquals(WorkerStatus.IDLE, workers.find("w-fresh").orElseThrow().status());
    assertEquals(List.of(), workers.markSilentOffline(Duration.ofMillis(300)));
  }

  @Test
  void countsAndListSortedByIdWithFilters() {
    register("w-c", "kind");
    register("w-a", "other");
    register("w-b", "kind");
    workers.assigned("w-b", submittedTask());
    workers.markOffline(List.of("w-c"));

    assertEquals(new WorkerCounts(1, 1, 1), workers.counts());
    assertEquals(3, workers.counts().total());
    assertEquals(List.of("w-a", "w-b", "w-c"), ids(workers.list(WorkerFilter.ALL)));
    assertEquals(List.of("w-b", "w-c"), ids(workers.list(new WorkerFilter(null, "kind"))));
    assertEquals(List.of("w-b"), ids(workers.list(new WorkerFilter(WorkerStatus.BUSY, null))));
    assertEquals(List.of("w-c"), ids(workers.list(new WorkerFilter(WorkerStatus.OFFLINE, "kind"))));
    assertEquals(List.of(), ids(workers.list(new WorkerFilter(WorkerStatus.IDLE, "kind"))));
  }

  private Worker register(String id, String backendType) {
    return workers.register(new WorkerRegistration(id, backendType, Map.of(), Map.of())).worker();
  }

  /** A real task, for stores whose current_task_id references the tasks table. */
  private TaskId submittedTask() {
    return fixture.queue().submit(List.of(task("p-worker"))).getFirst().id();
  }

  private void release(String workerId, TaskStatus outcome) {
    TaskId task = submittedTask();
    workers.assigned(workerId, task);
    workers.released(workerId, task, outcome);
  }

  private static List<String> ids(List<Worker> list) {
    return list.stream().map(Worker::id).toList();
  }
}
