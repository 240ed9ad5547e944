package io.aiopslab.executor.bench;

import io.aiopslab.executor.domain.run.RunEvents;
import io.aiopslab.executor.domain.run.RunOutcome;
import io.aiopslab.executor.domain.run.RunRequest;
import io.aiopslab.executor.domain.spi.TaskQueue;
import io.aiopslab.executor.domain.spi.TaskRunner;
import io.aiopslab.executor.domain.task.NewTask;
import io.aiopslab.executor.domain.task.SubmissionDefaults;
import io.aiopslab.executor.domain.task.Task;
import io.aiopslab.executor.domain.task.TaskSubmissionRules;
import io.aiopslab.executor.ports.engine.EngineSettings;
import io.aiopslab.executor.ports.engine.WorkerPool;
import io.aiopslab.executor.ports.tasks.TaskEventListener;
import io.aiopslab.executor.ports.tasks.TaskEvents;
import io.aiopslab.executor.postgres.Migrations;
import io.aiopslab.executor.postgres.PostgresDataSources;
import io.aiopslab.executor.postgres.PostgresStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The peer-bench workloads (shared/peer-bench: W1 bulk enqueue, W2 drain) through the product: the
 * library batch API and the real worker engine ({@link WorkerPool} on {@code JooqTaskQueue}) with a
 * runner that succeeds at once. Every measured run gets a fresh scratch database (created,
 * dropped); one unmeasured warm-up run of the same shape goes first so the JIT has compiled the hot
 * paths.
 *
 * <pre>
 * DrainBench [adminDatabaseUrl] [--mode insert|drain] [--slots 8] [--tasks 20000] [--runs 3]
 * </pre>
 *
 * <ul>
 *   <li>insert: {@code TaskQueue.submit} of {@code --tasks} tasks in calls of 1,000, one caller;
 *       tasks/s = tasks / time of the calls.
 *   <li>drain: submit {@code --tasks} tasks (untimed), ANALYZE, then open a pool of {@code --slots}
 *       slots; tasks/s = tasks / time from {@code open()} until a count query shows none pending or
 *       running (asked once the engine has reported every task finished). Then checks that every
 *       task completed exactly once, at attempt 1.
 * </ul>
 */
public final class DrainBench {

  private static final TaskSubmissionRules RULES =
      new TaskSubmissionRules(SubmissionDefaults.ORIGINAL);

  public static void main(String[] args) throws Exception {
    List<String> list = Arrays.asList(args);
    String url =
        list.stream()
            .filter(a -> a.contains("://"))
            .findFirst()
            .orElse(
                System.getenv()
                    .getOrDefault(
                        "BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test"));
    String mode = option(list, "--mode", "drain");
    int slots = Integer.parseInt(option(list, "--slots", "8"));
    int tasks = Integer.parseInt(option(list, "--tasks", "20000"));
    int runs = Integer.parseInt(option(list, "--runs", "3"));
    PostgresDataSources.Target admin = PostgresDataSources.parse(url);

    var rates = new ArrayList<Double>();
    for (int run = 0; run <= runs; run++) {
      double rate = once(admin, mode, slots, tasks);
      if (run == 0) {
        System.out.printf("%s warm-up: %,.0f tasks/s%n", mode, rate);
      } else {
        rates.add(rate);
        System.out.printf("%s run %d: %,.0f tasks/s%n", mode, run, rate);
      }
    }
    var sorted = rates.stream().sorted().toList();
    System.out.printf(
        "RESULT %s slots=%d tasks=%d: median %,.0f tasks/s (min %,.0f, max %,.0f) over %d runs%n",
        mode,
        slots,
        tasks,
        sorted.get(sorted.size() / 2),
        sorted.getFirst(),
        sorted.getLast(),
        sorted.size());
  }

