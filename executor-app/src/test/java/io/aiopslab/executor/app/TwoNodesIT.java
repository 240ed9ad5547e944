package io.aiopslab.executor.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.aiopslab.executor.postgres.TestDatabases;
import io.aiopslab.executor.postgres.TestDatabases.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two nodes on one database share the queue: every task runs exactly once. */
class TwoNodesIT {
  private static final int TASKS = 2_000;

  private static TestDatabase database;
  private static TestNode alpha;
  private static TestNode beta;

  @BeforeAll
  static void start() {
    database = TestDatabases.create();
    Map<String, String> env = Map.of("NUM_INTERNAL_WORKERS", "8", "DATABASE_POOL_SIZE", "6");
    alpha = TestNode.start(database, "alpha", env);
    beta = TestNode.start(database, "beta", env);
  }

  @AfterAll
  static void stop() {
    for (TestNode node : new TestNode[] {alpha, beta}) {
      if (node != null) {
        node.close();
      }
    }
    if (database != null) {
      database.close();
    }
  }

  @Test
  void twoNodesDrainOneQueueRunningEachTaskExactlyOnce() throws Exception {
    // Half submitted through each node, in batches, while both pools run.
    List<String> ids = new ArrayList<>();
    for (int batch = 0; batch < TASKS / 500; batch++) {
      List<Map<String, Object>> tasks = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        tasks.add(Tasks.simulated("instant-" + batch + "-" + i, 0, "success"));
      }
      ids.addAll((batch % 2 == 0 ? alpha : beta).api().submitBatch(tasks));
    }
    assertEquals(TASKS, new HashSet<>(ids).size());

    Api api = alpha.api();
    Eventually.await(
        "all tasks complete",
        Duration.ofSeconds(90),
        () -> api.get("/queue/stats").expect(200),
        stats -> stats.get("completed").asInt() == TASKS);
    JsonNode stats = api.get("/queue/stats").expect(200);
    assertEquals(TASKS, stats.get("total").asInt(), stats.toString());

    List<JsonNode> completed = api.allTasks("status=completed");
    assertEquals(TASKS, completed.size());
    Map<String, Integer> byNode = new HashMap<>();
    for (JsonNode task : completed) {
      assertEquals(1, task.get("attempt").asInt(), task.toString());
      String worker = task.get("worker_id").asText();
      byNode.merge(worker.substring(0, worker.indexOf("-worker-")), 1, Integer::sum);
    }
    assertTrue(byNode.getOrDefault("alpha", 0) > 0, byNode.toString());
    assertTrue(byNode.getOrDefault("beta", 0) > 0, byNode.toString());
    assertEquals(TASKS, byNode.values().stream().mapToInt(Integer::intValue).sum());

    // Exactly one completion and one claim in every task's log (4 readers, both nodes).
    try (ExecutorService readers = Executors.newFixedThreadPool(4)) {
      List<Future<String>> problems = new ArrayList<>();
      for (int i = 0; i < ids.size(); i++) {
        String id = ids.get(i);
        Api reader = (i % 2 == 0 ? alpha : beta).api();
        problems.add(
            readers.submit(
                () -> {
                  List<String> logs = reader.logMessages(id);
                  long completions = logs.stream().filter("Task completed"::equals).count();
                  long claims = logs.stream().filter(m -> m.startsWith("Task claimed by")).count();
                  return completions == 1 && claims == 1 ? null : id + ": " + logs;
                }));
      }
      for (Future<String> problem : problems) {
        String found = problem.get();
        if (found != null) {
          throw new AssertionError("not exactly one claim and one completion: " + found);
        }
      }
    }
  }
}
