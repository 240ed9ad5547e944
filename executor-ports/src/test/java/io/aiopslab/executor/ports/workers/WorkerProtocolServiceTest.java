package io.aiopslab.executor.ports.workers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aiopslab.executor.domain.ValidationFailed;
import io.aiopslab.executor.domain.log.LogEntry;
import io.aiopslab.executor.domain.log.LogLevel;
import io.aiopslab.executor.domain.task.SubmissionDefaults;
import io.aiopslab.executor.domain.task.Task;
import io.aiopslab.executor.domain.task.TaskNotFound;
import io.aiopslab.executor.domain.task.TaskStatus;
import io.aiopslab.executor.domain.task.TaskSubmissionRules;
import io.aiopslab.executor.domain.worker.Worker;
import io.aiopslab.executor.domain.worker.WorkerConflict;
import io.aiopslab.executor.domain.worker.WorkerNotFound;
import io.aiopslab.executor.domain.worker.WorkerStatus;
import io.aiopslab.executor.ports.fakes.InMemoryStore;
import io.aiopslab.executor.ports.fakes.MutableClock;
import io.aiopslab.executor.ports.tasks.SubmitTasks.SubmitTask;
import io.aiopslab.executor.ports.tasks.TaskEvents;
import io.aiopslab.executor.ports.tasks.TaskService;
import io.aiopslab.executor.ports.workers.WorkerProtocol.HeartbeatReply;
import io.aiopslab.executor.ports.workers.WorkerProtocol.Registration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The worker protocol of API.md "Workers" and "Worker protocol details", as a worker sees it. */
class WorkerProtocolServiceTest {

  private static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(60);

  private final MutableClock clock = new MutableClock();
  private final InMemoryStore store = new InMemoryStore(clock);
  private final TaskEvents events =
      new TaskEvents(
          (message, e) -> {
            throw new AssertionError(message, e);
          });
  private final TaskService tasks =
      new TaskService(
          store.queue(),
          store.logs(),
          new TaskSubmissionRules(SubmissionDefaults.ORIGINAL),
          events);
  private final WorkerProtocolService protocol =
      new WorkerProtocolService(
          store.queue(), store.workers(), store.logs(), events, clock, HEARTBEAT_TIMEOUT);

  // --- register -------------------------------------------------------------------------------

  @Test
  void registerCreatesAnIdleWorker() {
    Registration registration =
        protocol.register(
            Map.of(
                "worker_id",
                "worker-001-kind",
                "backend_type",
                "kind",
                "capabilities",
                Map.of("gpu", true),
                "metadata",
                Map.of("zone", "a")));

    assertTrue(registration.created());
    Worker worker = registration.worker();
    assertEquals("worker-001-kind", worker.id());
    assertEquals("kind", worker.backendType());
    assertEquals(WorkerStatus.IDLE, worker.status());
    assertEquals(Map.of("gpu", true), worker.capabilities());
    assertEquals(Map.of("zone", "a"), worker.metadata());
    assertEquals(clock.instant(), worker.registeredAt());
    assertEquals(HEARTBEAT_TIMEOUT, protocol.heartbeatTimeout());
  }

  @Test
  void reRegistrationReplacesTheDescriptionAndKeepsCountersAndRegisteredAt() {
    Worker first = register("w-1", "kind");
    completeOne("w-1");
    clock.advance(Duration.ofSeconds(10));

    Registration again =
        protocol.register(
            Map.of("worker_id", "w-1", "backend_type", "other", "capabilities", Map.of("v", 2)));

    assertFalse(again.created());
    assertEquals("other", again.worker().backendType());
    assertEquals(Map.of("v", 2), again.worker().capabilities());
    assertEquals(Map.of(), again.worker().metadata());
    assertEquals(1, again.worker().tasksCompleted());
    assertEquals(first.registeredAt(), again.worker().registeredAt());
  }

  @Test
  void reRegistrationHandsBackTheTaskItHeld() {
    register("w-1", "orchestrator");
    Task task = submit("p-1");
    protocol.claim("w-1").orElseThrow();

    Worker worker =
        protocol.register(Map.of("worker_id", "w-1", "backend_type", "orchestrator")).worker();

    Task after = tasks.get(task.id().toString());
    assertEquals(TaskStatus.PENDING, after.status());
    assertNull(after.workerId());
    assertEquals(1, after.attempt());
    assertEquals(WorkerStatus.IDLE, worker.status());
    assertNull(worker.currentTaskId());
    assertEquals(0, worker.tasksCompleted());
    assertEquals(0, worker.tasksFailed());
    assertTrue(
        logMessages(task).contains("Task handed back: worker w-1 re-registered"),
        logMessages(task).toString());
  }

