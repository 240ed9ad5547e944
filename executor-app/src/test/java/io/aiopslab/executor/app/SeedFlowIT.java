package io.aiopslab.executor.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The walk-through of the original service's README, against the whole app over HTTP. */
class SeedFlowIT {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final String NODE = "seed";

  private static TestNode node;
  private static Api api;

  @BeforeAll
  static void start() {
    node = TestNode.startOnOwnDatabase(NODE, Map.of("NUM_INTERNAL_WORKERS", "3"));
    api = node.api();
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void healthSubmitCompleteScaleStopAndStart() {
    JsonNode health = api.get("/health").expect(200);
    assertEquals("healthy", health.get("status").asText(), health.toString());
    assertTrue(health.get("database").get("connected").asBoolean());
    api.get("/ready").expect(200);

    JsonNode status = api.internalStatus();
    assertTrue(status.get("running").asBoolean());
    assertEquals(3, status.get("num_workers").asInt());
    assertTrue(status.get("workers").has(NODE + "-worker-001"), status.toString());

    JsonNode created =
        api.submit(
            Tasks.simulated("k8s_target_port-misconfig-detection-1", 200, "success", Map.of()));
    String id = created.get("id").asText();
    assertEquals("pending", created.get("status").asText());

    JsonNode done =
        Eventually.await(
            "the task completes", WAIT, () -> api.task(id), t -> isFinal(t.get("status")));
    assertEquals("completed", done.get("status").asText(), done.toString());
    assertTrue(done.get("result").isObject(), done.toString());
    assertTrue(done.get("result").get("success").asBoolean(), done.toString());
    assertEquals(1, done.get("attempt").asInt());
    assertTrue(done.get("worker_id").asText().startsWith(NODE + "-worker-"), done.toString());

    List<String> logs = api.logMessages(id);
    assertTrue(logs.contains("Task created"), logs.toString());
    assertTrue(
        logs.contains("Task claimed by " + NODE + "-worker-001 (attempt 1)"), logs.toString());
    assertTrue(logs.contains("Task completed"), logs.toString());

    JsonNode conversations =
        api.get("/api/v1/llm-conversations/task/" + id + "/conversations").expect(200);
    assertEquals(1, conversations.size(), conversations.toString());
    String conversationId = conversations.get(0).get("id").asText();
    JsonNode conversation = api.get("/api/v1/llm-conversations/" + conversationId).expect(200);
    assertTrue(conversation.get("messages").size() > 1, conversation.toString());

    JsonNode scaled = api.post("/api/v1/workers/internal/scale?num_workers=10").expect(200);
    assertEquals(3, scaled.get("previous_workers").asInt());
    assertEquals(10, scaled.get("current_workers").asInt());
    assertEquals(10, api.internalStatus().get("workers").size());
    JsonNode workers = api.get("/api/v1/workers").expect(200);
    List<String> ids = new ArrayList<>();
    workers.get("workers").forEach(w -> ids.add(w.get("id").asText()));
    for (int n = 1; n <= 10; n++) {
      assertTrue(ids.contains(String.format("%s-worker-%03d", NODE, n)), ids.toString());
    }

    assertEquals(
        "stopped", api.post("/api/v1/workers/internal/stop").expect(200).get("status").asText());
    assertFalse(api.internalStatus().get("running").asBoolean());
    String waiting = api.submit(Tasks.simulated("stopped-pool-1", 0, "success")).get("id").asText();
    // Several poll rounds (0.2 s) and the insert's NOTIFY pass: still nobody claims it.
    Eventually.holdsFor(
        "the task stays pending while the pool is stopped",
        Duration.ofSeconds(1),
        () -> api.status(waiting).equals("pending"));

    JsonNode started = api.post("/api/v1/workers/internal/start").expect(200);
    assertEquals("started", started.get("status").asText());
    assertEquals(10, started.get("workers").asInt());
    Eventually.await(
        "the waiting task completes after start",
        WAIT,
        () -> api.status(waiting).equals("completed"));
  }

  private static boolean isFinal(JsonNode status) {
    return !List.of("pending", "running").contains(status.asText());
  }
}
