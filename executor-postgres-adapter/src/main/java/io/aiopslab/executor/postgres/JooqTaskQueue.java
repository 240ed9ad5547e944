package io.aiopslab.executor.postgres;

import static io.aiopslab.executor.postgres.jooq.Tables.TASKS;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.noCondition;
import static org.jooq.impl.DSL.val;

import io.aiopslab.executor.domain.spi.TaskQueue;
import io.aiopslab.executor.domain.task.ClaimRequest;
import io.aiopslab.executor.domain.task.Finish;
import io.aiopslab.executor.domain.task.IdempotencyConflict;
import io.aiopslab.executor.domain.task.IllegalTransition;
import io.aiopslab.executor.domain.task.LeaseRef;
import io.aiopslab.executor.domain.task.NewTask;
import io.aiopslab.executor.domain.task.Task;
import io.aiopslab.executor.domain.task.TaskId;
import io.aiopslab.executor.domain.task.TaskNotFound;
import io.aiopslab.executor.domain.task.TaskPage;
import io.aiopslab.executor.domain.task.TaskQuery;
import io.aiopslab.executor.domain.task.TaskSort;
import io.aiopslab.executor.domain.task.TaskStatistics;
import io.aiopslab.executor.domain.task.TaskStatus;
import io.aiopslab.executor.postgres.jooq.tables.records.TasksRecord;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Param;
import org.jooq.Record;
import org.jooq.ResultQuery;
import org.jooq.Select;
import org.jooq.SortField;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;

/**
 * The queue on PostgreSQL. Every transition is one statement that changes the rows and writes their
 * lifecycle log entries together (data-modifying CTEs), fenced on (id, lease_token, running), with
 * the database's {@code now()} as the only clock. The hot statements are plain SQL over the
 * generated table: jOOQ's DSL cannot express {@code unnest ... WITH ORDINALITY} joined into a
 * data-modifying CTE without becoming harder to read than the SQL itself. Those that run per task
 * (insert, claim, finish, finish-and-claim, renew) are {@link HotStatement}s, bound on JDBC inside
 * jOOQ's connection (ADR 0008); the rest run through jOOQ.
 */
public final class JooqTaskQueue implements TaskQueue {

  static final String TASKS_AVAILABLE_CHANNEL = "executor_tasks_available";
  static final String TASK_CANCELLED_CHANNEL = "executor_task_cancelled";

  private static final Comparator<Task> CLAIM_ORDER =
      Comparator.comparing(Task::priority, Comparator.reverseOrder())
          .thenComparing(Task::createdAt)
          .thenComparing(t -> t.id().value(), JooqTaskQueue::compareUuids);

  /**
   * What task_logs (task_id, ts, level, message, context) gets for a stored task, selected from
   * rows with its id: the one definition for every statement that stores tasks.
   */
  private static final String CREATED_ENTRY = "id, now(), 'info', 'Task created', '{}'::jsonb";

  /**
   * The same for a claimed task, from rows with id, worker_id and attempt: shared by the claim and
   * by the submit that stores a task already running (ADR 0012).
   */
  private static final String CLAIMED_ENTRY =
      "id, now(), 'info', 'Task claimed by ' || worker_id || ' (attempt ' || attempt || ')',"
          + " jsonb_build_object('worker_id', worker_id, 'attempt', attempt)";

  private static final String INSERT_TASKS =
      """
      WITH input AS (
        SELECT * FROM unnest(?::uuid[], ?::text[], ?::text[], ?::int[], ?::text[], ?::numeric[],
                             ?::int[], ?::text[], ?::text[])
          WITH ORDINALITY AS u(id, problem_id, parameters, priority, backend_type, timeout_minutes,
                               max_attempts, idempotency_key, idempotency_fingerprint, ord)
      ), inserted AS (
        INSERT INTO tasks (id, problem_id, status, parameters, priority, backend_type,
                           timeout_minutes, attempt, max_attempts, idempotency_key,
                           idempotency_fingerprint, created_at, updated_at)
        SELECT id, problem_id, 'pending', parameters::jsonb, priority, backend_type,
               timeout_minutes, 0, max_attempts, idempotency_key, idempotency_fingerprint,
               now() + (ord - 1) * interval '1 microsecond',
               now() + (ord - 1) * interval '1 microsecond'
        FROM input ORDER BY ord
        %s
        RETURNING id, problem_id, created_at
      ), logged AS (
        INSERT INTO task_logs (task_id, ts, level, message, context)
        SELECT %s FROM inserted
      ), counted AS (
        INSERT INTO task_counters (kind, key, n)
        SELECT 'problem', problem_id, count(*) FROM inserted GROUP BY problem_id
        UNION ALL
        SELECT 'status', 'pending', count(*) FROM inserted HAVING count(*) > 0
      )
      %s
      """;

  /**
   * What an insert that stores every row returns: one row, its count and the statement's now(),
   * from which each created_at follows (now() + (ord - 1) microseconds). A thousand rows of id and
   * timestamptz text back to the JVM, formatted by PostgreSQL and parsed again, were a tenth of a
   * batch insert's JVM time.
   */
  private static final String RETURN_COUNT_AND_NOW =
      "SELECT count(*) AS stored, now() AS first_created_at FROM inserted";

  /** What an insert that may skip rows (a held idempotency key) returns: each stored row. */
  private static final String RETURN_EACH_ROW = "SELECT id, created_at FROM inserted";

  /**
   * The claim as common table expressions (picked, claimed, claim_logged, claim_counted), shared by
   * CLAIM and FINISH_AND_CLAIM. Parameters: backend type, limit, worker ids, lease millis.
   *
   * <p>Written so the plan cannot go wrong whatever the batch, table size and statistics: the rows
   * are picked (locked, SKIP LOCKED) by {@code executor_pick_tasks}, whose planner settings leave
   * only the ordered walk of ix_tasks_claim (changeset 2026-11-28-03); the n-th picked row goes to
   * the n-th worker by array subscript (no join with an unnest, which a generic plan estimates at
   * 10 rows and may nest-loop), and {@code t.id = ANY(...)} gives the update a primary-key path to
   * the picked rows, so a hash join never scans the table for them. A pending row has no worker,
   * start or end (submit and hand-back leave them NULL), so the counter deltas of a claim are
   * pending to running, one per worker, and the wait of each task.
   */
  private static final String CLAIM_CTES =
      """
      picked AS (
        SELECT id, row_number() OVER (ORDER BY priority DESC, created_at, id) AS slot
        FROM executor_pick_tasks(?, ?)
      ), claimed AS (
        UPDATE tasks t
        SET status = 'running', attempt = t.attempt + 1, worker_id = (?::text[])[p.slot],
            lease_token = gen_random_uuid(),
            lease_expires_at = now() + ? * interval '1 millisecond',
            started_at = now(), updated_at = now(), completed_at = NULL,
            result = NULL, error_details = NULL
        FROM picked p
        WHERE t.id = p.id AND t.id = ANY (ARRAY(SELECT id FROM picked))
        RETURNING t.*
      ), claim_logged AS (
        INSERT INTO task_logs (task_id, ts, level, message, context)
        SELECT\s"""
          + CLAIMED_ENTRY
          + """
         FROM claimed
      ), claim_counted AS (
        INSERT INTO task_counters (kind, key, n, seconds)
        SELECT 'worker', worker_id, count(*), 0 FROM claimed GROUP BY worker_id
        UNION ALL
        SELECT d.kind, d.key, d.n, d.seconds
        FROM (SELECT count(*) AS k, sum(extract(epoch FROM started_at - created_at)) AS waited
              FROM claimed) c
        CROSS JOIN LATERAL (VALUES ('status', 'pending', -c.k, 0::numeric),
                                   ('status', 'running', c.k, 0),
                                   ('wait', '', c.k, c.waited)) d(kind, key, n, seconds)
        WHERE c.k > 0
      )
      """;