  @Test
  void registerRejectsBadFieldsNamingThem() {
    assertInvalid("worker_id", Map.of("worker_id", "-starts-with-dash", "backend_type", "k"));
    assertInvalid("worker_id", Map.of("worker_id", "has space", "backend_type", "k"));
    assertInvalid("worker_id", Map.of("worker_id", "w".repeat(129), "backend_type", "k"));
    assertInvalid("worker_id", Map.of("backend_type", "k"));
    assertInvalid("backend_type", Map.of("worker_id", "w-1"));
    assertInvalid("backend_type", Map.of("worker_id", "w-1", "backend_type", ""));
    assertInvalid("backend_type", Map.of("worker_id", "w-1", "backend_type", "b".repeat(101)));
    assertInvalid(
        "capabilities", Map.of("worker_id", "w-1", "backend_type", "k", "capabilities", "x"));
    assertInvalid("metadata", Map.of("worker_id", "w-1", "backend_type", "k", "metadata", 1));
    assertTrue(store.workers().find("w-1").isEmpty());
    assertEquals(
        "w".repeat(128),
        protocol.register(Map.of("worker_id", "w".repeat(128), "backend_type", "k")).worker().id());
  }

  // --- heartbeat ------------------------------------------------------------------------------

  @Test
  void heartbeatOfAnUnknownWorkerIsWorkerNotFound() {
    WorkerNotFound e =
        assertThrows(
            WorkerNotFound.class, () -> protocol.heartbeat("nobody", Map.of("status", "idle")));
    assertEquals("Worker nobody not found", e.getMessage());
  }

  @Test
  void heartbeatRecordsTheTimeAndAnIdleState() {
    register("w-1", "orchestrator");
    clock.advance(Duration.ofSeconds(5));

    HeartbeatReply reply = protocol.heartbeat("w-1", idle());

    assertFalse(reply.cancelRequested());
    assertEquals(WorkerStatus.IDLE, reply.worker().status());
    assertEquals(clock.instant(), reply.worker().lastHeartbeat());
  }

  @Test
  void heartbeatWithAnInconsistentPairIsAConflict() {
    register("w-1", "orchestrator");
    Task task = submit("p-1");
    protocol.claim("w-1").orElseThrow();

    assertThrows(WorkerConflict.class, () -> protocol.heartbeat("w-1", Map.of("status", "busy")));
    assertThrows(WorkerConflict.class, () -> protocol.heartbeat("w-1", idle(task)));
    assertEquals(TaskStatus.RUNNING, tasks.get(task.id().toString()).status());
  }

  @Test
  void heartbeatRejectsAnUpperCaseOrMissingStatusAndABadTaskId() {
    register("w-1", "orchestrator");

    assertHeartbeatInvalid("status", Map.of("status", "IDLE"));
    assertHeartbeatInvalid("status", Map.of("status", "offline"));
    assertHeartbeatInvalid("status", Map.of("current_task_id", UUID.randomUUID().toString()));
    assertHeartbeatInvalid("status", Map.of("status", 1));
    assertHeartbeatInvalid(
        "current_task_id", Map.of("status", "busy", "current_task_id", "not-a-uuid"));
  }

  @Test
  void busyHeartbeatForTheHeldTaskKeepsItRunning() {
    register("w-1", "orchestrator");
    Task task = protocolClaim("w-1");

    HeartbeatReply reply = protocol.heartbeat("w-1", busy(task));

    assertFalse(reply.cancelRequested());
    assertEquals(WorkerStatus.BUSY, reply.worker().status());
    assertEquals(task.id(), reply.worker().currentTaskId());
  }

  @Test
  void heartbeatRenewsTheLeaseSoTheReaperLeavesTheTask() {
    register("w-1", "orchestrator");
    Task task = protocolClaim("w-1");

    for (int i = 0; i < 4; i++) {
      clock.advance(Duration.ofSeconds(40));
      protocol.heartbeat("w-1", busy(task));
      assertTrue(store.queue().reapExpiredLeases(100).isEmpty(), "after heartbeat " + i);
    }
    clock.advance(HEARTBEAT_TIMEOUT);

    assertEquals(TaskStatus.RUNNING, tasks.get(task.id().toString()).status());
    assertEquals(List.of(task.id()), reapedIds(), "without heartbeats the lease runs out");
  }

