package io.aiopslab.executor.bench;

import static io.aiopslab.executor.bench.Results.map;

import io.aiopslab.executor.app.ExecutorNode;
import io.aiopslab.executor.postgres.JooqTaskQueue;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * W4 — reads at scale: N (1,000,000) finished tasks in the table, shaped like real ones (merged
 * parameters, runner results, error details, one-second spacing over ~12 days so retention keeps
 * them), bulk-loaded with one {@code INSERT ... SELECT generate_series} and {@code VACUUM
 * ANALYZE}d; then p50/p99 over HTTP against the running service (default pool of 3 idle workers,
 * metrics on) of the task list (status filter, {@code -created_at}, pages 1–5 of 20; no filter;
 * problem filter), a task by id, {@code /api/v1/tasks/stats} and {@code /queue/stats}. One
 * keep-alive client, requests one after another.
 */
final class ScaleWorkload {
  private ScaleWorkload() {}

  private static final String[] FINISHED = {"completed", "failed", "timeout", "cancelled"};

  static void run(BenchOptions o, ScratchDatabase db, Map<String, Object> out) throws Exception {
    int rows = o.n();
    int samples = o.quick() ? 50 : 200;
    int warmup = o.quick() ? 10 : 20;
    try (ExecutorNode node = Nodes.service(db, Map.of())) {
      long t0 = System.nanoTime();
      load(db, rows);
      long loaded = System.nanoTime();
      db.execute("VACUUM ANALYZE tasks");
      long analysed = System.nanoTime();
      System.err.printf(
          "w4: %,d rows loaded in %.1f s, VACUUM ANALYZE %.1f s%n",
          rows, (loaded - t0) / 1e9, (analysed - loaded) / 1e9);

      List<String> ids = sampleIds(db, samples + warmup);
      var uri = node.baseUri();
      var endpoints = new LinkedHashMap<String, Latencies>();
      try (var http = new HttpConnection(uri.getHost(), uri.getPort())) {
        endpoints.put(
            "list",
            measure(
                http,
                warmup,
                samples,
                k ->
                    "/api/v1/tasks?status="
                        + FINISHED[k % FINISHED.length]
                        + "&sort=-created_at&page="
                        + (1 + (k / FINISHED.length) % 5)
                        + "&page_size=20"));
        endpoints.put(
            "list_all",
            measure(
                http, warmup, samples, k -> "/api/v1/tasks?page=" + (1 + k % 5) + "&page_size=20"));
        endpoints.put(
            "list_problem",
            measure(
                http,
                warmup,
                samples,
                k ->
                    "/api/v1/tasks?problem_id=k8s_target_port-misconfig-detection-"
                        + (k % 50)
                        + "&page="
                        + (1 + (k / 50) % 5)
                        + "&page_size=20"));
        endpoints.put(
            "get", measure(http, warmup, samples, k -> "/api/v1/tasks/" + ids.get(k % ids.size())));
        endpoints.put("task_stats", measure(http, warmup, samples, k -> "/api/v1/tasks/stats"));
        endpoints.put("queue_stats", measure(http, warmup, samples, k -> "/queue/stats"));
      }
      var figures = new LinkedHashMap<String, Object>();
      var detail = new LinkedHashMap<String, Object>();
      endpoints.forEach(
          (name, latencies) -> {
            figures.put(name + "_p50_ms", latencies.percentileMs(50));
            figures.put(name + "_p99_ms", latencies.percentileMs(99));
            detail.put(name, latencies.summary());
          });
      detail.put("load_s", Results.round((loaded - t0) / 1e9, 1));
      detail.put("vacuum_analyze_s", Results.round((analysed - loaded) / 1e9, 1));
      out.put(
          "api",
          "HTTP GET over 1 keep-alive connection: /api/v1/tasks?status=<finished>&sort=-created_at"
              + "&page=1..5&page_size=20, /api/v1/tasks?page=1..5&page_size=20 (no filter),"
              + " /api/v1/tasks?problem_id=<one of 50>&page=1..5&page_size=20, /api/v1/tasks/{id},"
              + " /api/v1/tasks/stats, /queue/stats");
      out.put(
          "settings",
          map(
              "rows",
              rows,
              "row_mix",
              "90% completed, 6% failed, 2% timeout, 2% cancelled",
              "warmup_requests_per_endpoint",
              warmup,
              "measured_requests_per_endpoint",
              samples,
              "service",
              "ExecutorNode defaults (3 internal workers, idle; metrics on; pool 20)"));
      out.put("figures", figures);
      out.put("detail", detail);
    }
  }

