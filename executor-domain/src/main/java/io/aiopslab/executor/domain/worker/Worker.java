package io.aiopslab.executor.domain.worker;

import io.aiopslab.executor.domain.task.TaskId;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/** A registered worker: internal (a slot of a node's pool) or external (speaks the protocol). */
public record Worker(
    String id,
    String backendType,
    WorkerStatus status,
    Instant lastHeartbeat,
    TaskId currentTaskId,
    Map<String, Object> capabilities,
    Map<String, Object> metadata,
    long tasksCompleted,
    long tasksFailed,
    Instant registeredAt) {

  public static final Pattern ID_PATTERN = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$");

  public Worker {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(backendType, "backendType");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(registeredAt, "registeredAt");
    capabilities = capabilities == null ? Map.of() : capabilities;
    metadata = metadata == null ? Map.of() : metadata;
  }

  public static boolean isValidId(String id) {
    return id != null && ID_PATTERN.matcher(id).matches();
  }

  /** {@code capabilities.max_parallel_tasks}, default 1: how many tasks it may hold at once. */
  public int maxParallelTasks() {
    return maxParallelTasks(capabilities);
  }

  public static int maxParallelTasks(Map<String, Object> capabilities) {
    Object value = capabilities == null ? null : capabilities.get("max_parallel_tasks");
    if (value instanceof Number n
        && n.doubleValue() >= 1
        && n.doubleValue() == Math.floor(n.doubleValue())) {
      return (int) Math.min(n.longValue(), 1000);
    }
    return 1;
  }

  public boolean isInternal() {
    return "internal".equals(metadata.get("type"));
  }
}