  /**
   * The fenced finish as common table expressions (input, finished, finish_logged, finish_counted),
   * shared by FINISH and FINISH_AND_CLAIM; {@code %s} is what {@code finished} returns (at least
   * status, started_at and completed_at, for the counters). Parameters: ids, tokens, statuses,
   * results, error details.
   *
   * <p>{@code (t.status = 'running') IS TRUE} means {@code t.status = 'running'} (status is NOT
   * NULL), spelled so the planner cannot match the partial index ix_tasks_running_worker: with
   * statistics taken while few tasks ran, it scans that index and nest-loops it against the unnest
   * (batch x running rows, 0.4 s for 1,000 x 1,000 in a generic plan). Without it the only path is
   * the primary key, probed once per input row. The same holds for RENEW and the hand-back.
   */
  private static final String FINISH_CTES =
      """
      input AS (
        SELECT * FROM unnest(?::uuid[], ?::uuid[], ?::text[], ?::text[], ?::text[])
          AS u(id, token, status, result, error_details)
      ), finished AS (
        UPDATE tasks t
        SET status = u.status, result = u.result::jsonb,
            error_details = CASE WHEN u.status = 'timeout' AND u.error_details IS NULL
                                 THEN 'Task exceeded timeout limit of '
                                      || trim_scale(t.timeout_minutes)::text || ' minutes'
                                 ELSE u.error_details END,
            lease_token = NULL, lease_expires_at = NULL, completed_at = now(), updated_at = now()
        FROM input u
        WHERE t.id = u.id AND t.lease_token = u.token AND (t.status = 'running') IS TRUE
        RETURNING %s
      ), finish_logged AS (
        INSERT INTO task_logs (task_id, ts, level, message, context)
        SELECT id, now(),
               CASE status WHEN 'completed' THEN 'info' WHEN 'timeout' THEN 'warning'
                           ELSE 'error' END,
               CASE status WHEN 'completed' THEN 'Task completed'
                           WHEN 'timeout' THEN 'Task timed out'
                           ELSE 'Task failed: ' || coalesce(error_details, '') END,
               CASE status WHEN 'timeout'
                           THEN jsonb_build_object('timeout_minutes', timeout_minutes)
                           ELSE '{}'::jsonb END
        FROM finished
      ), finish_counted AS (
        INSERT INTO task_counters (kind, key, n, seconds)
      """
          + leftRunning("finished")
          + """
        UNION ALL
        SELECT 'exec', '', count(*), sum(extract(epoch FROM completed_at - started_at))
        FROM finished WHERE status = 'completed' AND started_at IS NOT NULL HAVING count(*) > 0
      )
      """;

  static final HotStatement CLAIM =
      new HotStatement("WITH " + CLAIM_CTES + "SELECT * FROM claimed\n");

  static final HotStatement INSERT =
      new HotStatement(INSERT_TASKS.formatted("", CREATED_ENTRY, RETURN_COUNT_AND_NOW));
  private static final HotStatement INSERT_UNLESS_KEY_HELD =
      new HotStatement(
          INSERT_TASKS.formatted(
              "ON CONFLICT (idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING",
              CREATED_ENTRY,
              RETURN_EACH_ROW));

  /**
   * INSERT then CLAIM as two statements sent together (ADR 0009): pgjdbc binds them as one and
   * sends them in one round trip; PostgreSQL runs them in one implicit transaction that commits at
   * the end (a failure of either undoes both), and the claim, a statement of its own, sees the rows
   * the insert wrote. Parameters: the insert's, then the claim's.
   */
  /**
   * One new task for one idle local slot, inserted already running when nothing this node may run
   * is queued at its priority or above (it would then be the claim's first pick anyway): one row
   * version instead of a pending one and its update, no pick, and the rows, logs and counters the
   * insert then claim would have left (created and claimed entries, attempt 1, a lease, the wait of
   * 0). Otherwise it is inserted pending, as any submit. Parameters: the insert's arrays of one
   * task, then backend type, worker id, lease millis.
   */
  private static final HotStatement SUBMIT_RUNNING =
      new HotStatement(
          """
          WITH input AS (
            SELECT ?::uuid AS id, ?::text AS problem_id, ?::text AS parameters,
                   ?::int AS priority, ?::text AS backend_type, ?::numeric AS timeout_minutes,
                   ?::int AS max_attempts
          ), claimant AS (
            SELECT ?::text AS backend, ?::text AS worker_id, ?::bigint AS lease_ms
          ), decided AS (
            SELECT i.*, c.worker_id AS claimer, c.lease_ms,
                   (i.backend_type IS NULL OR i.backend_type = c.backend)
                   AND NOT EXISTS (
                     SELECT 1 FROM tasks t
                     WHERE t.status = 'pending' AND t.priority >= i.priority
                       AND (t.backend_type IS NULL OR t.backend_type = c.backend)) AS runs_now
            FROM input i CROSS JOIN claimant c
          ), inserted AS (
            INSERT INTO tasks (id, problem_id, status, parameters, priority, backend_type,
                               timeout_minutes, worker_id, attempt, max_attempts, lease_token,
                               lease_expires_at, idempotency_key, idempotency_fingerprint,
                               created_at, updated_at, started_at)
            SELECT id, problem_id, CASE WHEN runs_now THEN 'running' ELSE 'pending' END,
                   parameters::jsonb, priority, backend_type, timeout_minutes,
                   CASE WHEN runs_now THEN claimer END, CASE WHEN runs_now THEN 1 ELSE 0 END,
                   max_attempts, CASE WHEN runs_now THEN gen_random_uuid() END,
                   CASE WHEN runs_now THEN now() + lease_ms * interval '1 millisecond' END,
                   NULL, NULL, now(), now(), CASE WHEN runs_now THEN now() END
            FROM decided
            RETURNING *
          ), logged AS (
            INSERT INTO task_logs (task_id, ts, level, message, context)
            SELECT %s FROM inserted
            UNION ALL
            SELECT %s FROM inserted WHERE status = 'running'
          ), counted AS (
            INSERT INTO task_counters (kind, key, n, seconds)
            SELECT 'problem', problem_id, 1, 0 FROM inserted
            UNION ALL
            SELECT 'status', status, 1, 0 FROM inserted
            UNION ALL
            SELECT 'worker', worker_id, 1, 0 FROM inserted WHERE status = 'running'
            UNION ALL
            SELECT 'wait', '', 1, 0 FROM inserted WHERE status = 'running'
          )
          SELECT * FROM inserted
          """
              .formatted(CREATED_ENTRY, CLAIMED_ENTRY));