  @Test
  void busyHeartbeatNamingACancelledTaskAsksToStopAndLeavesTheWorkerIdle() {
    register("w-1", "orchestrator");
    Task task = protocolClaim("w-1");
    tasks.cancel(task.id().toString());

    HeartbeatReply reply = protocol.heartbeat("w-1", busy(task));

    assertTrue(reply.cancelRequested());
    assertEquals(WorkerStatus.IDLE, reply.worker().status());
    assertNull(reply.worker().currentTaskId());
  }

  @Test
  void busyHeartbeatNamingATaskHandedBackByTheReaperAsksToStop() {
    register("w-1", "orchestrator");
    Task task = protocolClaim("w-1");
    clock.advance(HEARTBEAT_TIMEOUT);
    assertEquals(List.of(task.id()), reapedIds());

    HeartbeatReply reply = protocol.heartbeat("w-1", busy(task));

    assertTrue(reply.cancelRequested());
    assertEquals(WorkerStatus.IDLE, reply.worker().status());
    assertNull(reply.worker().currentTaskId());
    assertEquals(TaskStatus.PENDING, tasks.get(task.id().toString()).status());
  }

  @Test
  void busyHeartbeatNamingATaskReclaimedByAnotherWorkerAsksToStop() {
    register("w-1", "orchestrator");
    register("w-2", "orchestrator");
    Task task = protocolClaim("w-1");
    clock.advance(HEARTBEAT_TIMEOUT);
    reapedIds();
    protocol.claim("w-2").orElseThrow();

    HeartbeatReply reply = protocol.heartbeat("w-1", busy(task));

    assertTrue(reply.cancelRequested());
    assertEquals(WorkerStatus.IDLE, reply.worker().status());
    Task after = tasks.get(task.id().toString());
    assertEquals(TaskStatus.RUNNING, after.status());
    assertEquals("w-2", after.workerId());
  }

  @Test
  void busyHeartbeatNamingATaskItNeverHeldIsAConflict() {
    register("w-1", "orchestrator");
    register("w-2", "orchestrator");
    Task ofOther = protocolClaim("w-2");
    Task pending = submit("pending");

    assertThrows(WorkerConflict.class, () -> protocol.heartbeat("w-1", busy(pending)));
    assertThrows(WorkerConflict.class, () -> protocol.heartbeat("w-1", busy(ofOther)));
    assertThrows(
        WorkerConflict.class,
        () ->
            protocol.heartbeat(
                "w-1", Map.of("status", "busy", "current_task_id", UUID.randomUUID().toString())));
    assertEquals(TaskStatus.RUNNING, tasks.get(ofOther.id().toString()).status());
    assertEquals(WorkerStatus.IDLE, store.workers().find("w-1").orElseThrow().status());
  }

  @Test
  void idleHeartbeatWhileHoldingARunningTaskHandsItBack() {
    register("w-1", "orchestrator");
    Task task = protocolClaim("w-1");

    HeartbeatReply reply = protocol.heartbeat("w-1", idle());

    assertFalse(reply.cancelRequested());
    assertEquals(WorkerStatus.IDLE, reply.worker().status());
    assertNull(reply.worker().currentTaskId());
    Task after = tasks.get(task.id().toString());
    assertEquals(TaskStatus.PENDING, after.status());
    assertNull(after.workerId());
    assertEquals(0, reply.worker().tasksCompleted());
    assertEquals(0, reply.worker().tasksFailed(), "a hand-back counts in neither counter");
    assertTrue(logMessages(task).contains("Task handed back: worker w-1 reported idle"));
  }

  // --- claim ----------------------------------------------------------------------------------

