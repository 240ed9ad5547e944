package io.aiopslab.executor.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Which task runs next and where, seen only through the API. */
class SchedulingIT {
  private static final Duration WAIT = Duration.ofSeconds(15);

  private static TestNode node;
  private static Api api;

  @BeforeAll
  static void start() {
    node =
        TestNode.startOnOwnDatabase(
            "sched", Map.of("NUM_INTERNAL_WORKERS", "1", "AUTO_START_WORKERS", "false"));
    api = node.api();
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void highPriorityFirstThenFifoAndBackendTasksOnlyToTheirBackend() {
    assertEquals(false, api.internalStatus().get("running").asBoolean());
    // Submitted while the pool is stopped; one worker then takes them one at a time.
    List<String> submitted = new ArrayList<>();
    for (int[] spec : new int[][] {{1}, {9}, {5}, {9}, {0}, {5}}) {
      String name = "prio-" + spec[0] + "-" + submitted.size();
      submitted.add(
          api.submit(Tasks.simulated(name, 0, "success", Map.of("priority", spec[0])))
              .get("id")
              .asText());
    }
    // The most urgent task of all, but for a backend this node does not run.
    String gpuTask =
        api.submit(
                Tasks.simulated(
                    "gpu-only-1", 0, "success", Map.of("priority", 10, "backend_type", "gpu")))
            .get("id")
            .asText();

    assertEquals(1, api.post("/api/v1/workers/internal/start").expect(200).get("workers").asInt());
    List<JsonNode> done =
        Eventually.await(
            "the six orchestrator tasks complete",
            WAIT,
            () -> submitted.stream().map(api::task).toList(),
            tasks -> tasks.stream().allMatch(t -> t.get("status").asText().equals("completed")));

    List<String> byStart =
        done.stream()
            .sorted(Comparator.comparing(t -> Instant.parse(t.get("started_at").asText())))
            .map(t -> t.get("problem_id").asText())
            .toList();
    assertEquals(
        List.of("prio-9-1", "prio-9-3", "prio-5-2", "prio-5-5", "prio-1-0", "prio-0-4"), byStart);

    // Every round of the only internal worker passed it over.
    assertEquals("pending", api.status(gpuTask));
    assertEquals(
        "idle", api.internalStatus().get("workers").get("sched-worker-001").get("status").asText());

    JsonNode registered =
        api.post(
                "/api/v1/workers/register",
                Map.of("worker_id", "gpu-worker-1", "backend_type", "gpu"))
            .expect(201);
    assertEquals("gpu", registered.get("backend_type").asText());
    JsonNode claimed = api.post("/api/v1/workers/gpu-worker-1/claim").expect(200);
    assertEquals(gpuTask, claimed.get("id").asText());
    assertEquals("running", claimed.get("status").asText());
    assertEquals("gpu-worker-1", claimed.get("worker_id").asText());
    assertEquals(1, claimed.get("attempt").asInt());

    JsonNode completed =
        api.post(
                "/api/v1/workers/gpu-worker-1/tasks/" + gpuTask + "/complete",
                Map.of("success", true, "solution", Map.of("Detection Accuracy", "Correct")))
            .expect(200);
    assertEquals("completed", completed.get("status").asText());
    assertEquals(true, completed.get("result").get("success").asBoolean());
    assertEquals(
        List.of("Task created", "Task claimed by gpu-worker-1 (attempt 1)", "Task completed"),
        api.logMessages(gpuTask));
  }
}
