package io.aiopslab.executor.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Cancel and timeout stop the execution itself and free its worker. */
class CancelAndTimeoutIT {
  private static final Duration WAIT = Duration.ofSeconds(15);

  private static TestNode node;
  private static Api api;

  @BeforeAll
  static void start() {
    node = TestNode.startOnOwnDatabase("stopper", Map.of("NUM_INTERNAL_WORKERS", "2"));
    api = node.api();
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void cancellingARunningTaskStopsItAndFreesItsWorker() {
    String id = api.submit(Tasks.simulated("hang-then-cancel-1", 0, "hang")).get("id").asText();
    JsonNode running = awaitRunning(id);
    String worker = running.get("worker_id").asText();

    JsonNode cancelled = api.post("/api/v1/tasks/" + id + "/cancel").expect(200);
    assertEquals("cancelled", cancelled.get("status").asText());

    Eventually.await(
        "worker " + worker + " is idle again",
        Duration.ofSeconds(5),
        () -> api.internalStatus().get("workers").get(worker),
        w -> w.get("status").asText().equals("idle") && w.get("current_task_id").isNull());
    JsonNode task = api.task(id);
    assertEquals("cancelled", task.get("status").asText(), task.toString());
    assertTrue(api.logMessages(id).contains("Task cancelled by user"));
    JsonNode again = api.post("/api/v1/tasks/" + id + "/cancel").expect(409);
    assertEquals(
        "Task " + id + " cannot be cancelled from cancelled", again.get("detail").asText());
  }

  @Test
  void aTaskPastItsTimeoutIsStoppedAndEndsAsTimeout() {
    String id =
        api.submit(
                Tasks.simulated("hang-until-timeout-1", 0, "hang", Map.of("timeout_minutes", 0.02)))
            .get("id")
            .asText();
    String worker = awaitRunning(id).get("worker_id").asText();

    JsonNode ended =
        Eventually.await(
            "the task times out", WAIT, () -> api.task(id), t -> !isActive(t.get("status")));
    assertEquals("timeout", ended.get("status").asText(), ended.toString());
    assertEquals(
        "Task exceeded timeout limit of 0.02 minutes", ended.get("error_details").asText());
    JsonNode logs = api.get("/api/v1/tasks/" + id + "/logs?level=warning").expect(200);
    assertTrue(
        logs.get("logs").findValuesAsText("message").contains("Task timed out"), logs.toString());
    Eventually.await(
        "worker " + worker + " is idle again",
        Duration.ofSeconds(5),
        () -> api.internalStatus().get("workers").get(worker).get("status").asText(),
        "idle"::equals);
  }

  private static JsonNode awaitRunning(String id) {
    return Eventually.await(
        "task " + id + " runs",
        WAIT,
        () -> api.task(id),
        t -> t.get("status").asText().equals("running"));
  }

  private static boolean isActive(JsonNode status) {
    return List.of("pending", "running").contains(status.asText());
  }
}
