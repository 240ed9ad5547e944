package io.aiopslab.executor.postgres;

import static io.aiopslab.executor.postgres.JsonColumns.instant;
import static io.aiopslab.executor.postgres.JsonColumns.map;
import static io.aiopslab.executor.postgres.JsonColumns.number;

import io.aiopslab.executor.domain.task.Lease;
import io.aiopslab.executor.domain.task.Task;
import io.aiopslab.executor.domain.task.TaskId;
import io.aiopslab.executor.domain.task.TaskStatus;
import io.aiopslab.executor.postgres.jooq.tables.records.TasksRecord;

/** The one mapper of the tasks table. */
final class TaskRows {

  private TaskRows() {}

  static Task toTask(TasksRecord r) {
    Lease lease =
        r.getLeaseToken() == null
            ? null
            : new Lease(r.getLeaseToken(), instant(r.getLeaseExpiresAt()));
    return new Task(
        new TaskId(r.getId()),
        r.getProblemId(),
        status(r.getStatus()),
        JsonColumns.mapOrEmpty(r.getParameters()),
        r.getPriority(),
        r.getBackendType(),
        number(r.getTimeoutMinutes()),
        r.getWorkerId(),
        r.getAttempt(),
        r.getMaxAttempts(),
        lease,
        map(r.getResult()),
        r.getErrorDetails(),
        instant(r.getCreatedAt()),
        instant(r.getUpdatedAt()),
        instant(r.getStartedAt()),
        instant(r.getCompletedAt()));
  }

  static TaskStatus status(String wireName) {
    return TaskStatus.fromWireName(wireName)
        .orElseThrow(() -> new IllegalStateException("unknown task status " + wireName));
  }
}
