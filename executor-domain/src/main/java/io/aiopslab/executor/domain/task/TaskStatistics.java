package io.aiopslab.executor.domain.task;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * Counts and means over all tasks, from which both {@code /api/v1/tasks/stats} and {@code
 * /queue/stats} are computed (each with its own success-rate formula, see API.md).
 *
 * @param averageExecutionSeconds mean of completed_at − started_at over completed tasks, or null
 * @param averageWaitSeconds mean of started_at − created_at over tasks that started, or null
 * @param oldestPendingCreatedAt created_at of the oldest pending task, or null
 */
public record TaskStatistics(
    Map<TaskStatus, Long> countsByStatus,
    Double averageExecutionSeconds,
    Double averageWaitSeconds,
    Map<String, Long> tasksByProblem,
    Map<String, Long> tasksByWorker,
    Instant oldestPendingCreatedAt) {

  public TaskStatistics {
    var counts = new EnumMap<TaskStatus, Long>(TaskStatus.class);
    for (TaskStatus status : TaskStatus.values()) {
      counts.put(status, countsByStatus.getOrDefault(status, 0L));
    }
    countsByStatus = Map.copyOf(counts);
    tasksByProblem = Map.copyOf(tasksByProblem);
    tasksByWorker = Map.copyOf(tasksByWorker);
  }

  public long count(TaskStatus status) {
    return countsByStatus.get(status);
  }

  public long total() {
    return countsByStatus.values().stream().mapToLong(Long::longValue).sum();
  }

  /** completed / (completed + failed + timeout), 0.0 when none (the tasks/stats formula). */
  public double taskSuccessRate() {
    long denominator =
        count(TaskStatus.COMPLETED) + count(TaskStatus.FAILED) + count(TaskStatus.TIMEOUT);
    return denominator == 0 ? 0.0 : (double) count(TaskStatus.COMPLETED) / denominator;
  }

  /** completed / (completed + failed), null when both are 0 (the queue/stats formula). */
  public Double queueSuccessRate() {
    long denominator = count(TaskStatus.COMPLETED) + count(TaskStatus.FAILED);
    return denominator == 0 ? null : (double) count(TaskStatus.COMPLETED) / denominator;
  }
}