  private static final HotStatement SUBMIT_AND_CLAIM =
      new HotStatement(
          INSERT_TASKS.formatted("", CREATED_ENTRY, RETURN_COUNT_AND_NOW) + ";\n" + CLAIM.sql());

  private static final HotStatement RENEW =
      new HotStatement(
          """
      UPDATE tasks t SET lease_expires_at = now() + ? * interval '1 millisecond'
      FROM unnest(?::uuid[], ?::uuid[]) AS u(id, token)
      WHERE t.id = u.id AND t.lease_token = u.token AND (t.status = 'running') IS TRUE
      RETURNING t.id, t.lease_token
      """);

  static final HotStatement FINISH =
      new HotStatement("WITH " + FINISH_CTES.formatted("t.*") + "SELECT * FROM finished\n");

  /**
   * FINISH and CLAIM in one statement (one round trip, one commit): the claim reads the snapshot
   * taken before the statement, in which the rows being finished are still running, so it never
   * takes them. One result set: claimed rows in full ({@code op = 'c'}), finished rows reduced to
   * what the caller cannot know ({@code op = 'f'}: status, error_details, completed_at), so no
   * parameters or result travel back as JSON.
   */
  private static final HotStatement FINISH_AND_CLAIM =
      new HotStatement(
          "WITH "
              + FINISH_CTES.formatted(
                  "t.id, t.status, t.error_details, t.started_at, t.completed_at, t.timeout_minutes")
              + ", "
              + CLAIM_CTES
              + """
          SELECT 'c' AS op, %s FROM claimed
          UNION ALL
          SELECT 'f', %s FROM finished
          """
                  .formatted(claimedColumns(), finishedColumns()));

  /**
   * Hands back (or fails, when attempts are spent) the running rows selected by {@code %s}, which
   * locks them and returns their worker and start (previous_worker, previous_started): a task back
   * in the queue leaves its worker's count and the wait sums, a failed one keeps both.
   */
  private static final String HAND_BACK =
      """
      WITH target AS (
        %s
      ), changed AS (
        UPDATE tasks t
        SET status = CASE WHEN t.attempt < t.max_attempts THEN 'pending' ELSE 'failed' END,
            error_details = CASE WHEN t.attempt < t.max_attempts THEN t.error_details
                                 ELSE 'Worker lost after ' || t.attempt || ' attempts' END,
            worker_id = CASE WHEN t.attempt < t.max_attempts THEN NULL ELSE t.worker_id END,
            started_at = CASE WHEN t.attempt < t.max_attempts THEN NULL ELSE t.started_at END,
            completed_at = CASE WHEN t.attempt < t.max_attempts THEN NULL ELSE now() END,
            lease_token = NULL, lease_expires_at = NULL, updated_at = now()
        FROM target
        WHERE t.id = target.id AND (t.status = 'running') IS TRUE
        RETURNING t.*, target.previous_worker, target.previous_started
      ), logged AS (
        INSERT INTO task_logs (task_id, ts, level, message, context)
        SELECT id, now(),
               CASE status WHEN 'pending' THEN 'warning' ELSE 'error' END,
               CASE status WHEN 'pending' THEN 'Task handed back: ' || ?
                           ELSE 'Task failed: ' || error_details END,
               jsonb_build_object('worker_id', previous_worker, 'attempt', attempt)
        FROM changed
      ), counted AS (
        INSERT INTO task_counters (kind, key, n, seconds)
      """
          + leftRunning("changed")
          + """
        UNION ALL
        SELECT 'worker', previous_worker, -count(*), 0 FROM changed
        WHERE status = 'pending' AND previous_worker IS NOT NULL GROUP BY previous_worker
        UNION ALL
        SELECT 'wait', '', -count(*), -sum(extract(epoch FROM previous_started - created_at))
        FROM changed WHERE status = 'pending' AND previous_started IS NOT NULL
        HAVING count(*) > 0
      )
      SELECT changed.*,
             CASE WHEN status = 'pending' THEN pg_notify('executor_tasks_available', '') END
      FROM changed
      """;

  private static final String HAND_BACK_LEASES =
      """
      SELECT t.id, t.worker_id AS previous_worker, t.started_at AS previous_started
      FROM tasks t JOIN unnest(?::uuid[], ?::uuid[]) AS u(id, token)
        ON t.id = u.id AND t.lease_token = u.token
      WHERE (t.status = 'running') IS TRUE
      ORDER BY t.id
      FOR UPDATE OF t
      """;

  private static final String EXPIRED_LEASES =
      """
      SELECT id, worker_id AS previous_worker, started_at AS previous_started FROM tasks
      WHERE status = 'running' AND lease_expires_at <= now()
      ORDER BY lease_expires_at, id
      LIMIT ?
      FOR UPDATE SKIP LOCKED
      """;

  private static final String TIME_OUT_OVERDUE =
      """
      WITH target AS (
        SELECT id FROM tasks
        WHERE status = 'running' AND lease_expires_at <= now()
          AND started_at + timeout_minutes * interval '1 minute' <= now()
        ORDER BY lease_expires_at, id
        LIMIT ?
        FOR UPDATE SKIP LOCKED
      ), changed AS (
        UPDATE tasks t
        SET status = 'timeout',
            error_details = 'Task exceeded timeout limit of '
                            || trim_scale(t.timeout_minutes)::text || ' minutes',
            lease_token = NULL, lease_expires_at = NULL, completed_at = now(), updated_at = now()
        FROM target WHERE t.id = target.id
        RETURNING t.*
      ), logged AS (
        INSERT INTO task_logs (task_id, ts, level, message, context)
        SELECT id, now(), 'warning', 'Task timed out',
               jsonb_build_object('timeout_minutes', timeout_minutes)
        FROM changed
      ), counted AS (
        INSERT INTO task_counters (kind, key, n, seconds)
      """
          + leftRunning("changed")
          + """
      )
      SELECT * FROM changed
      """;

