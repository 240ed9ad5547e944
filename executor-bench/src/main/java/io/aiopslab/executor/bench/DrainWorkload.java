package io.aiopslab.executor.bench;

import static io.aiopslab.executor.bench.Results.map;

import io.aiopslab.executor.domain.task.Task;
import io.aiopslab.executor.domain.task.TaskStatus;
import io.aiopslab.executor.ports.engine.EngineSettings;
import io.aiopslab.executor.ports.tasks.SubmitTasks.SubmitTaskBatch;
import io.aiopslab.executor.ports.tasks.TaskEventListener;
import io.aiopslab.executor.process.SimulatedTaskRunner;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * W2 — drain: N no-op tasks queued first (library batch submit, not timed), {@code ANALYZE tasks},
 * then a pool of C slots on one node is started; timed from {@code workers().start()} until the
 * database shows all N completed. Also reports duplicate executions (runs per task beyond the
 * first, counted in the runner), duplicate completions (more than one "Task completed" log entry
 * per task) and re-claims (attempt > 1), all of which must be 0.
 */
final class DrainWorkload {
  private DrainWorkload() {}

  static void run(BenchOptions o, ScratchDatabase db, Map<String, Object> out) throws Exception {
    int n = o.n();
    int c = o.c();
    int poolSize = c + 2;
    EngineSettings settings = Nodes.settings("bench", c, false).withPrefetch(o.prefetch());
    var runner = new CountingRunner(new SimulatedTaskRunner());
    var events = new Events(n);
    try (var executor = Nodes.library(db, poolSize, settings, runner, events)) {
      for (int i = 0; i < n; i += 1_000) {
        executor
            .submit()
            .submitBatch(new SubmitTaskBatch(TaskBodies.noopBatch(i, Math.min(n, i + 1_000))));
      }
      db.execute("ANALYZE tasks");

      long t0 = System.nanoTime();
      executor.workers().start();
      if (!events.allFinished.await(600, TimeUnit.SECONDS)) {
        throw new IllegalStateException(
            "timeout: " + events.finished.get() + " of " + n + " tasks finished");
      }
      long handled = System.nanoTime();
      while (db.count("SELECT count(*) FROM tasks WHERE status = 'completed'") < n) {
        if (System.nanoTime() - t0 > TimeUnit.SECONDS.toNanos(600)) {
          throw new IllegalStateException("timeout: the database never showed all completed");
        }
        Thread.sleep(5);
      }
      long elapsed = System.nanoTime() - t0;
      executor.workers().stop();

      long notCompleted = events.finished.get() - events.completed.get();
      long reclaimed = db.count("SELECT count(*) FROM tasks WHERE attempt > 1");
      long duplicateCompletions = duplicateCompletions(db);
      long[] starts = events.startsSorted();
      double longestGap = 0;
      for (int k = 1; k < starts.length; k++) {
        longestGap = Math.max(longestGap, (starts[k] - starts[k - 1]) / 1e6);
      }
      out.put(
          "api",
          o.prefetch() == 0
              ? "EmbeddedExecutor worker pool (dispatcher claims for idle slots)"
              : "EmbeddedExecutor worker pool, each slot claiming ahead (WORKER_PREFETCH)");
      out.put(
          "settings",
          map(
              "internal_workers",
              c,
              "database_pool_size",
              poolSize,
              "lease_s",
              settings.lease().toSeconds(),
              "worker_poll_interval_ms",
              settings.pollInterval().toMillis(),
              "worker_prefetch",
              o.prefetch(),
              "timings_are_defaults",
              true,
              "wakeup",
              "submitted event (this node) and NOTIFY on insert (other nodes); poll every"
                  + " WORKER_POLL_INTERVAL as fallback",
              "runner",
              "SimulatedTaskRunner, simulation.duration_ms=0 (no-op)"));
      out.put(
          "figures",
          map(
              "jobs_per_s",
              Results.perSecond(n, elapsed),
              "duplicates",
              runner.duplicates() + duplicateCompletions));
      out.put(
          "detail",
          map(
              "elapsed_ms",
              Results.ms(elapsed),
              "handlers_done_ms",
              Results.ms(handled - t0),
              "first_job_start_ms",
              starts.length == 0 ? null : Results.ms(starts[0] - t0),
              "longest_gap_between_job_starts_ms",
              Results.round(longestGap, 1),
              "duplicate_executions",
              runner.duplicates(),
              "duplicate_completions",
              duplicateCompletions,
              "reclaimed_attempt_gt_1",
              reclaimed,
              "finished_not_completed",
              notCompleted,
              "completion_check",
              "SELECT count(*) FROM tasks WHERE status = 'completed' = N, polled every 5 ms"
                  + " once every task's finished event arrived"));
      if (notCompleted != 0 || runner.tasksRun() != n) {
        throw new IllegalStateException(
            notCompleted + " tasks did not complete; " + runner.tasksRun() + " of " + n + " ran");
      }
    }
  }

  /** Tasks with more than one "Task completed" log entry. */
  static long duplicateCompletions(ScratchDatabase db) throws Exception {
    return db.count(
        "SELECT count(*) FROM (SELECT task_id FROM task_logs WHERE message = 'Task completed'"
            + " GROUP BY task_id HAVING count(*) > 1) d");
  }

  /** Start times and finish counts from the node's task events. */
  private static final class Events implements TaskEventListener {
    final AtomicInteger finished = new AtomicInteger();
    final AtomicInteger completed = new AtomicInteger();
    final CountDownLatch allFinished = new CountDownLatch(1);
    private final int n;
    private final long[] starts;
    private final AtomicInteger startCount = new AtomicInteger();
    private final AtomicLong ignored = new AtomicLong();

    Events(int n) {
      this.n = n;
      this.starts = new long[n * 2];
    }

    @Override
    public void started(Task task) {
      int k = startCount.getAndIncrement();
      if (k < starts.length) {
        starts[k] = System.nanoTime();
      } else {
        ignored.incrementAndGet();
      }
    }

    @Override
    public void finished(Task task) {
      if (task.status() == TaskStatus.COMPLETED) {
        completed.incrementAndGet();
      }
      if (finished.incrementAndGet() == n) {
        allFinished.countDown();
      }
    }

    long[] startsSorted() {
      long[] copy = Arrays.copyOf(starts, Math.min(startCount.get(), starts.length));
      Arrays.sort(copy);
      return copy;
    }
  }
}