  @Test
  void claimHandsOutARunningTaskOwnedByTheWorker() {
    register("w-1", "orchestrator");
    Task submitted = submit("p-1");
    clock.advance(Duration.ofSeconds(2));

    Task claimed = protocol.claim("w-1").orElseThrow();

    assertEquals(submitted.id(), claimed.id());
    assertEquals(TaskStatus.RUNNING, claimed.status());
    assertEquals("w-1", claimed.workerId());
    assertEquals(1, claimed.attempt());
    assertEquals(clock.instant(), claimed.startedAt());
    Worker worker = store.workers().find("w-1").orElseThrow();
    assertEquals(WorkerStatus.BUSY, worker.status());
    assertEquals(claimed.id(), worker.currentTaskId());
    assertTrue(logMessages(claimed).contains("Task claimed by w-1 (attempt 1)"));
  }

  @Test
  void claimWithNothingEligibleIsEmpty() {
    register("w-1", "orchestrator");

    assertTrue(protocol.claim("w-1").isEmpty());
    assertEquals(WorkerStatus.IDLE, store.workers().find("w-1").orElseThrow().status());
  }

  @Test
  void claimByAnUnknownWorkerIsWorkerNotFound() {
    submit("p-1");

    assertThrows(WorkerNotFound.class, () -> protocol.claim("nobody"));
    assertEquals(1, tasks.statistics().count(TaskStatus.PENDING));
  }

  @Test
  void claimRespectsBackendAffinity() {
    register("orch", "orchestrator");
    register("kind", "kind");
    Task forKind = submit("for-kind", Map.of("backend_type", "kind"));

    assertTrue(protocol.claim("orch").isEmpty(), "a kind task never goes to an orchestrator");
    clock.advance(Duration.ofSeconds(1));
    Task anyBackend = submit("any");
    assertEquals(forKind.id(), protocol.claim("kind").orElseThrow().id());
    assertEquals(anyBackend.id(), protocol.claim("orch").orElseThrow().id());
  }

  @Test
  void claimTakesTheHighestPriorityFirstThenTheOldest() {
    register("w-1", "orchestrator");
    register("w-2", "orchestrator");
    register("w-3", "orchestrator");
    Task oldLow = submit("old-low", Map.of("priority", 1));
    clock.advance(Duration.ofSeconds(1));
    Task oldHigh = submit("old-high", Map.of("priority", 9));
    clock.advance(Duration.ofSeconds(1));
    Task newHigh = submit("new-high", Map.of("priority", 9));

    assertEquals(oldHigh.id(), protocol.claim("w-1").orElseThrow().id());
    assertEquals(newHigh.id(), protocol.claim("w-2").orElseThrow().id());
    assertEquals(oldLow.id(), protocol.claim("w-3").orElseThrow().id());
  }

  @Test
  void claimBeyondMaxParallelTasksIsEmpty() {
    register("single", "orchestrator");
    protocol.register(
        Map.of(
            "worker_id",
            "double",
            "backend_type",
            "orchestrator",
            "capabilities",
            Map.of("max_parallel_tasks", 2)));
    IntStream.range(0, 5).forEach(i -> submit("p-" + i));

    assertTrue(protocol.claim("single").isPresent());
    assertTrue(protocol.claim("single").isEmpty());
    assertTrue(protocol.claim("double").isPresent());
    assertTrue(protocol.claim("double").isPresent());
    assertTrue(protocol.claim("double").isEmpty());
    assertEquals(1, store.queue().runningOf("single").size());
    assertEquals(2, store.queue().runningOf("double").size());
    assertEquals(WorkerStatus.BUSY, store.workers().find("double").orElseThrow().status());
  }

  @Test
  void aWorkerStillHoldingATaskStaysBusyWhenItFinishesAnother() {
    protocol.register(
        Map.of(
            "worker_id",
            "double",
            "backend_type",
            "orchestrator",
            "capabilities",
            Map.of("max_parallel_tasks", 2)));
    submit("first");
    submit("second");
    Task first = protocol.claim("double").orElseThrow();
    Task second = protocol.claim("double").orElseThrow();

    protocol.complete("double", second.id().toString(), Map.of());

    Worker worker = store.workers().find("double").orElseThrow();
    assertEquals(WorkerStatus.BUSY, worker.status(), "it still holds " + first.id());
    assertEquals(first.id(), worker.currentTaskId());
    protocol.complete("double", first.id().toString(), Map.of());
    worker = store.workers().find("double").orElseThrow();
    assertEquals(WorkerStatus.IDLE, worker.status());
    assertNull(worker.currentTaskId());
    assertEquals(2, worker.tasksCompleted());
  }

