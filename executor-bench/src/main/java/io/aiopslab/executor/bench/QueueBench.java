package io.aiopslab.executor.bench;

import static io.aiopslab.executor.bench.ScratchDatabase.execute;

import io.aiopslab.executor.domain.spi.TaskQueue;
import io.aiopslab.executor.domain.task.ClaimRequest;
import io.aiopslab.executor.domain.task.Finish;
import io.aiopslab.executor.domain.task.NewTask;
import io.aiopslab.executor.domain.task.SubmissionDefaults;
import io.aiopslab.executor.domain.task.Task;
import io.aiopslab.executor.domain.task.TaskQuery;
import io.aiopslab.executor.domain.task.TaskSort;
import io.aiopslab.executor.domain.task.TaskStatus;
import io.aiopslab.executor.domain.task.TaskSubmissionRules;
import io.aiopslab.executor.postgres.JooqTaskQueue;
import io.aiopslab.executor.postgres.Migrations;
import io.aiopslab.executor.postgres.PostgresDataSources;
import io.aiopslab.executor.postgres.PostgresStore;
import io.aiopslab.executor.postgres.QueryPlans;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * Queue throughput and plan check against a real PostgreSQL, in a scratch database of its own
 * (created, then dropped). Usage: {@code QueueBench [adminDatabaseUrl] [--skip-million]}; the URL
 * defaults to {@code BENCH_DATABASE_URL} or postgresql://postgres@127.0.0.1:5432/test.
 *
 * <ol>
 *   <li>insert: 20,000 tasks, 1,000 per submit call
 *   <li>drain: claim + complete no-op tasks with 32 slots (4 threads × 8), claiming in batches
 *       sized to idle slots and completing in batches
 *   <li>at 1,000,000 rows: EXPLAIN ANALYZE of claim, list and stats; list-page and stats p99
 * </ol>
 */
public final class QueueBench {

  private static final TaskSubmissionRules RULES =
      new TaskSubmissionRules(SubmissionDefaults.ORIGINAL);

  public static void main(String[] args) throws Exception {
    String url =
        Arrays.stream(args)
            .filter(a -> !a.startsWith("--"))
            .findFirst()
            .orElse(
                System.getenv()
                    .getOrDefault(
                        "BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test"));
    boolean million = Arrays.stream(args).noneMatch("--skip-million"::equals);
    ScratchDatabase.around(PostgresDataSources.parse(url), scratch -> run(scratch, million, args));
  }

  private static void run(PostgresDataSources.Target target, boolean million, String[] args)
      throws Exception {
    try (var pool = PostgresDataSources.create(target, PostgresDataSources.PoolSettings.of(8))) {
      Migrations.apply(pool);
      try (var store = PostgresStore.on(pool)) {
        TaskQueue queue = store.queue();
        if (Arrays.asList(args).contains("--million-only")) {
          atAMillionRows(target, pool, queue);
          return;
        }
        insert(queue, 100_000); // warm-up: JIT, plans, pool
        execute(target, "TRUNCATE tasks, task_logs CASCADE");
        double insertRate = insert(queue, 20_000);
        System.out.printf("insert: 20,000 tasks, 1,000 per call: %,.0f tasks/s%n", insertRate);
        execute(target, "TRUNCATE tasks, task_logs CASCADE");
        System.out.printf(
            "insert: 20,000 tasks, 1,000 per call, 2 concurrent callers: %,.0f tasks/s%n",
            insertConcurrently(queue, 20_000, 2));
        execute(target, "ANALYZE tasks");
        if (Arrays.asList(args).contains("--plans")) {
          QueryPlans.explain(pool).forEach((k, v) -> System.out.println("--- " + k + "\n" + v));
        }

        insert(queue, 30_000);
        execute(target, "ANALYZE tasks");
        drain(queue, 4, 8);
        execute(target, "TRUNCATE tasks, task_logs CASCADE");
        for (int[] shape : new int[][] {{4, 8}, {2, 16}, {1, 32}}) {
          execute(target, "TRUNCATE tasks, task_logs CASCADE");
          insert(queue, 50_000);
          // Steady state: autovacuum keeps the queue's statistics current (see the changelog).
          execute(target, "ANALYZE tasks");
          System.out.printf(
              "claim+complete (each thread: claim its idle slots, complete them, repeat): 50,000"
                  + " no-op tasks, 32 slots as %d threads x %d: %,.0f tasks/s%n",
              shape[0], shape[1], drain(queue, shape[0], shape[1]));
        }
        execute(target, "TRUNCATE tasks, task_logs CASCADE");
        insert(queue, 50_000);
        execute(target, "ANALYZE tasks");
        System.out.printf(
            "claim+complete (dispatcher claims for idle slots, a flusher completes in batches):"
                + " 50,000 no-op tasks, 32 slots: %,.0f tasks/s%n",
            pipelined(queue, 32));

        if (million) {
          atAMillionRows(target, pool, queue);
        }
      }
    }
  }

