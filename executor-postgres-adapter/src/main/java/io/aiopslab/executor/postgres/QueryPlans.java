package io.aiopslab.executor.postgres;

import io.aiopslab.executor.domain.task.TaskQuery;
import io.aiopslab.executor.domain.task.TaskSort;
import io.aiopslab.executor.domain.task.TaskStatus;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jooq.SQLDialect;
import org.jooq.conf.ParamType;
import org.jooq.impl.DSL;

/**
 * {@code EXPLAIN (ANALYZE, BUFFERS)} of the statements that run per task or per page, inside a
 * transaction that is rolled back (the claim really updates rows while it is explained). Used by
 * the benchmark to check the plans at a million rows.
 */
public final class QueryPlans {

  static final String PICK_PLAN = "claim pick 32 (the query of executor_pick_tasks, its settings)";

  /** The body and the settings of executor_pick_tasks, as the database holds them. */
  private static final String PICK_FUNCTION =
      "SELECT prosrc, proconfig FROM pg_proc WHERE proname = 'executor_pick_tasks'";

  private QueryPlans() {}

  public static Map<String, String> explain(DataSource dataSource) {
    var dsl = DSL.using(SQLDialect.POSTGRES);
    var list = new TaskQuery(TaskStatus.COMPLETED, null, null, null, TaskSort.DEFAULT, 3, 20);
    var statements = new LinkedHashMap<String, String>();
    statements.put(
        "claim 32",
        JooqTaskQueue.CLAIM
            .sql()
            .replaceFirst(
                "\\?::text\\[\\]",
                "(SELECT array_agg('bench-' || i) FROM generate_series(1, 32) i)")
            .replaceFirst("\\?", "'orchestrator'")
            .replaceFirst("\\?", "32")
            .replaceFirst("\\?", "15000"));
    // Runs right after the claim above, in the same transaction: it finishes what was claimed.
    String running = "(SELECT array_agg(%s ORDER BY id) FROM tasks WHERE status = 'running')";
    statements.put(
        "finish 32",
        JooqTaskQueue.FINISH
            .sql()
            .replaceFirst("\\?::uuid\\[\\]", running.formatted("id"))
            .replaceFirst("\\?::uuid\\[\\]", running.formatted("lease_token"))
            .replaceFirst("\\?::text\\[\\]", running.formatted("'completed'::text"))
            .replaceFirst("\\?::text\\[\\]", running.formatted("'{}'::text"))
            .replaceFirst("\\?::text\\[\\]", running.formatted("NULL::text")));
    String submit = JooqTaskQueue.INSERT.sql();
    for (String array :
        List.of(
            "(SELECT array_agg(gen_random_uuid()) FROM generate_series(1, 1000))",
            "(SELECT array_agg('problem-' || i) FROM generate_series(1, 1000) i)",
            "(SELECT array_agg('{\"max_steps\": 10, \"priority\": 5, \"agent_config\":"
                + " {\"model\": \"gpt-4o\"}}'::text) FROM generate_series(1, 1000))",
            "(SELECT array_agg(5) FROM generate_series(1, 1000))",
            "(SELECT array_agg(NULL::text) FROM generate_series(1, 1000))",
            "(SELECT array_agg(30::numeric) FROM generate_series(1, 1000))",
            "(SELECT array_agg(3) FROM generate_series(1, 1000))",
            "(SELECT array_agg(NULL::text) FROM generate_series(1, 1000))",
            "(SELECT array_agg(NULL::text) FROM generate_series(1, 1000))")) {
      submit = submit.replaceFirst("\\?", java.util.regex.Matcher.quoteReplacement(array));
    }
    statements.put("submit 1000", submit);
    statements.put(
        "list page (status=completed, -created_at, page 3)",
        JooqTaskQueue.pageQuery(dsl, list).getSQL(ParamType.INLINED));
    statements.put(
        "list total counted (status=completed; used only with other filters)",
        JooqTaskQueue.countQuery(dsl, list).getSQL(ParamType.INLINED));
    statements.put(
        "list page (no filter, -created_at)",
        JooqTaskQueue.pageQuery(dsl, TaskQuery.firstPage()).getSQL(ParamType.INLINED));
    statements.put("stats: compact counters", JooqTaskQueue.COMPACT_COUNTERS);
    statements.put("stats: read counters", JooqTaskQueue.STATS_COUNTERS);
    statements.put("stats: oldest pending", JooqTaskQueue.OLDEST_PENDING);
    statements.put(
        "list total from counters (status=completed)",
        JooqTaskQueue.COUNTER_TOTAL
            .replaceFirst("\\?", "'status'")
            .replaceFirst("\\?", "'completed'"));
    statements.put(
        "reaper",
        "SELECT id FROM tasks WHERE status = 'running' AND lease_expires_at <= now()"
            + " ORDER BY lease_expires_at, id LIMIT 100 FOR UPDATE SKIP LOCKED");
    var plans = new LinkedHashMap<String, String>();
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        for (var e : statements.entrySet()) {
          plans.put(e.getKey(), explain(s, e.getValue()));
        }
        plans.put(PICK_PLAN, explainPick(s));
      } finally {
        c.rollback();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("EXPLAIN failed: " + e.getMessage(), e);
    }
    return plans;
  }

  private static String explain(Statement s, String sql) throws SQLException {
    var plan = new StringBuilder();
    try (var r = s.executeQuery("EXPLAIN (ANALYZE, BUFFERS) " + sql)) {
      while (r.next()) {
        plan.append(r.getString(1)).append('\n');
      }
    }
    return plan.toString();
  }

  /**
   * EXPLAIN does not show inside a function: the query of executor_pick_tasks (changeset
   * 2026-11-28-03), read from the database, is prepared with its parameters as $1 and $2 and
   * executed for 'orchestrator' and 32 under the settings the function runs with, so the plan shown
   * is the one the function uses (its plan_cache_mode makes that the generic plan, changeset
   * 2026-11-28-06).
   */
  private static String explainPick(Statement s) throws SQLException {
    String query;
    String[] settings;
    try (var r = s.executeQuery(PICK_FUNCTION)) {
      if (!r.next()) {
        throw new SQLException("no function executor_pick_tasks: is the schema migrated?");
      }
      var body = Pattern.compile("(?s)RETURN QUERY\\s+(.*?);\\s*END").matcher(r.getString(1));
      if (!body.find()) {
        throw new SQLException("executor_pick_tasks has no RETURN QUERY");
      }
      query =
          body.group(1)
              .replaceAll("\\bbackend\\b", Matcher.quoteReplacement("$1"))
              .replaceAll("\\bmax_tasks\\b", Matcher.quoteReplacement("$2"));
      settings = (String[]) r.getArray(2).getArray();
    }
    for (String setting : settings) { // name=value
      int eq = setting.indexOf('=');
      s.execute("SET LOCAL " + setting.substring(0, eq) + " = " + setting.substring(eq + 1));
    }
    s.execute("PREPARE executor_pick_plan(text, integer) AS " + query);
    try {
      return explain(s, "EXECUTE executor_pick_plan('orchestrator', 32)");
    } finally {
      s.execute("DEALLOCATE executor_pick_plan");
    }
  }
}