  private static double once(PostgresDataSources.Target admin, String mode, int slots, int tasks)
      throws Exception {
    String name =
        "executor_bench_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    execute(admin, "CREATE DATABASE " + name);
    var target = admin.withDatabase(name);
    try (var pool =
        PostgresDataSources.create(target, PostgresDataSources.PoolSettings.of(slots + 2))) {
      Migrations.apply(pool);
      try (var store = PostgresStore.on(pool)) {
        execute(target, "CHECKPOINT");
        return switch (mode) {
          case "insert" -> insert(store.queue(), tasks);
          case "drain" -> drain(store, target, slots, tasks);
          default -> throw new IllegalArgumentException("--mode insert|drain, not " + mode);
        };
      }
    } finally {
      if (System.getProperty("bench.keep") == null) {
        execute(admin, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      } else {
        System.out.println("kept database " + name);
      }
    }
  }

  private static double insert(TaskQueue queue, int total) {
    List<List<NewTask>> batches = batches(total);
    long start = System.nanoTime();
    batches.forEach(queue::submit);
    return total / ((System.nanoTime() - start) / 1e9);
  }

  private static double drain(
      PostgresStore store, PostgresDataSources.Target target, int slots, int total)
      throws Exception {
    batches(total).forEach(store.queue()::submit);
    execute(target, "ANALYZE tasks");
    EngineSettings settings =
        EngineSettings.defaults("bench", "bench", ProcessHandle.current().pid())
            .withMaxWorkers(Math.max(slots, EngineSettings.DEFAULT_MAX_WORKERS))
            .withNumWorkers(slots);
    var events = new TaskEvents((message, e) -> e.printStackTrace());
    // The engine reports each task it finished after the commit: the cheap signal to go and ask
    // the database (polling a count while the queue drains would steal its CPU).
    var finished = new CountDownLatch(total);
    events.add(
        new TaskEventListener() {
          @Override
          public void finished(Task task) {
            finished.countDown();
          }
        });
    var engine =
        new WorkerPool(
            settings,
            store.queue(),
            store.workers(),
            store.logs(),
            store.conversations(),
            store.notifications(),
            new NoOpRunner(),
            events,
            Clock.systemUTC());
    double seconds;
    try (Connection c = target.open();
        Statement s = c.createStatement()) {
      long start = System.nanoTime();
      engine.open();
      finished.await();
      while (count(s, "SELECT count(*) FROM tasks WHERE status IN ('pending', 'running')") > 0) {
        Thread.sleep(1);
      }
      seconds = (System.nanoTime() - start) / 1e9;
      engine.shutdown(Duration.ofSeconds(5));
      long completed = count(s, "SELECT count(*) FROM tasks WHERE status = 'completed'");
      long notFirst = count(s, "SELECT count(*) FROM tasks WHERE attempt <> 1");
      if (completed != total || notFirst != 0) {
        throw new IllegalStateException(
            "drain check failed: completed "
                + completed
                + " of "
                + total
                + ", attempt<>1 "
                + notFirst);
      }
    }
    return total / seconds;
  }

  private static List<List<NewTask>> batches(int total) {
    var batches = new ArrayList<List<NewTask>>();
    for (int i = 0; i < total; i += 1_000) {
      var batch = new ArrayList<NewTask>(1_000);
      for (int j = i; j < Math.min(total, i + 1_000); j++) {
        batch.add(RULES.single(Map.of("problem_id", "noop", "parameters", Map.of("i", j)), null));
      }
      batches.add(batch);
    }
    return batches;
  }

  /** A runner that succeeds at once: what is measured is the queue and the engine. */
  private static final class NoOpRunner implements TaskRunner {
    @Override
    public String name() {
      return "no-op";
    }

    @Override
    public RunOutcome run(RunRequest request, RunEvents events) {
      return new RunOutcome.Succeeded(Map.of());
    }
  }

  private static String option(List<String> args, String name, String fallback) {
    int i = args.indexOf(name);
    return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : fallback;
  }

  private static long count(Statement s, String sql) throws Exception {
    try (ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }

  private static void execute(PostgresDataSources.Target target, String sql) throws Exception {
    try (Connection c = target.open();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