  /**
   * Locks the row first (FOR UPDATE returns its current status, also after waiting for a concurrent
   * claim or finish) so the counters move the status it really had.
   */
  private static final String CANCEL =
      """
      WITH target AS (
        SELECT id, status AS previous_status FROM tasks
        WHERE id = ? AND status IN ('pending', 'running')
        FOR UPDATE
      ), changed AS (
        UPDATE tasks t
        SET status = 'cancelled', lease_token = NULL, lease_expires_at = NULL,
            completed_at = now(), updated_at = now()
        FROM target
        WHERE t.id = target.id AND t.status IN ('pending', 'running')
        RETURNING t.*, target.previous_status
      ), logged AS (
        INSERT INTO task_logs (task_id, ts, level, message, context)
        SELECT id, now(), 'info', 'Task cancelled by user', '{}'::jsonb FROM changed
      ), counted AS (
        INSERT INTO task_counters (kind, key, n)
        SELECT 'status', previous_status, -1 FROM changed
        UNION ALL
        SELECT 'status', 'cancelled', 1 FROM changed
      )
      SELECT changed.*, pg_notify('executor_task_cancelled', changed.id::text) FROM changed
      """;

  /**
   * The status deltas of {@code rows} that were running and now have their {@code status} (finish,
   * hand-back, time-out): one more of each new status, as many fewer running.
   */
  private static String leftRunning(String rows) {
    return """
        SELECT 'status', status, count(*), 0 FROM %1$s GROUP BY status
        UNION ALL
        SELECT 'status', 'running', -count(*), 0 FROM %1$s HAVING count(*) > 0
        """
        .formatted(rows);
  }

  /**
   * What each task row {@code r} adds to task_counters, summed per (kind, key): the retention
   * delete subtracts it for the rows it removes, RECOUNT_COUNTERS adds it up over all rows.
   */
  private static final String COUNTER_CONTRIBUTIONS =
      """
      CROSS JOIN LATERAL (VALUES
          ('status', r.status, 1, 0::numeric),
          ('problem', r.problem_id, 1, 0),
          ('worker', r.worker_id, 1, 0),
          ('exec', CASE WHEN r.status = 'completed' THEN '' END, 1,
           extract(epoch FROM r.completed_at - r.started_at)),
          ('wait', '', 1, extract(epoch FROM r.started_at - r.created_at))) c(kind, key, n, seconds)
      WHERE c.key IS NOT NULL AND c.seconds IS NOT NULL
      GROUP BY c.kind, c.key
      """;

  /**
   * Deletes a batch of old final tasks with their logs (task_logs has no foreign key, so no
   * cascade: see the 2026-11-28-01 changeset); conversations still cascade.
   */
  private static final String DELETE_FINISHED =
      """
      WITH doomed AS (
        SELECT id FROM tasks
        WHERE status IN ('completed', 'failed', 'timeout', 'cancelled') AND completed_at < ?::timestamptz
        ORDER BY completed_at, id
        LIMIT ?
        FOR UPDATE SKIP LOCKED
      ), gone AS (
        DELETE FROM tasks t USING doomed WHERE t.id = doomed.id
        RETURNING t.id, t.status, t.problem_id, t.worker_id, t.created_at, t.started_at,
                  t.completed_at
      ), logs_gone AS (
        DELETE FROM task_logs l USING gone WHERE l.task_id = gone.id
      ), counted AS (
        INSERT INTO task_counters (kind, key, n, seconds)
        SELECT c.kind, c.key, -sum(c.n), -sum(c.seconds)
        FROM gone r
      """
          + COUNTER_CONTRIBUTIONS
          + """
      )
      SELECT count(*) FROM gone
      """;

  /** Retention deletes in batches this small so no statement holds many locks for long. */
  private static final int DELETE_BATCH = 500;

  private final Sql sql;

  JooqTaskQueue(Sql sql) {
    this.sql = sql;
  }

  public JooqTaskQueue(DSLContext dsl) {
    this(new Sql(dsl));
  }

  @Override
  public List<Task> submit(List<NewTask> tasks) {
    if (tasks.isEmpty()) {
      return List.of();
    }
    try {
      return sql.call(dsl -> insert(dsl, tasks, false)); // in input order
    } catch (Sql.IntegrityViolation e) {
      throw batchRejected(e);
    }
  }

  private static IllegalArgumentException batchRejected(Sql.IntegrityViolation e) {
    if (e.constraint().equals("uq_tasks_idempotency_key")) {
      return new IllegalArgumentException("an Idempotency-Key of the batch is already held");
    }
    return new IllegalArgumentException("a task of the batch already exists");
  }

  @Override
  public Submitted submitIdempotent(NewTask task) {
    NewTask.Idempotency idempotency = task.idempotency();
    if (idempotency == null) {
      throw new IllegalArgumentException("submitIdempotent needs an idempotency key");
    }
    // A concurrent submit with the same key wins the insert; the loser reads its task. If that
    // task is deleted in between (retention), try again.
    for (int attempt = 0; attempt < 5; attempt++) {
      List<Task> inserted;
      try {
        inserted = sql.call(dsl -> insert(dsl, List.of(task), true));
      } catch (Sql.IntegrityViolation e) {
        throw new IllegalArgumentException("task " + task.id() + " already exists");
      }
      if (!inserted.isEmpty()) {
        return new Submitted(inserted.getFirst(), true);
      }
      Optional<TasksRecord> held =
          sql.call(
              dsl ->
                  dsl.selectFrom(TASKS)
                      .where(TASKS.IDEMPOTENCY_KEY.eq(idempotency.key()))
                      .fetchOptional());
      if (held.isPresent()) {
        TasksRecord existing = held.get();
        if (!idempotency.bodyFingerprint().equals(existing.getIdempotencyFingerprint())) {
          throw new IdempotencyConflict(idempotency.key(), new TaskId(existing.getId()));
        }
        return new Submitted(TaskRows.toTask(existing), false);
      }
    }
    throw new IllegalStateException("Idempotency-Key '" + idempotency.key() + "' keeps changing");
  }

  private static List<Task> insert(DSLContext dsl, List<NewTask> tasks, boolean onConflictSkip) {
    var input = InsertArrays.of(tasks);
    return onConflictSkip
        ? INSERT_UNLESS_KEY_HELD.query(dsl, input::bind, rows -> InsertArrays.stored(tasks, rows))
        : INSERT.query(dsl, input::bind, rows -> InsertArrays.allStored(tasks, rows));
  }

