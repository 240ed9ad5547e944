package io.aiopslab.executor.postgres;

import static io.aiopslab.executor.postgres.jooq.Tables.WORKERS;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.noCondition;

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
import io.aiopslab.executor.postgres.jooq.tables.records.WorkersRecord;
import java.time.Duration;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.SQLDataType;

/** Registered workers on PostgreSQL; every heartbeat is stamped with the database's now(). */
public final class JooqWorkerRegistry implements WorkerRegistry {

  private static final String REGISTER =
      """
      INSERT INTO workers AS w (id, backend_type, status, last_heartbeat, current_task_id,
                                capabilities, metadata, registered_at)
      VALUES (?, ?, 'idle', now(), NULL, ?::jsonb, ?::jsonb, now())
      ON CONFLICT ON CONSTRAINT pk_workers DO UPDATE
      SET backend_type = excluded.backend_type, capabilities = excluded.capabilities,
          metadata = excluded.metadata, status = 'idle', last_heartbeat = now(),
          current_task_id = NULL
      RETURNING w.*, (xmax = 0) AS created
      """;

  private static final String SYNC_INTERNAL =
      """
      UPDATE workers w
      SET status = u.status, current_task_id = u.current_task_id,
          tasks_completed = u.tasks_completed, tasks_failed = u.tasks_failed,
          last_heartbeat = now()
      FROM unnest(?::text[], ?::text[], ?::uuid[], ?::bigint[], ?::bigint[])
        AS u(id, status, current_task_id, tasks_completed, tasks_failed)
      WHERE w.id = u.id
      """;

  private static final String RELEASED =
      """
      UPDATE workers
      SET tasks_completed = tasks_completed + CASE WHEN ? = 'completed' THEN 1 ELSE 0 END,
          tasks_failed = tasks_failed + CASE WHEN ? IN ('failed', 'timeout') THEN 1 ELSE 0 END,
          status = CASE WHEN current_task_id = ? AND status = 'busy' THEN 'idle' ELSE status END,
          current_task_id = CASE WHEN current_task_id = ? THEN NULL ELSE current_task_id END
      WHERE id = ?
      """;

  private static final String MARK_SILENT_OFFLINE =
      """
      WITH silent AS (
        SELECT id FROM workers
        WHERE status <> 'offline' AND last_heartbeat < now() - ? * interval '1 millisecond'
        ORDER BY id
        FOR UPDATE SKIP LOCKED
      )
      UPDATE workers w SET status = 'offline' FROM silent WHERE w.id = silent.id
      RETURNING w.*
      """;

  private final Sql sql;

  JooqWorkerRegistry(Sql sql) {
    this.sql = sql;
  }

  public JooqWorkerRegistry(DSLContext dsl) {
    this(new Sql(dsl));
  }

  @Override
  public Registered register(WorkerRegistration registration) {
    return sql.call(
        dsl -> {
          var record =
              dsl.resultQuery(
                      REGISTER,
                      registration.workerId(),
                      registration.backendType(),
                      JsonColumns.text(registration.capabilities()),
                      JsonColumns.text(registration.metadata()))
                  .coerce(withCreated())
                  .fetchOne();
          return new Registered(
              toWorker(record.into(WORKERS)), record.get("created", Boolean.class));
        });
  }

  private static org.jooq.Field<?>[] withCreated() {
    var fields = WORKERS.fields();
    var all = java.util.Arrays.copyOf(fields, fields.length + 1);
    all[fields.length] = field("created", Boolean.class);
    return all;
  }

  @Override
  public Optional<Worker> find(String workerId) {
    return sql.call(
        dsl ->
            dsl.selectFrom(WORKERS)
                .where(WORKERS.ID.eq(workerId))
                .fetchOptional(JooqWorkerRegistry::toWorker));
  }

  @Override
  public List<Worker> list(WorkerFilter filter) {
    Condition where = noCondition();
    if (filter.status() != null) {
      where = where.and(WORKERS.STATUS.eq(filter.status().wireName()));
    }
    if (filter.backendType() != null) {
      where = where.and(WORKERS.BACKEND_TYPE.eq(filter.backendType()));
    }
    Condition condition = where;
    return sql.call(
        dsl ->
            dsl.selectFrom(WORKERS)
                .where(condition)
                .orderBy(WORKERS.ID)
                .fetch(JooqWorkerRegistry::toWorker));
  }

