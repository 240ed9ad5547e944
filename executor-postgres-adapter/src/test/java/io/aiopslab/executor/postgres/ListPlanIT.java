package io.aiopslab.executor.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aiopslab.executor.domain.task.Task;
import io.aiopslab.executor.domain.task.TaskQuery;
import io.aiopslab.executor.domain.task.TaskSort;
import io.aiopslab.executor.domain.task.TaskStatus;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.jooq.SQLDialect;
import org.jooq.conf.ParamType;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The task list reads the partial index of each state (docs/adr/0011): no index covers every row,
 * so a page without a status filter is a merge of one index range per status. Here, on 100,000
 * analysed rows shaped like a long-running installation (mostly finished, some pending, a few
 * running), each list shape must plan onto its indexes and never scan the table, and the merged
 * pages must be exactly the rows a plain sort of the whole table gives.
 */
class ListPlanIT {
  private static final int ROWS = 100_000;

  private static TestDatabases.TestDatabase database;
  private static PostgresStore store;
  private static DataSource pool;

  @BeforeAll
  static void load() throws SQLException {
    database = TestDatabases.create();
    store = database.newStore(2);
    pool = database.newPool(PostgresDataSources.PoolSettings.of(1));
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          """
          INSERT INTO tasks (id, problem_id, status, parameters, priority, timeout_minutes,
                             worker_id, attempt, max_attempts, lease_token, lease_expires_at,
                             created_at, updated_at, started_at, completed_at)
          SELECT gen_random_uuid(), 'problem-' || (i %% 50), st.status, '{}'::jsonb, i %% 11, 30,
                 CASE WHEN st.status <> 'pending' THEN 'worker-' || (i %% 16) END,
                 CASE WHEN st.status = 'pending' THEN 0 ELSE 1 END, 3,
                 CASE WHEN st.status = 'running' THEN gen_random_uuid() END,
                 CASE WHEN st.status = 'running' THEN now() + interval '1 hour' END,
                 t.created, t.created + interval '2 minutes',
                 CASE WHEN st.status <> 'pending' THEN t.created + interval '1 minute' END,
                 CASE WHEN st.status NOT IN ('pending', 'running')
                      THEN t.created + interval '2 minutes' END
          FROM generate_series(1, %d) AS i
          CROSS JOIN LATERAL (SELECT now() - (%d - i) * interval '1 second' AS created) t
          CROSS JOIN LATERAL (SELECT CASE
                     WHEN i %% 100 < 90 THEN 'completed' WHEN i %% 100 < 95 THEN 'failed'
                     WHEN i %% 100 < 98 THEN 'pending' WHEN i %% 100 < 99 THEN 'cancelled'
                     ELSE CASE WHEN i %% 1000 = 999 THEN 'running' ELSE 'timeout' END END
                     AS status) st
          """
              .formatted(ROWS, ROWS));
      s.execute(JooqTaskQueue.RECOUNT_COUNTERS);
      s.execute("VACUUM ANALYZE tasks");
    }
  }

  @AfterAll
  static void close() {
    database.close();
  }

  @Test
  void aPageWithoutStatusMergesTheIndexOfEachState() throws SQLException {
    String plan = explain(query(null, null, TaskSort.DEFAULT, 3));

    assertTrue(plan.contains("Merge Append"), plan);
    assertTrue(plan.contains("ix_tasks_pending_created"), plan);
    assertTrue(plan.contains("ix_tasks_final_created"), plan);
    assertFalse(plan.contains("Seq Scan"), plan);

    String byCompletion =
        explain(query(null, null, new TaskSort(TaskSort.Field.COMPLETED_AT, true), 1));
    assertTrue(byCompletion.contains("ix_tasks_final_completed"), byCompletion);
    assertFalse(byCompletion.contains("Seq Scan"), byCompletion);
  }

  @Test
  void theProblemFilterReadsTheProblemIndexOfEachState() throws SQLException {
    String any = explain(query(null, "problem-7", TaskSort.DEFAULT, 2));
    assertTrue(any.contains("ix_tasks_pending_problem"), any);
    assertTrue(any.contains("ix_tasks_final_problem"), any);
    assertFalse(any.contains("Seq Scan"), any);

    String completed = explain(query(TaskStatus.COMPLETED, "problem-7", TaskSort.DEFAULT, 2));
    assertTrue(completed.contains("ix_tasks_final_problem"), completed);
    assertFalse(completed.contains("Seq Scan"), completed);
  }

  @Test
  void theWorkerFilterSkipsThePendingRowsAndCountsFromTheCounters() throws SQLException {
    var byWorker = new TaskQuery(null, null, "worker-5", null, TaskSort.DEFAULT, 3, 20);
    String plan = explain(byWorker);
    assertFalse(plan.contains("ix_tasks_pending"), plan); // a pending task has no worker
    assertFalse(plan.contains("Seq Scan"), plan);

    var page = store.queue().list(byWorker);
    assertEquals(count("SELECT count(*) FROM tasks WHERE worker_id = 'worker-5'"), page.total());
    assertEquals(
        reference(byWorker), page.tasks().stream().map(Task::id).map(i -> i.value()).toList());
  }

  @Test
  void aStatusFilterReadsThatStatusIndex() throws SQLException {
    String plan = explain(query(TaskStatus.COMPLETED, null, TaskSort.DEFAULT, 5));
    assertTrue(plan.contains("ix_tasks_final_created"), plan);
    assertFalse(plan.contains("Seq Scan"), plan);
  }

  @Test
  void finishedTasksSortByStartInBothDirectionsOnTheirStartIndex() throws SQLException {
    for (boolean descending : List.of(false, true)) {
      var query =
          new TaskQuery(
              TaskStatus.COMPLETED,
              null,
              null,
              null,
              new TaskSort(TaskSort.Field.STARTED_AT, descending),
              4,
              20);
      String plan = explain(query);
      assertTrue(plan.contains("ix_tasks_final_started"), plan);
      assertFalse(plan.contains("Seq Scan"), plan);
      assertEquals(
          reference(query),
          store.queue().list(query).tasks().stream().map(t -> t.id().value()).toList());
    }
  }

  @Test
  void mergedPagesAreThoseOfOneSortOverTheWholeTable() throws SQLException {
    for (TaskSort sort :
        List.of(
            TaskSort.DEFAULT,
            new TaskSort(TaskSort.Field.CREATED_AT, false),
            new TaskSort(TaskSort.Field.UPDATED_AT, true),
            new TaskSort(TaskSort.Field.COMPLETED_AT, false),
            new TaskSort(TaskSort.Field.STARTED_AT, true))) {
      for (int page : new int[] {1, 7}) {
        var query = query(null, null, sort, page);
        List<UUID> listed =
            store.queue().list(query).tasks().stream().map(t -> t.id().value()).toList();
        assertEquals(reference(query), listed, sort.wireName() + " page " + page);
      }
    }
    var byProblem = query(null, "problem-7", TaskSort.DEFAULT, 4);
    var listed = store.queue().list(byProblem);
    assertEquals(ROWS / 50, listed.total());
    assertEquals(
        reference(byProblem), listed.tasks().stream().map(Task::id).map(i -> i.value()).toList());
  }

  private static TaskQuery query(TaskStatus status, String problem, TaskSort sort, int page) {
    return new TaskQuery(status, problem, null, null, sort, page, 20);
  }

  private static String explain(TaskQuery query) throws SQLException {
    String sql =
        JooqTaskQueue.pageQuery(DSL.using(SQLDialect.POSTGRES), query).getSQL(ParamType.INLINED);
    var plan = new StringBuilder();
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement();
        ResultSet rows = s.executeQuery("EXPLAIN (COSTS OFF) " + sql)) {
      while (rows.next()) {
        plan.append(rows.getString(1)).append('\n');
      }
    }
    return plan.toString();
  }

  private static long count(String sql) throws SQLException {
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement();
        ResultSet rows = s.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  /** The page as one plain sort of every row gives it (nulls last, ties by id). */
  private static List<UUID> reference(TaskQuery query) throws SQLException {
    String column = query.sort().field().name().toLowerCase(java.util.Locale.ROOT);
    String direction = query.sort().descending() ? "DESC" : "ASC";
    var conditions = new ArrayList<String>();
    if (query.status() != null) {
      conditions.add("status = '" + query.status().wireName() + "'");
    }
    if (query.problemId() != null) {
      conditions.add("problem_id = '" + query.problemId() + "'");
    }
    if (query.workerId() != null) {
      conditions.add("worker_id = '" + query.workerId() + "'");
    }
    String where = conditions.isEmpty() ? "" : "WHERE " + String.join(" AND ", conditions);
    String sql =
        "SELECT id FROM tasks %s ORDER BY %s %s NULLS LAST, id LIMIT %d OFFSET %d"
            .formatted(where, column, direction, query.pageSize(), query.offset());
    var ids = new ArrayList<UUID>();
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement();
        ResultSet rows = s.executeQuery(sql)) {
      while (rows.next()) {
        ids.add(rows.getObject(1, UUID.class));
      }
    }
    return ids;
  }
}