  @Test
  void busyHeartbeatRenewsEveryTaskTheWorkerHolds() {
    protocol.register(
        Map.of(
            "worker_id",
            "double",
            "backend_type",
            "orchestrator",
            "capabilities",
            Map.of("max_parallel_tasks", 2)));
    submit("first");
    submit("second");
    Task first = protocol.claim("double").orElseThrow();
    Task second = protocol.claim("double").orElseThrow();

    for (int i = 0; i < 3; i++) {
      clock.advance(Duration.ofSeconds(40));
      protocol.heartbeat("double", busy(second));
    }

    assertTrue(reapedIds().isEmpty());
    assertEquals(TaskStatus.RUNNING, tasks.get(first.id().toString()).status());
  }

  // --- complete and fail ----------------------------------------------------------------------

  @Test
  void completeStoresTheResultFreesTheWorkerAndCountsIt() {
    register("w-1", "orchestrator");
    Task task = protocolClaim("w-1");
    clock.advance(Duration.ofSeconds(7));

    Task done = protocol.complete("w-1", task.id().toString(), Map.of("answer", 42));

    assertEquals(TaskStatus.COMPLETED, done.status());
    assertEquals(Map.of("answer", 42), done.result());
    assertNull(done.errorDetails());
    assertEquals(clock.instant(), done.completedAt());
    Worker worker = store.workers().find("w-1").orElseThrow();
    assertEquals(WorkerStatus.IDLE, worker.status());
    assertNull(worker.currentTaskId());
    assertEquals(1, worker.tasksCompleted());
    assertEquals(0, worker.tasksFailed());
    assertTrue(logMessages(task).contains("Task completed"));
  }

  @Test
  void completeChecksOwnership() {
    register("w-1", "orchestrator");
    register("w-2", "orchestrator");
    Task held = protocolClaim("w-1");
    Task pending = submit("pending");

    assertThrows(
        WorkerConflict.class, () -> protocol.complete("w-2", held.id().toString(), Map.of()));
    assertThrows(
        WorkerConflict.class, () -> protocol.complete("w-1", pending.id().toString(), Map.of()));
    assertEquals(
        "Task " + UUID.fromString("00000000-0000-0000-0000-000000000001") + " not found",
        assertThrows(
                TaskNotFound.class,
                () -> protocol.complete("w-1", "00000000-0000-0000-0000-000000000001", Map.of()))
            .getMessage());
    assertThrows(TaskNotFound.class, () -> protocol.complete("w-1", "abc", Map.of()));
    assertThrows(
        WorkerNotFound.class, () -> protocol.complete("nobody", held.id().toString(), Map.of()));
    assertEquals(TaskStatus.RUNNING, tasks.get(held.id().toString()).status());

    protocol.complete("w-1", held.id().toString(), Map.of());
    assertThrows(
        WorkerConflict.class,
        () -> protocol.complete("w-1", held.id().toString(), Map.of()),
        "a finished task is no longer held");
    assertThrows(WorkerConflict.class, () -> protocol.fail("w-1", held.id().toString(), Map.of()));
  }

  @Test
  void aStaleAttemptCannotCompleteAfterTheTaskWentToAnotherWorker() {
    register("w-1", "orchestrator");
    register("w-2", "orchestrator");
    Task task = protocolClaim("w-1");
    protocol.heartbeat("w-1", idle()); // hands the task back
    Task reclaimed = protocol.claim("w-2").orElseThrow();
    assertEquals(task.id(), reclaimed.id());

    assertThrows(
        WorkerConflict.class,
        () -> protocol.complete("w-1", task.id().toString(), Map.of("late", true)));
    assertThrows(WorkerConflict.class, () -> protocol.fail("w-1", task.id().toString(), null));

    Task after = tasks.get(task.id().toString());
    assertEquals(TaskStatus.RUNNING, after.status());
    assertEquals("w-2", after.workerId());
    assertEquals(2, after.attempt());
    assertEquals(
        TaskStatus.COMPLETED, protocol.complete("w-2", task.id().toString(), Map.of()).status());
  }

  @Test
  void aCancelledTaskCannotBeCompletedByItsWorker() {
    register("w-1", "orchestrator");
    Task task = protocolClaim("w-1");
    tasks.cancel(task.id().toString());

    assertThrows(
        WorkerConflict.class, () -> protocol.complete("w-1", task.id().toString(), Map.of()));
    assertEquals(TaskStatus.CANCELLED, tasks.get(task.id().toString()).status());
  }

