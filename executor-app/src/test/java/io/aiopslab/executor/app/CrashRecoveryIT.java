package io.aiopslab.executor.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.aiopslab.executor.postgres.TestDatabases;
import io.aiopslab.executor.postgres.TestDatabases.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A node killed with SIGKILL loses no task: its leases expire and another node reruns them. */
class CrashRecoveryIT {
  private static final int TASKS = 20;
  private static final Map<String, String> FAST_LEASES =
      Map.of(
          "NUM_INTERNAL_WORKERS", Integer.toString(TASKS),
          "LEASE_SECONDS", "2",
          "TIMEOUT_CHECK_INTERVAL", "0.5");

  private static TestDatabase database;

  @BeforeAll
  static void createDatabase() {
    database = TestDatabases.create();
  }

  @AfterAll
  static void dropDatabase() {
    if (database != null) {
      database.close();
    }
  }

  @Test
  void tasksOfAKilledNodeAreHandedBackAndRunOnceMoreElsewhere() {
    var env = new HashMap<>(TestNode.quickSettings(database, "doomed"));
    env.putAll(FAST_LEASES);
    List<String> ids;
    try (ChildNode doomed = ChildNode.start("doomed", env)) {
      Api api = doomed.awaitServing(Duration.ofSeconds(60));
      List<Map<String, Object>> tasks = new ArrayList<>();
      for (int i = 0; i < TASKS; i++) {
        tasks.add(Tasks.simulated("crash-" + i, 3_000, "success"));
      }
      ids = api.submitBatch(tasks);
      Eventually.await(
          "all tasks run on the doomed node",
          Duration.ofSeconds(20),
          () -> api.allTasks("status=running"),
          running ->
              running.size() == TASKS
                  && running.stream()
                      .allMatch(t -> t.get("worker_id").asText().startsWith("doomed-worker-")));
      doomed.kill();
    }

    try (TestNode survivor = TestNode.start(database, "survivor", FAST_LEASES)) {
      Api api = survivor.api();
      List<JsonNode> ended =
          Eventually.await(
              "every task reaches a final state",
              Duration.ofSeconds(60),
              () -> ids.stream().map(api::task).toList(),
              all ->
                  all.stream()
                      .noneMatch(
                          t -> List.of("pending", "running").contains(t.get("status").asText())));
      for (JsonNode task : ended) {
        String id = task.get("id").asText();
        assertEquals("completed", task.get("status").asText(), task.toString());
        assertEquals(2, task.get("attempt").asInt(), task.toString());
        assertTrue(task.get("worker_id").asText().startsWith("survivor-worker-"), task.toString());
        List<String> logs = api.logMessages(id);
        assertEquals(1, logs.stream().filter("Task completed"::equals).count(), logs.toString());
        assertEquals(
            1,
            logs.stream().filter(m -> m.startsWith("Task handed back: ")).count(),
            logs.toString());
        assertTrue(
            logs.stream()
                .anyMatch(m -> m.matches("Task claimed by doomed-worker-\\d+ \\(attempt 1\\)")),
            logs.toString());
        assertTrue(
            logs.stream()
                .anyMatch(m -> m.matches("Task claimed by survivor-worker-\\d+ \\(attempt 2\\)")),
            logs.toString());
      }
    }
  }
}
