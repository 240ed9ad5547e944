package io.aiopslab.executor.process;

import io.aiopslab.executor.domain.json.Json;
import io.aiopslab.executor.domain.run.RunRequest;
import io.aiopslab.executor.domain.run.StopSignal;
import io.aiopslab.executor.domain.task.Task;
import io.aiopslab.executor.domain.task.TaskId;
import io.aiopslab.executor.domain.task.TaskStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/** Tasks and run requests for runner tests. */
final class TestRuns {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private TestRuns() {}

  /** A running task with {@code parametersJson} as its (merged) parameters. */
  static Task task(String problemId, String parametersJson) {
    Map<String, Object> parameters = Json.parseObject(parametersJson);
    return new Task(
        TaskId.generate(),
        problemId,
        TaskStatus.RUNNING,
        parameters,
        5,
        null,
        30,
        "worker-001",
        1,
        3,
        null,
        null,
        null,
        T0,
        T0,
        T0,
        null);
  }

  static RunRequest request(Task task, StopSignal stop) {
    return new RunRequest(task, "node-a-worker-001", 1, UUID.randomUUID(), "session-1", stop);
  }

  static RunRequest request(Task task) {
    return request(task, new StopSignal());
  }

  /** Polls {@code condition} until it holds or {@code timeout} passes; fails the test then. */
  static void await(Duration timeout, String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out after " + timeout + " waiting for " + what);
      }
      Thread.onSpinWait();
      Thread.yield();
    }
  }
}