  private static double insert(TaskQueue queue, int total) {
    var batches = new ArrayList<List<NewTask>>();
    for (int i = 0; i < total; i += 1_000) {
      var batch = new ArrayList<NewTask>(1_000);
      for (int j = 0; j < 1_000; j++) {
        batch.add(
            RULES.single(
                Map.of(
                    "problem_id",
                    "k8s_target_port-misconfig-detection-" + (j % 50),
                    "parameters",
                    Map.of("max_steps", 10, "agent_config", Map.of("model", "gpt-4o"))),
                null));
      }
      batches.add(batch);
    }
    long start = System.nanoTime();
    batches.forEach(queue::submit);
    return total / ((System.nanoTime() - start) / 1e9);
  }

  private static double insertConcurrently(TaskQueue queue, int total, int callers)
      throws Exception {
    var batches = new java.util.concurrent.ConcurrentLinkedQueue<List<NewTask>>();
    for (int i = 0; i < total; i += 1_000) {
      var batch = new ArrayList<NewTask>(1_000);
      for (int j = 0; j < 1_000; j++) {
        batch.add(
            RULES.single(
                Map.of(
                    "problem_id",
                    "k8s_target_port-misconfig-detection-" + (j % 50),
                    "parameters",
                    Map.of("max_steps", 10, "agent_config", Map.of("model", "gpt-4o"))),
                null));
      }
      batches.add(batch);
    }
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    long start = System.nanoTime();
    var futures = new ArrayList<Future<?>>();
    for (int c = 0; c < callers; c++) {
      futures.add(
          pool.submit(
              () -> {
                for (List<NewTask> batch; (batch = batches.poll()) != null; ) {
                  queue.submit(batch);
                }
              }));
    }
    for (Future<?> f : futures) {
      f.get();
    }
    pool.shutdown();
    return total / ((System.nanoTime() - start) / 1e9);
  }