  @Override
  public WorkerCounts counts() {
    var counts = new EnumMap<WorkerStatus, Long>(WorkerStatus.class);
    sql.call(
            dsl ->
                dsl.select(WORKERS.STATUS, count()).from(WORKERS).groupBy(WORKERS.STATUS).fetch())
        .forEach(r -> counts.put(status(r.value1()), r.value2().longValue()));
    return new WorkerCounts(
        counts.getOrDefault(WorkerStatus.IDLE, 0L),
        counts.getOrDefault(WorkerStatus.BUSY, 0L),
        counts.getOrDefault(WorkerStatus.OFFLINE, 0L));
  }

  @Override
  public Worker heartbeat(String workerId, WorkerStatus status, TaskId currentTaskId) {
    return sql.call(
            dsl ->
                dsl.update(WORKERS)
                    .set(WORKERS.STATUS, status.wireName())
                    .set(
                        WORKERS.CURRENT_TASK_ID,
                        currentTaskId == null ? null : currentTaskId.value())
                    .set(WORKERS.LAST_HEARTBEAT, org.jooq.impl.DSL.currentOffsetDateTime())
                    .where(WORKERS.ID.eq(workerId))
                    .returning()
                    .fetchOptional(JooqWorkerRegistry::toWorker))
        .orElseThrow(() -> new WorkerNotFound(workerId));
  }

  @Override
  public void assigned(String workerId, TaskId taskId) {
    int updated =
        sql.call(
            dsl ->
                dsl.update(WORKERS)
                    .set(WORKERS.STATUS, WorkerStatus.BUSY.wireName())
                    .set(WORKERS.CURRENT_TASK_ID, taskId.value())
                    .where(WORKERS.ID.eq(workerId))
                    .execute());
    if (updated == 0) {
      throw new WorkerNotFound(workerId);
    }
  }

  @Override
  public void released(String workerId, TaskId taskId, TaskStatus outcome) {
    String wire = outcome.wireName();
    UUID task = taskId.value();
    sql.call(dsl -> dsl.execute(RELEASED, wire, wire, task, task, workerId));
  }

  @Override
  public void syncInternal(Collection<WorkerSnapshot> snapshots) {
    if (snapshots.isEmpty()) {
      return;
    }
    int n = snapshots.size();
    var ids = new String[n];
    var statuses = new String[n];
    var tasks = new UUID[n];
    var completed = new Long[n];
    var failed = new Long[n];
    int i = 0;
    for (WorkerSnapshot s : snapshots) {
      ids[i] = s.workerId();
      statuses[i] = s.status().wireName();
      tasks[i] = s.currentTaskId() == null ? null : s.currentTaskId().value();
      completed[i] = s.tasksCompleted();
      failed[i++] = s.tasksFailed();
    }
    sql.call(
        dsl ->
            dsl.execute(
                SYNC_INTERNAL,
                JooqTaskQueue.texts(ids),
                JooqTaskQueue.texts(statuses),
                JooqTaskQueue.uuids(tasks),
                org.jooq.impl.DSL.val(completed, SQLDataType.BIGINT.array()),
                org.jooq.impl.DSL.val(failed, SQLDataType.BIGINT.array())));
  }

  @Override
  public void markOffline(Collection<String> workerIds) {
    if (workerIds.isEmpty()) {
      return;
    }
    sql.call(
        dsl ->
            dsl.update(WORKERS)
                .set(WORKERS.STATUS, WorkerStatus.OFFLINE.wireName())
                .where(WORKERS.ID.in(workerIds))
                .execute());
  }

  @Override
  public List<Worker> markSilentOffline(Duration timeout) {
    return sql.call(
        dsl ->
            dsl.resultQuery(MARK_SILENT_OFFLINE, timeout.toMillis())
                .coerce(WORKERS.fields())
                .fetchInto(WORKERS)
                .map(JooqWorkerRegistry::toWorker));
  }

  static Worker toWorker(WorkersRecord r) {
    return new Worker(
        r.getId(),
        r.getBackendType(),
        status(r.getStatus()),
        JsonColumns.instant(r.getLastHeartbeat()),
        r.getCurrentTaskId() == null ? null : new TaskId(r.getCurrentTaskId()),
        JsonColumns.mapOrEmpty(r.getCapabilities()),
        JsonColumns.mapOrEmpty(r.getMetadata()),
        r.getTasksCompleted(),
        r.getTasksFailed(),
        JsonColumns.instant(r.getRegisteredAt()));
  }

  private static WorkerStatus status(String wireName) {
    return WorkerStatus.fromWireName(wireName)
        .orElseThrow(() -> new IllegalStateException("unknown worker status " + wireName));
  }
}
