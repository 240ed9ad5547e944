package io.aiopslab.executor.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aiopslab.executor.domain.spi.TaskQueue;
import io.aiopslab.executor.domain.task.ClaimRequest;
import io.aiopslab.executor.domain.task.Finish;
import io.aiopslab.executor.domain.task.LeaseRef;
import io.aiopslab.executor.domain.task.NewTask;
import io.aiopslab.executor.domain.task.Task;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * In the style of db-scheduler's cluster tests: independent nodes, each with its own pool, drain
 * one queue concurrently while an adversary keeps trying stale and forged leases.
 */
class QueueClusterIT {

  private static final int TASKS = 10_000;
  private static final int NODES = 3;
  private static final int THREADS_PER_NODE = 3;
  private static final int BATCH = 25;

  private static TestDatabases.TestDatabase database;

  @BeforeAll
  static void open() {
    database = TestDatabases.create();
  }

  @AfterAll
  static void close() {
    database.close();
  }

  @Test
  void independentNodesCompleteEveryTaskExactlyOnce() throws Exception {
    TaskQueue submitter = database.newStore(2).queue();
    for (int i = 0; i < TASKS; i += 1_000) {
      var batch = new ArrayList<NewTask>();
      for (int j = 0; j < 1_000; j++) {
        batch.add(Samples.task("cluster-" + (i + j) % 7));
      }
      submitter.submit(batch);
    }

    var completions = new ConcurrentHashMap<UUID, AtomicInteger>();
    var finishedLeases = new ConcurrentLinkedQueue<LeaseRef>();
    var staleAccepted = new AtomicLong();
    var pool = Executors.newFixedThreadPool(NODES * THREADS_PER_NODE + 1);
    var work = new ArrayList<Future<?>>();
    for (int node = 0; node < NODES; node++) {
      TaskQueue queue = database.newStore(THREADS_PER_NODE).queue();
      for (int t = 0; t < THREADS_PER_NODE; t++) {
        String prefix = "node" + node + "-t" + t + "-";
        work.add(
            pool.submit(
                () -> {
                  List<String> workers =
                      IntStream.range(0, BATCH).mapToObj(i -> prefix + i).toList();
                  while (true) {
                    List<Task> claimed =
                        queue.claim(
                            new ClaimRequest(workers, "orchestrator", Duration.ofMinutes(1)));
                    if (claimed.isEmpty()) {
                      return null;
                    }
                    List<Finish> finishes =
                        claimed.stream()
                            .map(c -> Finish.completed(c.leaseRef().orElseThrow(), Map.of()))
                            .toList();
                    for (Task done : queue.finish(finishes)) {
                      completions
                          .computeIfAbsent(done.id().value(), id -> new AtomicInteger())
                          .incrementAndGet();
                    }
                    finishes.forEach(f -> finishedLeases.add(f.lease()));
                  }
                }));
      }
    }
    TaskQueue adversary = database.newStore(1).queue();
    ExecutorService single = pool;
    Future<?> forger =
        single.submit(
            () -> {
              while (work.stream().anyMatch(f -> !f.isDone())) {
                var forged = new ArrayList<Finish>();
                for (LeaseRef seen : finishedLeases) {
                  forged.add(Finish.failed(seen, Map.of(), "stale writer"));
                  forged.add(
                      Finish.failed(new LeaseRef(seen.taskId(), UUID.randomUUID()), Map.of(), "x"));
                  if (forged.size() >= 200) {
                    break;
                  }
                }
                staleAccepted.addAndGet(adversary.finish(forged).size());
              }
              return null;
            });
    for (Future<?> f : work) {
      f.get();
    }
    forger.get();
    pool.shutdown();

    assertEquals(TASKS, completions.size());
    assertTrue(completions.values().stream().allMatch(c -> c.get() == 1));
    assertEquals(0, staleAccepted.get());
    assertEquals(TASKS, count("SELECT count(*) FROM tasks WHERE status = 'completed'"));
    assertEquals(0, count("SELECT count(*) FROM tasks WHERE status <> 'completed'"));
    assertEquals(TASKS, count("SELECT count(*) FROM task_logs WHERE message = 'Task completed'"));
    assertEquals(
        TASKS, count("SELECT count(*) FROM task_logs WHERE message LIKE 'Task claimed by %'"));
    assertEquals(0, count("SELECT count(*) FROM task_logs WHERE message LIKE 'Task failed%'"));
    assertEquals(0, count("SELECT count(*) FROM tasks WHERE attempt <> 1"));
    // The counters the statement triggers kept under concurrency agree with the rows.
    var stats = submitter.statistics();
    assertEquals(TASKS, stats.count(io.aiopslab.executor.domain.task.TaskStatus.COMPLETED));
    assertEquals(TASKS, stats.total());
    assertEquals(TASKS, stats.tasksByWorker().values().stream().mapToLong(Long::longValue).sum());
  }

  private static long count(String sql) throws Exception {
    try (var c = database.target().open();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }
}