  @Test
  void failKeepsTheWholeBodyAsResultAndTheErrorAsDetails() {
    register("w-1", "orchestrator");
    Task task = protocolClaim("w-1");

    Task failed =
        protocol.fail("w-1", task.id().toString(), Map.of("error", "boom", "exit_code", 3));

    assertEquals(TaskStatus.FAILED, failed.status());
    assertEquals("boom", failed.errorDetails());
    assertEquals(Map.of("error", "boom", "exit_code", 3), failed.result());
    Worker worker = store.workers().find("w-1").orElseThrow();
    assertEquals(1, worker.tasksFailed());
    assertEquals(0, worker.tasksCompleted());
    assertEquals(WorkerStatus.IDLE, worker.status());
    assertTrue(logMessages(task).contains("Task failed: boom"));
  }

  @Test
  void failWithoutAnErrorStringUsesTheDefaultDetails() {
    register("w-1", "orchestrator");
    Task first = protocolClaim("w-1");
    Task failed = protocol.fail("w-1", first.id().toString(), Map.of("exit_code", 3));
    Task second = protocolClaim("w-1");
    Task failedWithNumber = protocol.fail("w-1", second.id().toString(), Map.of("error", 5));

    assertEquals("Task failed by worker", failed.errorDetails());
    assertEquals(Map.of("exit_code", 3), failed.result());
    assertEquals("Task failed by worker", failedWithNumber.errorDetails());
    assertEquals(Map.of("error", 5), failedWithNumber.result());
    assertEquals(2, store.workers().find("w-1").orElseThrow().tasksFailed());
  }

  @Test
  void cancelsAndHandBacksCountInNeitherCounter() {
    register("w-1", "orchestrator");
    tasks.cancel(protocolClaim("w-1").id().toString());
    protocol.heartbeat("w-1", idle());
    protocolClaim("w-1");
    protocol.heartbeat("w-1", idle()); // hand-back

    Worker worker = store.workers().find("w-1").orElseThrow();
    assertEquals(0, worker.tasksCompleted());
    assertEquals(0, worker.tasksFailed());
  }

  @Test
  void cancellingARunningTaskFreesItsWorker() {
    register("w-1", "orchestrator");
    Task task = protocolClaim("w-1");

    tasks.cancel(task.id().toString());

    Worker worker = store.workers().find("w-1").orElseThrow();
    assertEquals(WorkerStatus.IDLE, worker.status());
    assertNull(worker.currentTaskId());
    assertEquals(0, worker.tasksFailed());
  }

  // --- logs -----------------------------------------------------------------------------------

  @Test
  void appendLogsStoresTheWorkersLinesInTheTaskLog() {
    register("w-1", "orchestrator");
    Task task = protocolClaim("w-1");
    clock.advance(Duration.ofSeconds(1));

    int accepted =
        protocol.appendLogs(
            "w-1",
            task.id().toString(),
            Map.of(
                "logs",
                List.of(
                    Map.of("level", "warning", "message", "disk slow", "context", Map.of("d", 1)),
                    Map.of("message", "no level means info"))));

    assertEquals(2, accepted);
    List<LogEntry> logs =
        tasks
            .logs(
                new io.aiopslab.executor.ports.tasks.QueryTasks.ReadTaskLogs(
                    task.id().toString(), null, null))
            .logs();
    LogEntry warning = logs.get(logs.size() - 2);
    assertEquals(LogLevel.WARNING, warning.level());
    assertEquals("disk slow", warning.message());
    assertEquals(Map.of("d", 1), warning.context());
    assertEquals(clock.instant(), warning.timestamp());
    assertEquals(LogLevel.INFO, logs.getLast().level());
    assertEquals("no level means info", logs.getLast().message());
  }

  @Test
  void appendLogsValidatesEveryItemAndStoresNothingWhenOneIsBad() {
    register("w-1", "orchestrator");
    Task task = protocolClaim("w-1");
    int before = logMessages(task).size();
    var items = new ArrayList<Object>();
    items.add(Map.of("level", "INFO", "message", "m"));
    items.add(Map.of("level", "info", "message", 3));
    items.add(Map.of("level", "info", "message", "m", "context", List.of()));
    items.add("not an object");
    items.add(Map.of("message", "fine"));

    ValidationFailed e =
        assertThrows(
            ValidationFailed.class,
            () -> protocol.appendLogs("w-1", task.id().toString(), Map.of("logs", items)));

    assertEquals(
        List.of("logs[0].level", "logs[1].message", "logs[2].context", "logs[3]"), fields(e));
    assertEquals(before, logMessages(task).size());
  }