  /**
   * The task as inserted. It takes the new task's parameters without a copy: {@link
   * io.aiopslab.executor.domain.task.TaskSubmissionRules} built them from a copy of the caller's
   * body, and nothing else keeps the new task (a deep copy here was a sixth of a batch insert's JVM
   * time).
   */
  private static Task pending(NewTask t, Instant createdAt) {
    return new Task(
        t.id(),
        t.problemId(),
        TaskStatus.PENDING,
        t.parameters(),
        t.priority(),
        t.backendType(),
        t.timeoutMinutes(),
        null,
        0,
        t.maxAttempts(),
        null,
        null,
        null,
        createdAt,
        createdAt,
        null,
        null);
  }

  @Override
  public List<Task> claim(ClaimRequest request) {
    if (request.limit() == 0) {
      return List.of();
    }
    return sql.call(dsl -> claim(dsl, request));
  }

  /** The claim's parameters: backend type, limit, worker ids, lease millis. */
  private static HotStatement.Parameters bindClaim(HotStatement.Parameters p, ClaimRequest request)
      throws SQLException {
    return p.text(request.backendType())
        .integer(request.limit())
        .texts(request.workerIds().toArray(String[]::new))
        .bigint(request.leaseDuration().toMillis());
  }

  /** Sorted into claim order: the statement returns rows in update order. */
  private static List<Task> claim(DSLContext dsl, ClaimRequest request) {
    List<Task> claimed = CLAIM.query(dsl, p -> bindClaim(p, request), JooqTaskQueue::taskRows);
    var sorted = new ArrayList<>(claimed);
    sorted.sort(CLAIM_ORDER);
    return sorted;
  }

  /** The insert and the claim in one round trip and one transaction: {@link #SUBMIT_AND_CLAIM}. */
  @Override
  public SubmittedAndClaimed submitAndClaim(List<NewTask> tasks, ClaimRequest claim) {
    if (tasks.isEmpty() || claim.limit() == 0) {
      return new SubmittedAndClaimed(submit(tasks), List.of());
    }
    if (tasks.size() == 1 && claim.limit() == 1 && tasks.getFirst().idempotency() == null) {
      return submitRunning(tasks.getFirst(), claim);
    }
    var input = InsertArrays.of(tasks);
    var stored = new ArrayList<Task>(tasks.size());
    var claimed = new ArrayList<Task>(claim.limit());
    try {
      sql.call(
          dsl -> {
            SUBMIT_AND_CLAIM.queryEach(
                dsl,
                p -> bindClaim(input.bind(p), claim),
                rows -> stored.addAll(InsertArrays.allStored(tasks, rows)),
                rows -> claimed.addAll(taskRows(rows)));
            return null;
          });
    } catch (Sql.IntegrityViolation e) {
      throw batchRejected(e);
    }
    claimed.sort(CLAIM_ORDER);
    return new SubmittedAndClaimed(stored, claimed);
  }

  /**
   * {@link #SUBMIT_RUNNING}; when something this node may run was queued ahead of the task, which
   * is then stored pending, the slot claims as any idle slot does (a second statement: the row is
   * committed, so a failure of the claim leaves the slot empty instead of failing the submit).
   */
  private SubmittedAndClaimed submitRunning(NewTask task, ClaimRequest claim) {
    List<Task> rows;
    try {
      rows =
          sql.call(
              dsl ->
                  SUBMIT_RUNNING.query(
                      dsl,
                      p ->
                          p.uuid(task.id().value())
                              .text(task.problemId())
                              .text(JsonColumns.text(task.parameters()))
                              .integer(task.priority())
                              .text(task.backendType())
                              .numeric(JsonColumns.decimal(task.timeoutMinutes()))
                              .integer(task.maxAttempts())
                              .text(claim.backendType())
                              .text(claim.workerIds().getFirst())
                              .bigint(claim.leaseDuration().toMillis()),
                      JooqTaskQueue::taskRows));
    } catch (Sql.IntegrityViolation e) {
      throw batchRejected(e);
    }
    Task row = rows.getFirst();
    List<Task> stored = List.of(pending(task, row.createdAt()));
    if (row.status() == TaskStatus.RUNNING) {
      return new SubmittedAndClaimed(stored, List.of(row));
    }
    List<Task> claimed;
    try {
      claimed = claim(claim);
    } catch (RuntimeException e) {
      claimed = List.of();
    }
    return new SubmittedAndClaimed(stored, claimed);
  }

  @Override
  public Set<LeaseRef> renew(Collection<LeaseRef> leases, Duration extension) {
    if (leases.isEmpty()) {
      return Set.of();
    }
    var ids = new UUID[leases.size()];
    var tokens = new UUID[leases.size()];
    int i = 0;
    for (LeaseRef lease : leases) {
      ids[i] = lease.taskId().value();
      tokens[i++] = lease.token();
    }
    var renewed = new LinkedHashSet<LeaseRef>();
    sql.call(
        dsl ->
            RENEW.query(
                dsl,
                p -> p.bigint(extension.toMillis()).uuids(ids).uuids(tokens),
                rows -> {
                  while (rows.next()) {
                    renewed.add(
                        new LeaseRef(
                            new TaskId(rows.getObject(1, UUID.class)),
                            rows.getObject(2, UUID.class)));
                  }
                  return null;
                }));
    return renewed;
  }

  @Override
  public List<Task> finish(List<Finish> finishes) {
    if (finishes.isEmpty()) {
      return List.of();
    }
    FinishArrays f = FinishArrays.of(finishes);
    return sql.call(dsl -> FINISH.query(dsl, f::bind, JooqTaskQueue::taskRows));
  }

  @Override
  public Cycle finishAndClaim(List<Finish> finishes, ClaimRequest next) {
    if (next.limit() == 0) {
      return new Cycle(finish(finishes).stream().map(Ended::of).toList(), List.of());
    }
    if (finishes.isEmpty()) {
      return new Cycle(List.of(), claim(next));
    }
    FinishArrays f = FinishArrays.of(finishes);
    var ended = new ArrayList<Ended>(finishes.size());
    var claimed = new ArrayList<Task>(next.limit());
    sql.call(
        dsl ->
            FINISH_AND_CLAIM.query(
                dsl,
                p ->
                    f.bind(p)
                        .text(next.backendType())
                        .integer(next.limit())
                        .texts(next.workerIds().toArray(String[]::new))
                        .bigint(next.leaseDuration().toMillis()),
                rows -> {
                  while (rows.next()) {
                    if ("c".equals(rows.getString("op"))) {
                      claimed.add(TaskRows.toTask(rows));
                    } else {
                      ended.add(
                          new Ended(
                              new TaskId(rows.getObject("id", UUID.class)),
                              TaskRows.status(rows.getString("status")),
                              rows.getString("error_details"),
                              rows.getObject("completed_at", OffsetDateTime.class).toInstant()));
                    }
                  }
                  return null;
                }));
    claimed.sort(CLAIM_ORDER);
    return new Cycle(ended, claimed);
  }