  private static double drain(TaskQueue queue, int threads, int slotsPerThread) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    var done = new AtomicLong();
    long start = System.nanoTime();
    var futures = new ArrayList<Future<?>>();
    for (int t = 0; t < threads; t++) {
      List<String> slots =
          IntStream.range(0, slotsPerThread)
              .mapToObj(i -> "bench-" + i + "-" + Thread.currentThread().threadId())
              .toList();
      int thread = t;
      List<String> workers = slots.stream().map(s -> s + "-" + thread).toList();
      futures.add(
          pool.submit(
              () -> {
                while (true) {
                  List<Task> claimed =
                      queue.claim(
                          new ClaimRequest(workers, "orchestrator", Duration.ofSeconds(15)));
                  if (claimed.isEmpty()) {
                    return null;
                  }
                  var finishes =
                      claimed.stream()
                          .map(
                              c ->
                                  Finish.completed(
                                      c.leaseRef().orElseThrow(), Map.of("success", true)))
                          .toList();
                  done.addAndGet(queue.finish(finishes).size());
                }
              }));
    }
    for (Future<?> f : futures) {
      f.get();
    }
    pool.shutdown();
    return done.get() / ((System.nanoTime() - start) / 1e9);
  }

  /**
   * The engine's shape: one dispatcher claims for every idle slot; a slot is idle again as soon as
   * its (no-op) run returns; a flusher writes the completions in batches, concurrently with the
   * next claim. At most {@code slots} tasks run, and at most {@code slots} more wait for their
   * completion to be written.
   */
  private static double pipelined(TaskQueue queue, int slots) throws Exception {
    var completions = new java.util.concurrent.LinkedBlockingQueue<Finish>();
    var unflushed = new java.util.concurrent.Semaphore(slots);
    var done = new AtomicLong();
    var claimedAll = new java.util.concurrent.atomic.AtomicBoolean();
    List<String> workers = IntStream.range(0, slots).mapToObj(i -> "slot-" + i).toList();
    long start = System.nanoTime();
    Thread flusher =
        Thread.ofPlatform()
            .name("flusher")
            .start(
                () -> {
                  var batch = new ArrayList<Finish>();
                  while (!(claimedAll.get() && completions.isEmpty())) {
                    try {
                      Finish first =
                          completions.poll(5, java.util.concurrent.TimeUnit.MILLISECONDS);
                      if (first == null) {
                        continue;
                      }
                      batch.add(first);
                      completions.drainTo(batch);
                      done.addAndGet(queue.finish(batch).size());
                      unflushed.release(batch.size());
                      batch.clear();
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                });
    while (true) {
      unflushed.acquire();
      int idle = 1 + unflushed.drainPermits();
      List<Task> claimed =
          queue.claim(
              new ClaimRequest(workers.subList(0, idle), "orchestrator", Duration.ofSeconds(15)));
      unflushed.release(idle - claimed.size());
      if (claimed.isEmpty()) {
        break;
      }
      for (Task task : claimed) { // the no-op run
        completions.add(Finish.completed(task.leaseRef().orElseThrow(), Map.of("success", true)));
      }
    }
    claimedAll.set(true);
    flusher.join();
    return done.get() / ((System.nanoTime() - start) / 1e9);
  }

  private static void atAMillionRows(
      PostgresDataSources.Target target, javax.sql.DataSource pool, TaskQueue queue)
      throws Exception {
    execute(target, "TRUNCATE tasks, task_logs CASCADE");
    long start = System.nanoTime();
    // 1M tasks shaped like a long-running installation: mostly finished, some queued and running.
    execute(
        target,
        """
        INSERT INTO tasks (id, problem_id, status, parameters, priority, backend_type,
                           timeout_minutes, worker_id, attempt, max_attempts, lease_token,
                           lease_expires_at, result, error_details, created_at, updated_at,
                           started_at, completed_at)
        SELECT gen_random_uuid(), 'problem-' || (i % 50), s.status,
               '{"max_steps": 10, "priority": 5, "agent_config": {"model": "gpt-4o"}}'::jsonb,
               i % 11, NULL, 30,
               CASE WHEN s.status = 'pending' THEN NULL ELSE 'node-' || (i % 4) || '-worker-' || (i % 16) END,
               CASE WHEN s.status = 'pending' THEN 0 ELSE 1 END, 3,
               CASE WHEN s.status = 'running' THEN gen_random_uuid() END,
               CASE WHEN s.status = 'running' THEN now() + interval '1 hour' END,
               CASE WHEN s.status = 'completed' THEN '{"success": true}'::jsonb END,
               CASE WHEN s.status = 'failed' THEN 'boom' END,
               t.created, t.created + interval '2 minutes',
               CASE WHEN s.status <> 'pending' THEN t.created + interval '1 minute' END,
               CASE WHEN s.status NOT IN ('pending', 'running') THEN t.created + interval '2 minutes' END
        FROM generate_series(1, 1000000) AS i
        CROSS JOIN LATERAL (SELECT now() - (1000000 - i) * interval '1 second' AS created) t
        CROSS JOIN LATERAL (SELECT CASE
                   WHEN i % 100 < 90 THEN 'completed' WHEN i % 100 < 95 THEN 'failed'
                   WHEN i % 100 < 98 THEN 'pending' WHEN i % 100 < 99 THEN 'cancelled'
                   ELSE CASE WHEN i % 1000 = 999 THEN 'running' ELSE 'timeout' END END AS status) s
        """);
    // Loaded behind the queue's back: its statements keep the counters, this one does not.
    execute(target, JooqTaskQueue.RECOUNT_COUNTERS);
    execute(target, "VACUUM ANALYZE tasks");
    System.out.printf("%n1,000,000 rows loaded in %.1f s%n", (System.nanoTime() - start) / 1e9);

    for (var plan : QueryPlans.explain(pool).entrySet()) {
      System.out.println("\n--- EXPLAIN ANALYZE: " + plan.getKey());
      System.out.print(plan.getValue());
    }

    var latencies = new ArrayList<Long>();
    var all = new ArrayList<Long>();
    var statuses = new ArrayList<TaskStatus>(List.of(TaskStatus.values()));
    statuses.add(null);
    for (TaskStatus status : statuses) {
      for (TaskSort.Field field : TaskSort.Field.values()) {
        for (boolean descending : new boolean[] {true, false}) {
          latencies.clear();
          var sort = new TaskSort(field, descending);
          for (int i = 0; i < 25; i++) {
            var query = new TaskQuery(status, null, null, null, sort, 1 + i % 5, 20);
            long t0 = System.nanoTime();
            queue.list(query);
            if (i >= 5) {
              latencies.add(System.nanoTime() - t0);
            }
          }
          all.addAll(latencies);
          if (sort.equals(TaskSort.DEFAULT) || percentile(latencies, 0.99) > 20e6) {
            report(
                "  list status="
                    + (status == null ? "any" : status.wireName())
                    + " sort="
                    + sort.wireName(),
                latencies);
          }
        }
      }
    }
    report("list page, every status filter x every sort, pages 1-5, exact total", all);
    report(
        "list page, status filter, default sort (-created_at), pages 1-5, exact total",
        timeLists(
            queue,
            new TaskStatus[] {TaskStatus.COMPLETED, TaskStatus.FAILED, TaskStatus.PENDING},
            (status, i) ->
                new TaskQuery(status, null, null, null, TaskSort.DEFAULT, 1 + i % 5, 20)));
    report(
        "list page, problem filter (any status, completed, pending), default sort, pages 1-5,"
            + " exact total",
        timeLists(
            queue,
            new TaskStatus[] {null, TaskStatus.COMPLETED, TaskStatus.PENDING},
            (status, i) ->
                new TaskQuery(
                    status, "problem-" + (i % 50), null, null, TaskSort.DEFAULT, 1 + i % 5, 20)));
    report(
        "list page, worker filter (any status, completed), default sort, pages 1-5, exact total",
        timeLists(
            queue,
            new TaskStatus[] {null, TaskStatus.COMPLETED},
            (status, i) ->
                new TaskQuery(
                    status,
                    null,
                    "node-" + (i % 4) + "-worker-" + (i % 16),
                    null,
                    TaskSort.DEFAULT,
                    1 + i % 5,
                    20)));
    latencies.clear();
    for (int i = 0; i < 25; i++) {
      long t0 = System.nanoTime();
      queue.statistics();
      if (i >= 5) {
        latencies.add(System.nanoTime() - t0);
      }
    }
    report("statistics", latencies);
  }

  private static double percentile(List<Long> nanos, double p) {
    var sorted = nanos.stream().sorted().toList();
    return sorted.get((int) Math.ceil(sorted.size() * p) - 1);
  }

  /** 100 list calls per status (the first 10 of each warm up): their latencies in ns. */
  private static List<Long> timeLists(
      TaskQueue queue,
      TaskStatus[] statuses,
      java.util.function.BiFunction<TaskStatus, Integer, TaskQuery> query) {
    var latencies = new ArrayList<Long>();
    for (TaskStatus status : statuses) {
      for (int i = 0; i < 100; i++) {
        var page = query.apply(status, i);
        long t0 = System.nanoTime();
        queue.list(page);
        if (i >= 10) {
          latencies.add(System.nanoTime() - t0);
        }
      }
    }
    return latencies;
  }

  private static void report(String what, List<Long> nanos) {
    var sorted = nanos.stream().sorted().toList();
    System.out.printf(
        "%s: n=%d p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
        what,
        sorted.size(),
        sorted.get(sorted.size() / 2) / 1e6,
        sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1) / 1e6,
        sorted.getLast() / 1e6);
  }
}