  @Test
  void appendLogsTakesAtMost1000Lines() {
    register("w-1", "orchestrator");
    String id = protocolClaim("w-1").id().toString();
    List<Object> lines =
        IntStream.range(0, 1001).mapToObj(i -> (Object) Map.of("message", "l" + i)).toList();

    assertEquals(
        List.of("logs"),
        fields(
            assertThrows(
                ValidationFailed.class,
                () -> protocol.appendLogs("w-1", id, Map.of("logs", lines)))));
    assertEquals(
        List.of("logs"),
        fields(
            assertThrows(ValidationFailed.class, () -> protocol.appendLogs("w-1", id, Map.of()))));
    assertEquals(1000, protocol.appendLogs("w-1", id, Map.of("logs", lines.subList(0, 1000))));
  }

  @Test
  void appendLogsForATaskNotHeldIsAConflict() {
    register("w-1", "orchestrator");
    register("w-2", "orchestrator");
    Task task = protocolClaim("w-1");
    Map<String, Object> body = Map.of("logs", List.of(Map.of("message", "m")));

    assertThrows(
        WorkerConflict.class, () -> protocol.appendLogs("w-2", task.id().toString(), body));
    protocol.complete("w-1", task.id().toString(), Map.of());
    assertThrows(
        WorkerConflict.class, () -> protocol.appendLogs("w-1", task.id().toString(), body));
    assertThrows(
        TaskNotFound.class, () -> protocol.appendLogs("w-1", UUID.randomUUID().toString(), body));
    assertThrows(
        WorkerNotFound.class, () -> protocol.appendLogs("nobody", task.id().toString(), body));
  }

  // --- helpers --------------------------------------------------------------------------------

  private Worker register(String workerId, String backendType) {
    return protocol.register(Map.of("worker_id", workerId, "backend_type", backendType)).worker();
  }

  private Task submit(String problemId) {
    return submit(problemId, Map.of());
  }

  private Task submit(String problemId, Map<String, Object> parameters) {
    return tasks
        .submit(new SubmitTask(Map.of("problem_id", problemId, "parameters", parameters), null))
        .task();
  }

  /** Submits a task and has the worker claim it. */
  private Task protocolClaim(String workerId) {
    Task submitted = submit("p-" + UUID.randomUUID());
    Task claimed = protocol.claim(workerId).orElseThrow();
    assertEquals(submitted.id(), claimed.id());
    return claimed;
  }

  private void completeOne(String workerId) {
    Task task = protocolClaim(workerId);
    protocol.complete(workerId, task.id().toString(), Map.of());
  }

  private List<io.aiopslab.executor.domain.task.TaskId> reapedIds() {
    return store.queue().reapExpiredLeases(100).stream().map(Task::id).toList();
  }

  private List<String> logMessages(Task task) {
    return store.logs().list(task.id(), null, 1000).logs().stream().map(LogEntry::message).toList();
  }

  private static Map<String, Object> idle() {
    var body = new HashMap<String, Object>();
    body.put("status", "idle");
    body.put("current_task_id", null);
    return body;
  }

  private static Map<String, Object> idle(Task task) {
    return Map.of("status", "idle", "current_task_id", task.id().toString());
  }

  private static Map<String, Object> busy(Task task) {
    var body = new LinkedHashMap<String, Object>();
    body.put("status", "busy");
    body.put("current_task_id", task.id().toString());
    return body;
  }

  private void assertInvalid(String field, Map<String, Object> body) {
    ValidationFailed e = assertThrows(ValidationFailed.class, () -> protocol.register(body));
    assertEquals(List.of(field), fields(e), body.toString());
  }

  private void assertHeartbeatInvalid(String field, Map<String, Object> body) {
    ValidationFailed e =
        assertThrows(ValidationFailed.class, () -> protocol.heartbeat("w-1", body));
    assertEquals(List.of(field), fields(e), body.toString());
  }

  private static List<String> fields(ValidationFailed e) {
    return e.errors().stream().map(ValidationFailed.FieldError::field).toList();
  }
}