  /** The select list of a claimed row: every column of tasks, in the generated order. */
  private static String claimedColumns() {
    return String.join(", ", Arrays.stream(TASKS.fields()).map(Field::getName).toList());
  }

  /** The same columns for a finished row: only the ones the caller needs, the rest NULL. */
  private static String finishedColumns() {
    Set<String> kept = Set.of("id", "status", "error_details", "completed_at");
    return String.join(
        ", ",
        Arrays.stream(TASKS.fields())
            .map(Field::getName)
            .map(name -> kept.contains(name) ? name : "NULL")
            .toList());
  }

  @Override
  public List<Task> handBack(Collection<LeaseRef> leases, String reason) {
    if (leases.isEmpty()) {
      return List.of();
    }
    var ids = new UUID[leases.size()];
    var tokens = new UUID[leases.size()];
    int i = 0;
    for (LeaseRef lease : leases) {
      ids[i] = lease.taskId().value();
      tokens[i++] = lease.token();
    }
    return sql.call(
        dsl ->
            handBack(
                dsl, HAND_BACK.formatted(HAND_BACK_LEASES), reason, uuids(ids), uuids(tokens)));
  }

  @Override
  public List<Task> reapExpiredLeases(int limit) {
    if (limit <= 0) {
      return List.of();
    }
    return sql.call(
        dsl -> {
          // The reaper runs periodically on every node: a good place to keep the counters short.
          dsl.execute(COMPACT_COUNTERS);
          return handBack(dsl, HAND_BACK.formatted(EXPIRED_LEASES), "lease expired", limit);
        });
  }

  private static List<Task> handBack(
      DSLContext dsl, String statement, String reason, Object... targetBindings) {
    var bindings = new ArrayList<Object>(List.of(targetBindings));
    bindings.add(reason);
    return dsl.resultQuery(statement, bindings.toArray())
        .coerce(
            withExtra(
                TASKS.fields(),
                field("previous_worker", String.class),
                field("previous_started", OffsetDateTime.class),
                field("pg_notify", Object.class)))
        .fetch()
        .map(r -> TaskRows.toTask(r.into(TASKS)));
  }

  @Override
  public List<Task> timeOutOverdue(int limit) {
    if (limit <= 0) {
      return List.of();
    }
    return sql.call(
        dsl ->
            dsl.resultQuery(TIME_OUT_OVERDUE, limit)
                .coerce(TASKS.fields())
                .fetchInto(TASKS)
                .map(TaskRows::toTask));
  }

  @Override
  public Task cancel(TaskId id) {
    List<Task> cancelled =
        sql.call(
            dsl ->
                dsl.resultQuery(CANCEL, id.value())
                    .coerce(
                        withExtra(
                            TASKS.fields(),
                            field("previous_status", String.class),
                            field("pg_notify", Object.class)))
                    .fetch()
                    .map(r -> TaskRows.toTask(r.into(TASKS))));
    if (!cancelled.isEmpty()) {
      return cancelled.getFirst();
    }
    Task current = find(id).orElseThrow(() -> new TaskNotFound(id));
    throw new IllegalTransition(id, current.status(), TaskStatus.CANCELLED);
  }

  @Override
  public Optional<Task> find(TaskId id) {
    return sql.call(
        dsl ->
            dsl.selectFrom(TASKS).where(TASKS.ID.eq(id.value())).fetchOptional(TaskRows::toTask));
  }

  @Override
  public List<Task> runningOf(String workerId) {
    return sql.call(
        dsl ->
            dsl.selectFrom(TASKS)
                .where(TASKS.STATUS.eq(TaskStatus.RUNNING.wireName()))
                .and(TASKS.WORKER_ID.eq(workerId))
                .orderBy(TASKS.STARTED_AT, TASKS.ID)
                .fetch(TaskRows::toTask));
  }

  @Override
  public TaskPage list(TaskQuery query) {
    return sql.call(
        dsl -> {
          List<Task> page = pageQuery(dsl, query).fetchInto(TASKS).map(TaskRows::toTask);
          long total = total(dsl, query);
          return new TaskPage(page, total, query.page(), query.pageSize());
        });
  }

  /**
   * One status: one ordered index range (a partial index per state, docs/adr/0011). No status
   * filter: one branch per status, each ordered by its own index and cut at offset + page size,
   * merged by the outer sort, so a page costs a few short index ranges whatever the table's size
   * (no index covers all rows: a claim or a finish would add an entry to it). The running branch
   * has no list index; its rows (one per busy slot) are found through ix_tasks_running_worker and
   * sorted. Ascending priority has no index on finished rows (theirs is read backwards for the
   * descending sort, ties by id ascending either way, and a priority holds a tenth of the rows);
   * there one sort over the table, which PostgreSQL runs in parallel, beats a sort per branch.
   */
  static ResultQuery<TasksRecord> pageQuery(DSLContext dsl, TaskQuery query) {
    TaskSort sort = query.sort();
    boolean mergeable = sort.descending() || sort.field() != TaskSort.Field.PRIORITY;
    if (query.status() != null || !mergeable) {
      return dsl.selectFrom(TASKS)
          .where(filterOf(query))
          .orderBy(sortOf(sort, query.status(), TASKS), TASKS.ID.asc())
          .offset(query.offset())
          .limit(query.pageSize());
    }
    long reach = query.offset() + query.pageSize();
    Select<TasksRecord> branches = null;
    for (TaskStatus status : TaskStatus.values()) {
      if (status == TaskStatus.PENDING && query.workerId() != null) {
        continue; // a pending task has no worker (ck_tasks_pending_has_no_worker)
      }
      Select<TasksRecord> branch =
          dsl.selectFrom(TASKS)
              .where(filterOf(query).and(TASKS.STATUS.eq(status.wireName())))
              .orderBy(sortOf(sort, status, TASKS), TASKS.ID.asc())
              .limit(reach);
      branches = branches == null ? branch : branches.unionAll(branch);
    }
    Table<TasksRecord> merged = branches.asTable("t");
    return dsl.selectFrom(merged)
        .orderBy(sortOf(sort, null, merged), merged.field(TASKS.ID).asc())
        .offset(query.offset())
        .limit(query.pageSize());
  }

