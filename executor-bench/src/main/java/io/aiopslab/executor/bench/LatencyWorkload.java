package io.aiopslab.executor.bench;

import static io.aiopslab.executor.bench.Results.map;

import io.aiopslab.executor.domain.task.Task;
import io.aiopslab.executor.domain.task.TaskId;
import io.aiopslab.executor.ports.engine.EngineSettings;
import io.aiopslab.executor.ports.tasks.SubmitTasks.SubmitTask;
import io.aiopslab.executor.ports.tasks.TaskEventListener;
import io.aiopslab.executor.process.SimulatedTaskRunner;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * W3 — pickup latency: an idle pool of C (4) slots; N (500) no-op tasks submitted one at a time
 * through the library on a fixed grid (task i at t0 + 20 ms·i). Each sample is start − enqueue,
 * both {@link System#nanoTime()} in this JVM: enqueue just before the submit call (so it includes
 * the insert's commit), start when the node's {@code started} event fires (the claim is durable).
 */
final class LatencyWorkload {
  private LatencyWorkload() {}

  static void run(BenchOptions o, ScratchDatabase db, Map<String, Object> out) throws Exception {
    int count = o.n();
    int c = o.c();
    int poolSize = c + 2;
    EngineSettings settings = Nodes.settings("bench", c, true);
    var startedAt = new ConcurrentHashMap<TaskId, Long>();
    TaskEventListener listener =
        new TaskEventListener() {
          @Override
          public void started(Task task) {
            startedAt.putIfAbsent(task.id(), System.nanoTime());
          }
        };
    var enqueuedAt = new ConcurrentHashMap<TaskId, Long>();
    var calls = new Latencies();
    try (var executor =
        Nodes.library(db, poolSize, settings, new SimulatedTaskRunner(), listener)) {
      Thread.sleep(1_000); // idle workers, as the peers' drivers wait
      long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
      for (int i = 0; i < count; i++) {
        var command = new SubmitTask(TaskBodies.noop(i), null);
        long due = start + TimeUnit.MILLISECONDS.toNanos((long) o.intervalMs() * i);
        for (long wait; (wait = due - System.nanoTime()) > 0; ) {
          LockSupport.parkNanos(wait);
        }
        long enqueued = System.nanoTime();
        TaskId id = executor.submit().submit(command).task().id();
        calls.add(System.nanoTime() - enqueued);
        enqueuedAt.put(id, enqueued);
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!startedAt.keySet().containsAll(enqueuedAt.keySet())) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "timeout: " + startedAt.size() + " of " + count + " tasks started");
        }
        Thread.sleep(10);
      }
    }
    var latencies = new Latencies();
    enqueuedAt.forEach((id, enqueued) -> latencies.add(startedAt.get(id) - enqueued));
    var summary = latencies.summary();
    out.put("count", count);
    out.put("interval_ms", o.intervalMs());
    out.put("api", "EmbeddedExecutor.submit().submit(SubmitTask) one task per call");
    out.put(
        "settings",
        map(
            "internal_workers",
            c,
            "database_pool_size",
            poolSize,
            "worker_poll_interval_ms",
            settings.pollInterval().toMillis(),
            "timings_are_defaults",
            true,
            "wakeup",
            "the submitting node's submitted event wakes its dispatcher; other nodes get the"
                + " NOTIFY of the insert trigger; poll every WORKER_POLL_INTERVAL as fallback",
            "start_time",
            "TaskEventListener.started (after the claim commits)"));
    out.put(
        "figures",
        map(
            "p50_ms", summary.get("p50_ms"),
            "p95_ms", summary.get("p95_ms"),
            "p99_ms", summary.get("p99_ms")));
    var detail = new java.util.LinkedHashMap<String, Object>(summary);
    detail.put("enqueue_call", calls.summary());
    detail.put("slowest_enqueue_calls", calls.slowest(10)); // [submit number, ms]
    out.put("detail", detail);
  }
}
