package io.aiopslab.executor.domain.worker;

import io.aiopslab.executor.domain.task.TaskId;
import java.util.Objects;

/**
 * Live state of an internal worker, written to the registry in one batch per lease-keeper tick
 * (internal workers do not write a row per task: that would be a hot spot at thousands of tasks/s).
 */
public record WorkerSnapshot(
    String workerId,
    WorkerStatus status,
    TaskId currentTaskId,
    long tasksCompleted,
    long tasksFailed) {
  public WorkerSnapshot {
    Objects.requireNonNull(workerId, "workerId");
    Objects.requireNonNull(status, "status");
  }
}