  /**
   * No filter, or one filter on status, problem or worker: from the counters (the same sums the
   * statistics read); else counted.
   */
  private static long total(DSLContext dsl, TaskQuery query) {
    int filters = 0;
    String kind = null;
    String key = null;
    if (query.status() != null) {
      filters++;
      kind = "status";
      key = query.status().wireName();
    }
    if (query.problemId() != null) {
      filters++;
      kind = "problem";
      key = query.problemId();
    }
    if (query.workerId() != null) {
      filters++;
      kind = "worker";
      key = query.workerId();
    }
    if (query.backendType() != null) {
      filters++;
      kind = null; // not counted by task_counters
    }
    ResultQuery<Record> statement;
    if (filters == 0) {
      statement = dsl.resultQuery(ALL_TOTAL);
    } else if (filters == 1 && kind != null) {
      statement = dsl.resultQuery(COUNTER_TOTAL, kind, key);
    } else {
      return dsl.fetchValue(countQuery(dsl, query));
    }
    return statement.coerce(field("total", Long.class)).fetchOne().value1();
  }

  static org.jooq.Select<org.jooq.Record1<Integer>> countQuery(DSLContext dsl, TaskQuery query) {
    return dsl.selectCount().from(TASKS).where(filterOf(query));
  }

  private static Condition filterOf(TaskQuery query) {
    Condition where = noCondition();
    if (query.status() != null) {
      where = where.and(TASKS.STATUS.eq(query.status().wireName()));
    }
    if (query.problemId() != null) {
      where = where.and(TASKS.PROBLEM_ID.eq(query.problemId()));
    }
    if (query.workerId() != null) {
      where = where.and(TASKS.WORKER_ID.eq(query.workerId()));
    }
    if (query.backendType() != null) {
      where = where.and(TASKS.BACKEND_TYPE.eq(query.backendType()));
    }
    return where;
  }

  /**
   * Nulls last in both directions, ties by id ascending. Written so the partial list indexes serve
   * it: a finished task's updated_at equals its completed_at (both are set by the statement that
   * ends it, and nothing changes it afterwards), so that sort uses the completed_at index; a clause
   * that cannot matter (NULLS LAST on a column that is never null) is left out, because the planner
   * only matches an index whose null ordering is spelled the same. {@code status} is the one status
   * every row of {@code table} has, or null when they are mixed.
   */
  private static SortField<?> sortOf(TaskSort sort, TaskStatus status, Table<TasksRecord> table) {
    boolean finished = status != null && status.isFinal();
    TaskSort.Field field =
        finished && sort.field() == TaskSort.Field.UPDATED_AT
            ? TaskSort.Field.COMPLETED_AT
            : sort.field();
    Field<?> column =
        switch (field) {
          case CREATED_AT -> table.field(TASKS.CREATED_AT);
          case UPDATED_AT -> table.field(TASKS.UPDATED_AT);
          case STARTED_AT -> table.field(TASKS.STARTED_AT);
          case COMPLETED_AT -> table.field(TASKS.COMPLETED_AT);
          case PRIORITY -> table.field(TASKS.PRIORITY);
        };
    boolean nullable =
        field == TaskSort.Field.STARTED_AT
            ? !alwaysStarted(status)
            : field == TaskSort.Field.COMPLETED_AT && !finished;
    SortField<?> ordered = sort.descending() ? column.desc() : column.asc();
    if (nullable) {
      return ordered.nullsLast();
    }
    if (field == TaskSort.Field.STARTED_AT) {
      // Never null here, so either spelling gives the same order; spelled as ix_tasks_final_started
      // (started_at NULLS FIRST) reads forwards and backwards, so ascending, too, is its range
      // (ties by id then sorted within each equal start, an incremental sort).
      return sort.descending() ? ordered.nullsLast() : ordered.nullsFirst();
    }
    return ordered;
  }

  /**
   * Completed, failed and timed-out tasks all ended a run (TaskLifecycle: only RUNNING leads to
   * them), and nothing clears started_at on those edges (ck_tasks_ended_run_has_start); a cancelled
   * task may never have started.
   */
  private static boolean alwaysStarted(TaskStatus status) {
    return status == TaskStatus.COMPLETED
        || status == TaskStatus.FAILED
        || status == TaskStatus.TIMEOUT;
  }

  /**
   * Folds the appended counter deltas into one row per key. Safe on several nodes at once: a second
   * compaction skips the rows the first one deleted, and deltas appended meanwhile stay.
   */
  static final String COMPACT_COUNTERS =
      """
      WITH gone AS (DELETE FROM task_counters RETURNING kind, key, n, seconds)
      INSERT INTO task_counters (kind, key, n, seconds)
      SELECT kind, key, sum(n), sum(seconds) FROM gone
      GROUP BY kind, key HAVING sum(n) <> 0 OR sum(seconds) <> 0
      """;

  /**
   * Rebuilds task_counters from the rows, for bulk loads that write tasks without the queue's
   * statements (benchmarks, imports); the same aggregation as the 2026-11-27-07 backfill.
   */
  public static final String RECOUNT_COUNTERS =
      """
      WITH gone AS (DELETE FROM task_counters)
      INSERT INTO task_counters (kind, key, n, seconds)
      SELECT c.kind, c.key, sum(c.n), sum(c.seconds)
      FROM tasks r
      """
          + COUNTER_CONTRIBUTIONS;

  static final String STATS_COUNTERS =
      """
      SELECT kind, key, sum(n)::bigint AS n, sum(seconds)::float8 AS seconds
      FROM task_counters GROUP BY kind, key
      """;

  static final String OLDEST_PENDING = "SELECT min(created_at) FROM tasks WHERE status = 'pending'";

  /** Parameters: kind ('status', 'problem' or 'worker'), key. */
  static final String COUNTER_TOTAL =
      "SELECT coalesce(sum(n), 0)::bigint FROM task_counters WHERE kind = ? AND key = ?";

  static final String ALL_TOTAL =
      "SELECT coalesce(sum(n), 0)::bigint FROM task_counters WHERE kind = 'status'";

  /**
   * Counts and means come from task_counters (every statement that changes tasks appends its
   * deltas: docs/adr/0005), so they cost the same at a million rows as at ten.
   */
  @Override
  public TaskStatistics statistics() {
    return sql.call(
        dsl -> {
          dsl.execute(COMPACT_COUNTERS);
          var counts = new EnumMap<TaskStatus, Long>(TaskStatus.class);
          var byProblem = new HashMap<String, Long>();
          var byWorker = new HashMap<String, Long>();
          Double exec = null;
          Double wait = null;
          for (var r :
              dsl.resultQuery(STATS_COUNTERS)
                  .coerce(
                      field("kind", String.class),
                      field("key", String.class),
                      field("n", Long.class),
                      field("seconds", Double.class))
                  .fetch()) {
            long n = r.value3();
            switch (r.value1()) {
              case "status" -> {
                if (n != 0) {
                  counts.put(TaskRows.status(r.value2()), n);
                }
              }
              case "problem" -> {
                if (n != 0) {
                  byProblem.put(r.value2(), n);
                }
              }
              case "worker" -> {
                if (n != 0) {
                  byWorker.put(r.value2(), n);
                }
              }
              case "exec" -> exec = n == 0 ? null : r.value4() / n;
              case "wait" -> wait = n == 0 ? null : r.value4() / n;
              default -> {
                // a kind this version does not know: ignore
              }
            }
          }
          OffsetDateTime oldest =
              dsl.resultQuery(OLDEST_PENDING)
                  .coerce(field("oldest", OffsetDateTime.class))
                  .fetchOne()
                  .value1();
          return new TaskStatistics(
              counts, exec, wait, byProblem, byWorker, JsonColumns.instant(oldest));
        });
  }

