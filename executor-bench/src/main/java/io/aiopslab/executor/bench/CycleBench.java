package io.aiopslab.executor.bench;

import io.aiopslab.executor.domain.task.ClaimRequest;
import io.aiopslab.executor.domain.task.Finish;
import io.aiopslab.executor.domain.task.NewTask;
import io.aiopslab.executor.domain.task.SubmissionDefaults;
import io.aiopslab.executor.domain.task.Task;
import io.aiopslab.executor.domain.task.TaskSubmissionRules;
import io.aiopslab.executor.postgres.Migrations;
import io.aiopslab.executor.postgres.PostgresDataSources;
import io.aiopslab.executor.postgres.PostgresStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One stream of {@code finishAndClaim} against a real PostgreSQL, no engine: 20,000 tasks are
 * submitted (1,000 per call, no ANALYZE, as on a fresh node), then each call finishes what the
 * previous one claimed and claims {@code batch} more, until the queue is empty. Prints tasks/s and
 * the p50/p90/max of one call, for each batch size given. Shows the cost of the queue's statements
 * by batch size without the engine's threads; a scratch database per batch size is created and
 * dropped.
 *
 * <pre>
 * java -cp executor-bench/target/executor-bench.jar io.aiopslab.executor.bench.CycleBench \
 *     [adminDatabaseUrl] [batch ...]      # default postgresql://postgres@127.0.0.1:5432/postgres 8 64 512
 * </pre>
 */
public final class CycleBench {
  private static final int TASKS = 20_000;

  private CycleBench() {}

  public static void main(String[] args) throws Exception {
    String url = "postgresql://postgres@127.0.0.1:5432/postgres";
    List<Integer> batches = new ArrayList<>();
    for (String arg : args) {
      if (arg.contains("://")) {
        url = arg;
      } else {
        batches.add(Integer.parseInt(arg));
      }
    }
    if (batches.isEmpty()) {
      batches = List.of(8, 64, 512);
    }
    PostgresDataSources.Target admin = PostgresDataSources.parse(url);
    for (int batch : batches) {
      ScratchDatabase.around(admin, scratch -> run(scratch, batch));
    }
  }

  private static void run(PostgresDataSources.Target target, int batch) throws Exception {
    try (var pool = PostgresDataSources.create(target, PostgresDataSources.PoolSettings.of(4))) {
      Migrations.apply(pool);
      try (var store = PostgresStore.on(pool)) {
        var queue = store.queue();
        var rules = new TaskSubmissionRules(SubmissionDefaults.ORIGINAL);
        for (int from = 0; from < TASKS; from += 1_000) {
          List<NewTask> tasks = new ArrayList<>();
          for (int i = from; i < from + 1_000; i++) {
            var body = new LinkedHashMap<String, Object>();
            body.put("problem_id", "cycle-" + i);
            body.put("parameters", TaskBodies.noop(i).get("parameters"));
            tasks.add(rules.single(body, null));
          }
          queue.submit(tasks);
        }
        List<String> workers = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
          workers.add("cycle-worker-" + (i % 8));
        }
        var claim = new ClaimRequest(workers, "orchestrator", Duration.ofSeconds(60));
        List<Finish> finishes = List.of();
        List<Long> calls = new ArrayList<>();
        long done = 0;
        long began = System.nanoTime();
        while (true) {
          long t = System.nanoTime();
          var cycle = queue.finishAndClaim(finishes, claim);
          calls.add(System.nanoTime() - t);
          done += cycle.ended().size();
          if (cycle.claimed().isEmpty() && finishes.isEmpty()) {
            break;
          }
          List<Finish> next = new ArrayList<>(cycle.claimed().size());
          for (Task task : cycle.claimed()) {
            next.add(Finish.completed(task.leaseRef().orElseThrow(), Map.of("success", true)));
          }
          finishes = next;
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        calls.sort(null);
        System.out.printf(
            "batch %d: %d tasks in %.2f s = %,.0f tasks/s; one call p50 %.2f ms, p90 %.2f ms,"
                + " max %.1f ms%n",
            batch,
            done,
            seconds,
            done / seconds,
            calls.get(calls.size() / 2) / 1e6,
            calls.get(calls.size() * 9 / 10) / 1e6,
            calls.getLast() / 1e6);
      }
    }
  }
}
