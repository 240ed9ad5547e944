package io.aiopslab.executor.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.aiopslab.executor.postgres.TestDatabases;
import io.aiopslab.executor.postgres.TestDatabases.TestDatabase;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM: what finishes within SHUTDOWN_GRACE_SECONDS completes, what does not goes back to the
 * queue for another node, and the process exits 0.
 */
class GracefulShutdownIT {
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
  void sigtermLetsShortTasksFinishAndHandsLongOnesBack() {
    var env = new HashMap<>(TestNode.quickSettings(database, "leaving"));
    env.put("NUM_INTERNAL_WORKERS", "2");
    env.put("SHUTDOWN_GRACE_SECONDS", "2");
    String shortTask;
    String longTask;
    try (ChildNode leaving = ChildNode.start("leaving", env)) {
      Api api = leaving.awaitServing(Duration.ofSeconds(60));
      shortTask = api.submit(Tasks.simulated("short-1", 600, "success")).get("id").asText();
      longTask = api.submit(Tasks.simulated("long-1", 60_000, "success")).get("id").asText();
      Eventually.await(
          "both tasks run",
          Duration.ofSeconds(20),
          () -> List.of(api.status(shortTask), api.status(longTask)),
          statuses -> statuses.equals(List.of("running", "running")));

      leaving.terminate();
      assertEquals(0, leaving.awaitExit(Duration.ofSeconds(30)), leaving.tail());
    }

    try (TestNode next = TestNode.start(database, "next", Map.of("AUTO_START_WORKERS", "false"))) {
      Api api = next.api();
      JsonNode finished = api.task(shortTask);
      assertEquals("completed", finished.get("status").asText(), finished.toString());

      JsonNode handedBack = api.task(longTask);
      assertEquals("pending", handedBack.get("status").asText(), handedBack.toString());
      assertEquals(1, handedBack.get("attempt").asInt(), handedBack.toString());
      assertTrue(handedBack.get("worker_id").isNull(), handedBack.toString());
      List<String> logs = api.logMessages(longTask);
      assertTrue(logs.stream().anyMatch(m -> m.startsWith("Task handed back: ")), logs.toString());

      // The leaving node's workers: offline, holding nothing, their counters written.
      for (String id : List.of("leaving-worker-001", "leaving-worker-002")) {
        JsonNode worker = api.get("/api/v1/workers/" + id).expect(200);
        assertEquals("offline", worker.get("status").asText(), worker.toString());
        assertTrue(worker.get("current_task_id").isNull(), worker.toString());
      }
      assertEquals(
          1,
          api
              .get("/api/v1/workers?status=offline")
              .expect(200)
              .get("workers")
              .findValues("tasks_completed")
              .stream()
              .mapToInt(JsonNode::asInt)
              .sum());

      api.post("/api/v1/workers/internal/start").expect(200);
      JsonNode rerun =
          Eventually.await(
              "another node picks the handed-back task",
              Duration.ofSeconds(15),
              () -> api.task(longTask),
              t -> t.get("status").asText().equals("running"));
      assertEquals(2, rerun.get("attempt").asInt(), rerun.toString());
      assertTrue(rerun.get("worker_id").asText().startsWith("next-worker-"), rerun.toString());
    }
  }
}