  private static Latencies measure(
      HttpConnection http, int warmup, int samples, IntFunction<String> path) throws Exception {
    var latencies = new Latencies();
    for (int k = 0; k < warmup + samples; k++) {
      String p = path.apply(k);
      long sent = System.nanoTime();
      var response = http.get(p);
      long took = System.nanoTime() - sent;
      if (response.status() != 200) {
        throw new IllegalStateException("GET " + p + " answered " + response.status());
      }
      if (k >= warmup) {
        latencies.add(took);
      }
    }
    return latencies;
  }

  private static List<String> sampleIds(ScratchDatabase db, int count) throws Exception {
    var ids = new ArrayList<String>();
    try (Connection c = db.open();
        PreparedStatement s =
            c.prepareStatement("SELECT id FROM tasks ORDER BY random() LIMIT ?")) {
      s.setInt(1, count);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
    }
    return ids;
  }

  /**
   * One statement, then the counters rebuilt from the rows; the columns are those the service
   * writes for a finished task (a cancelled one never started).
   */
  private static void load(ScratchDatabase db, int rows) throws Exception {
    String sql =
        """
        INSERT INTO tasks (id, problem_id, status, parameters, priority, backend_type,
                           timeout_minutes, worker_id, attempt, max_attempts, lease_token,
                           lease_expires_at, result, error_details, created_at, updated_at,
                           started_at, completed_at)
        SELECT gen_random_uuid(), p.problem_id, s.status,
               jsonb_build_object('max_steps', 10, 'timeout_minutes', 30, 'priority', i % 11,
                                  'max_attempts', 3, 'agent_config', jsonb_build_object('model', 'gpt-4o'),
                                  'simulation', jsonb_build_object('duration_ms', 0), 'i', i),
               i % 11, NULL, 30,
               CASE WHEN s.status <> 'cancelled'
                    THEN 'node-' || (i % 4) || '-worker-' || lpad((1 + i % 16)::text, 3, '0') END,
               CASE WHEN s.status = 'cancelled' THEN 0 ELSE 1 END, 3, NULL, NULL,
               CASE s.status
                 WHEN 'completed' THEN jsonb_build_object(
                     'success', true,
                     'solution', jsonb_build_object('Detection Accuracy', 'Correct', 'TTD', 95.5,
                                                    'steps', 10, 'in_tokens', 5120, 'out_tokens', 880),
                     'problem_id', p.problem_id, 'execution_time', 95.5,
                     'conversation_id', gen_random_uuid(), 'total_messages', 21,
                     'session_id', 'session-' || i)
                 WHEN 'failed' THEN jsonb_build_object(
                     'success', false, 'problem_id', p.problem_id, 'execution_time', 120.0,
                     'error_details', 'Simulated failure: the agent did not solve ' || p.problem_id
                                      || ' within 10 steps')
               END,
               CASE s.status
                 WHEN 'failed' THEN 'Simulated failure: the agent did not solve ' || p.problem_id
                                    || ' within 10 steps'
                 WHEN 'timeout' THEN 'Task exceeded timeout limit of 30 minutes'
               END,
               t.created, t.created + interval '2 minutes',
               CASE WHEN s.status <> 'cancelled' THEN t.created + interval '5 seconds' END,
               t.created + interval '2 minutes'
        FROM generate_series(1, ?) AS i
        CROSS JOIN LATERAL (SELECT now() - interval '1 hour' - (? - i) * interval '1 second' AS created) t
        CROSS JOIN LATERAL (SELECT 'k8s_target_port-misconfig-detection-' || (i % 50) AS problem_id) p
        CROSS JOIN LATERAL (SELECT CASE WHEN i % 100 < 90 THEN 'completed'
                                        WHEN i % 100 < 96 THEN 'failed'
                                        WHEN i % 100 < 98 THEN 'timeout'
                                        ELSE 'cancelled' END AS status) s
        """;
    try (Connection c = db.open();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setInt(1, rows);
      s.setInt(2, rows);
      s.executeUpdate();
      // Loaded behind the queue's back: its statements keep the counters, this one does not.
      try (var recount = c.createStatement()) {
        recount.execute(JooqTaskQueue.RECOUNT_COUNTERS);
      }
    }
  }
}
