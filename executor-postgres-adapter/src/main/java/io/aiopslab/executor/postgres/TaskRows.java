package io.aiopslab.executor.postgres;

import static io.aiopslab.executor.postgres.JsonColumns.instant;
import static io.aiopslab.executor.postgres.JsonColumns.map;
import static io.aiopslab.executor.postgres.JsonColumns.number;

import io.aiopslab.executor.domain.task.Lease;
import io.aiopslab.executor.domain.task.Task;
import io.aiopslab.executor.domain.task.TaskId;
import io.aiopslab.executor.domain.task.TaskStatus;
import io.aiopslab.executor.postgres.jooq.tables.records.TasksRecord;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.jooq.JSONB;

/**
 * The one mapper of the tasks table: a row, read as a jOOQ record or (for the per-task statements,
 * ADR 0008) straight from a JDBC result set, becomes a domain task through the same conversion.
 */
final class TaskRows {

  private TaskRows() {}

  static Task toTask(TasksRecord r) {
    return task(
        r.getId(),
        r.getProblemId(),
        r.getStatus(),
        r.getParameters(),
        r.getPriority(),
        r.getBackendType(),
        r.getTimeoutMinutes(),
        r.getWorkerId(),
        r.getAttempt(),
        r.getMaxAttempts(),
        r.getLeaseToken(),
        r.getLeaseExpiresAt(),
        r.getResult(),
        r.getErrorDetails(),
        r.getCreatedAt(),
        r.getUpdatedAt(),
        r.getStartedAt(),
        r.getCompletedAt());
  }

  /** The current row of a result set that has the columns of tasks (by name, in any order). */
  static Task toTask(ResultSet r) throws SQLException {
    return task(
        r.getObject("id", UUID.class),
        r.getString("problem_id"),
        r.getString("status"),
        jsonb(r.getString("parameters")),
        r.getInt("priority"),
        r.getString("backend_type"),
        r.getBigDecimal("timeout_minutes"),
        r.getString("worker_id"),
        r.getInt("attempt"),
        r.getInt("max_attempts"),
        r.getObject("lease_token", UUID.class),
        r.getObject("lease_expires_at", OffsetDateTime.class),
        jsonb(r.getString("result")),
        r.getString("error_details"),
        r.getObject("created_at", OffsetDateTime.class),
        r.getObject("updated_at", OffsetDateTime.class),
        r.getObject("started_at", OffsetDateTime.class),
        r.getObject("completed_at", OffsetDateTime.class));
  }

  static TaskStatus status(String wireName) {
    return TaskStatus.fromWireName(wireName)
        .orElseThrow(() -> new IllegalStateException("unknown task status " + wireName));
  }

  private static JSONB jsonb(String text) {
    return text == null ? null : JSONB.valueOf(text);
  }

  private static Task task(
      UUID id,
      String problemId,
      String status,
      JSONB parameters,
      int priority,
      String backendType,
      BigDecimal timeoutMinutes,
      String workerId,
      int attempt,
      int maxAttempts,
      UUID leaseToken,
      OffsetDateTime leaseExpiresAt,
      JSONB result,
      String errorDetails,
      OffsetDateTime createdAt,
      OffsetDateTime updatedAt,
      OffsetDateTime startedAt,
      OffsetDateTime completedAt) {
    Lease lease = leaseToken == null ? null : new Lease(leaseToken, instant(leaseExpiresAt));
    return new Task(
        new TaskId(id),
        problemId,
        status(status),
        JsonColumns.mapOrEmpty(parameters),
        priority,
        backendType,
        number(timeoutMinutes),
        workerId,
        attempt,
        maxAttempts,
        lease,
        map(result),
        errorDetails,
        instant(createdAt),
        instant(updatedAt),
        instant(startedAt),
        instant(completedAt));
  }
}