  @Override
  public int deleteFinishedBefore(Instant cutoff, int limit) {
    int deleted = 0;
    OffsetDateTime before = cutoff.atOffset(ZoneOffset.UTC);
    while (deleted < limit) {
      int batch = Math.min(DELETE_BATCH, limit - deleted);
      int n =
          sql.call(
              dsl ->
                  dsl.resultQuery(DELETE_FINISHED, before, batch)
                      .coerce(field("count", Integer.class))
                      .fetchOne()
                      .value1());
      deleted += n;
      if (n < batch) {
        break;
      }
    }
    return deleted;
  }

  /** The columns of new tasks as the arrays {@link #INSERT_TASKS} unnests. */
  private record InsertArrays(
      UUID[] ids,
      String[] problemIds,
      String[] parameters,
      Integer[] priorities,
      String[] backendTypes,
      BigDecimal[] timeouts,
      Integer[] maxAttempts,
      String[] keys,
      String[] fingerprints) {
    static InsertArrays of(List<NewTask> tasks) {
      int n = tasks.size();
      var a =
          new InsertArrays(
              new UUID[n],
              new String[n],
              new String[n],
              new Integer[n],
              new String[n],
              new BigDecimal[n],
              new Integer[n],
              new String[n],
              new String[n]);
      for (int i = 0; i < n; i++) {
        NewTask t = tasks.get(i);
        a.ids[i] = t.id().value();
        a.problemIds[i] = t.problemId();
        a.parameters[i] = JsonColumns.text(t.parameters());
        a.priorities[i] = t.priority();
        a.backendTypes[i] = t.backendType();
        a.timeouts[i] = JsonColumns.decimal(t.timeoutMinutes());
        a.maxAttempts[i] = t.maxAttempts();
        a.keys[i] = t.idempotency() == null ? null : t.idempotency().key();
        a.fingerprints[i] = t.idempotency() == null ? null : t.idempotency().bodyFingerprint();
      }
      return a;
    }

    HotStatement.Parameters bind(HotStatement.Parameters p) throws SQLException {
      return p.uuids(ids)
          .texts(problemIds)
          .texts(parameters)
          .ints(priorities)
          .texts(backendTypes)
          .numerics(timeouts)
          .ints(maxAttempts)
          .texts(keys)
          .texts(fingerprints);
    }

    /**
     * The tasks of an insert that stored them all ({@link #RETURN_COUNT_AND_NOW}), in input order:
     * the n-th was created n microseconds after the first. The rest is what was sent (no jsonb
     * round trip).
     */
    static List<Task> allStored(List<NewTask> tasks, ResultSet rows) throws SQLException {
      if (!rows.next() || rows.getInt(1) != tasks.size()) {
        throw new IllegalStateException(
            "the insert of " + tasks.size() + " tasks did not store them all");
      }
      Instant first = rows.getObject(2, OffsetDateTime.class).toInstant();
      var stored = new ArrayList<Task>(tasks.size());
      for (int i = 0; i < tasks.size(); i++) {
        stored.add(pending(tasks.get(i), first.plusNanos(i * 1_000L)));
      }
      return stored;
    }

    /**
     * The tasks the insert stored ({@link #RETURN_EACH_ROW}), in input order (one skipped on a held
     * key is missing). Only id and created_at come back: the rest is what was sent.
     */
    static List<Task> stored(List<NewTask> tasks, ResultSet rows) throws SQLException {
      var createdAt = new HashMap<UUID, OffsetDateTime>();
      while (rows.next()) {
        createdAt.put(rows.getObject(1, UUID.class), rows.getObject(2, OffsetDateTime.class));
      }
      var stored = new ArrayList<Task>(createdAt.size());
      for (NewTask t : tasks) {
        OffsetDateTime created = createdAt.get(t.id().value());
        if (created != null) {
          stored.add(pending(t, created.toInstant()));
        }
      }
      return stored;
    }
  }

  /** The bind arrays of a batch of finishes (one unnest column each). */
  private record FinishArrays(
      UUID[] ids, UUID[] tokens, String[] statuses, String[] results, String[] errors) {
    static FinishArrays of(List<Finish> finishes) {
      int n = finishes.size();
      var a =
          new FinishArrays(new UUID[n], new UUID[n], new String[n], new String[n], new String[n]);
      for (int i = 0; i < n; i++) {
        Finish f = finishes.get(i);
        a.ids[i] = f.lease().taskId().value();
        a.tokens[i] = f.lease().token();
        a.statuses[i] = f.to().wireName();
        a.results[i] = JsonColumns.text(f.result());
        a.errors[i] = f.errorDetails();
      }
      return a;
    }

    HotStatement.Parameters bind(HotStatement.Parameters p) throws SQLException {
      return p.uuids(ids).uuids(tokens).texts(statuses).texts(results).texts(errors);
    }
  }

  /** Every row of a result set with the columns of tasks, as tasks. */
  private static List<Task> taskRows(ResultSet rows) throws SQLException {
    var tasks = new ArrayList<Task>();
    while (rows.next()) {
      tasks.add(TaskRows.toTask(rows));
    }
    return tasks;
  }

  private static Field<?>[] withExtra(Field<?>[] fields, Field<?>... extra) {
    var all = new Field<?>[fields.length + extra.length];
    System.arraycopy(fields, 0, all, 0, fields.length);
    System.arraycopy(extra, 0, all, fields.length, extra.length);
    return all;
  }

  static Param<UUID[]> uuids(UUID[] values) {
    return val(values, SQLDataType.UUID.array());
  }

  static Param<String[]> texts(String[] values) {
    return val(values, SQLDataType.CLOB.array());
  }

  /** PostgreSQL's uuid order (unsigned, byte by byte), for re-sorting claimed rows in Java. */
  static int compareUuids(UUID a, UUID b) {
    int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
    return high != 0
        ? high
        : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
  }
}
