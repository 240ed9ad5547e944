package io.aiopslab.executor.rest;

import static io.aiopslab.executor.rest.TaskApiIT.assertField;
import static io.aiopslab.executor.rest.TaskApiIT.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.aiopslab.executor.rest.ApiFixture.Reply;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Root, health, readiness, queue statistics, metrics, the internal pool and request metrics. */
class OperationsApiIT {
  ApiFixture api;

  @BeforeEach
  void start() {
    api = new ApiFixture();
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void rootDescribesTheService() {
    JsonNode json = api.get("/").json();
    assertEquals("AIOpsLab Task Execution API", json.get("name").asText());
    assertEquals(ApiFixture.VERSION, json.get("version").asText());
    assertEquals("/openapi.json", json.get("docs").asText());
    assertEquals("/health", json.get("health").asText());
  }

  @Test
  void healthIsDegradedWithoutWorkersHealthyWithOneAndUnhealthyWithoutDatabase() {
    api.submit("queued");
    Reply degraded = api.get("/health");
    assertEquals(200, degraded.status(), degraded::toString);
    JsonNode json = degraded.json();
    assertEquals("degraded", json.get("status").asText());
    assertEquals(ApiFixture.VERSION, json.get("version").asText());
    assertEquals("2026-01-01T00:00:00Z", json.get("timestamp").asText());
    assertTrue(json.get("database").get("connected").asBoolean());
    assertEquals(2.0, json.get("database").get("latency_ms").asDouble());
    assertEquals(0, json.get("workers").get("total").asInt());
    assertEquals(1, json.get("queue").get("pending").asInt());
    assertEquals(6, json.get("queue").size());

    api.registerWorker("w-1", "orchestrator");
    Reply healthy = api.get("/health");
    assertEquals("healthy", healthy.json().get("status").asText());
    assertEquals(1, healthy.json().get("workers").get("idle").asInt());

    api.databaseUp.set(false);
    Reply unhealthy = api.get("/health");
    assertEquals(503, unhealthy.status());
    assertTrue(unhealthy.contentType().startsWith("application/json"));
    assertEquals("unhealthy", unhealthy.json().get("status").asText());
    assertFalse(unhealthy.json().get("database").get("connected").asBoolean());
    assertTrue(unhealthy.json().get("database").get("latency_ms").isNull());
    assertTrue(unhealthy.json().has("workers"));
    assertTrue(unhealthy.json().has("queue"));
    assertFalse(unhealthy.body().contains("SELECT"));
  }

  @Test
  void readyFollowsStartupAndTheDatabase() {
    assertEquals(200, api.get("/ready").status());
    api.started.set(false);
    assertProblem(api.get("/ready"), 503, "not-ready", null);
    api.started.set(true);
    api.databaseUp.set(false);
    assertProblem(api.get("/ready"), 503, "not-ready", null);
  }

  @Test
  void queueStatsUseTheirOwnFormulas() {
    JsonNode empty = api.get("/queue/stats").json();
    assertTrue(empty.get("success_rate").isNull());
    assertTrue(empty.get("average_wait_time").isNull());
    assertTrue(empty.get("average_execution_time").isNull());
    assertEquals(0.0, api.get("/api/v1/tasks/stats").json().get("success_rate").asDouble());

    api.registerWorker("w-1", "orchestrator");
    String done = api.submit("q-1");
    api.clock.advance(Duration.ofSeconds(10));
    api.postEmpty("/api/v1/workers/w-1/claim");
    api.clock.advance(Duration.ofSeconds(20));
    api.post("/api/v1/workers/w-1/tasks/" + done + "/complete", "{\"success\": true}");
    api.submit("q-2");
    api.postEmpty("/api/v1/tasks/" + api.submit("q-3") + "/cancel");

    JsonNode json = api.get("/queue/stats").json();
    assertEquals(1, json.get("pending").asInt());
    assertEquals(0, json.get("running").asInt());
    assertEquals(1, json.get("completed").asInt());
    assertEquals(0, json.get("failed").asInt());
    assertEquals(0, json.get("timeout").asInt());
    assertEquals(1, json.get("cancelled").asInt());
    assertEquals(3, json.get("total").asInt());
    assertEquals(1.0, json.get("success_rate").asDouble());
    assertEquals(10.0, json.get("average_wait_time").asDouble());
    assertEquals(20.0, json.get("average_execution_time").asDouble());

    JsonNode stats = api.get("/api/v1/tasks/stats").json();
    assertEquals(20.0, stats.get("avg_execution_time").asDouble());
    assertEquals(1, stats.get("tasks_by_worker").get("w-1").asInt());
  }

  @Test
  void metricsAreThePrometheusTextOfTheSupplier() {
    Reply reply = api.get("/metrics");
    assertEquals(200, reply.status());
    // Jersey may reorder the parameters; scrapers read them by name.
    var type = jakarta.ws.rs.core.MediaType.valueOf(reply.contentType());
    assertEquals("text/plain", type.getType() + "/" + type.getSubtype());
    assertEquals("0.0.4", type.getParameters().get("version"));
    assertEquals("# HELP up test\nup 1\n", reply.body());
  }

  @Test
  void requestMetricsUseRouteTemplatesNeverRawIds() {
    String id = api.submit("metered");
    api.metrics.clear();
    api.get("/api/v1/tasks/" + id);
    api.get("/api/v1/tasks/" + id + "/logs");
    api.get("/api/v1/tasks/stats");
    api.get("/api/v1/workers/internal/status");
    api.get("/api/v1/workers/nobody");
    api.get("/no/such/route");
    api.post("/api/v1/tasks", "");
    api.get("/");
    assertEquals(
        java.util.List.of(
            "GET /api/v1/tasks/{task_id} 200",
            "GET /api/v1/tasks/{task_id}/logs 200",
            "GET /api/v1/tasks/stats 200",
            "GET /api/v1/workers/internal/status 200",
            "GET /api/v1/workers/{worker_id} 404",
            "GET unmatched 404",
            "POST /api/v1/tasks 400",
            "GET / 200"),
        api.metrics);
  }

  @Test
  void internalPoolStatusScaleStopStart() {
    JsonNode status = api.get("/api/v1/workers/internal/status").json();
    assertTrue(status.get("running").asBoolean());
    assertEquals(3, status.get("num_workers").asInt());
    JsonNode slot = status.get("workers").get("node-a-worker-001");
    assertEquals("idle", slot.get("status").asText());
    assertTrue(slot.get("current_task_id").isNull());

    Reply scaled = api.postEmpty("/api/v1/workers/internal/scale?num_workers=5");
    assertEquals(200, scaled.status(), scaled::toString);
    assertEquals(3, scaled.json().get("previous_workers").asInt());
    assertEquals(5, scaled.json().get("current_workers").asInt());
    assertEquals("scaled", scaled.json().get("status").asText());
    assertField(api.postEmpty("/api/v1/workers/internal/scale?num_workers=abc"), "num_workers");
    assertField(api.postEmpty("/api/v1/workers/internal/scale?num_workers=65"), "num_workers");
    assertField(api.postEmpty("/api/v1/workers/internal/scale?num_workers=-1"), "num_workers");
    assertField(api.postEmpty("/api/v1/workers/internal/scale"), "num_workers");

    Reply stopped = api.postEmpty("/api/v1/workers/internal/stop");
    assertEquals("stopped", stopped.json().get("status").asText());
    assertTrue(stopped.json().get("message").isTextual());
    assertFalse(api.get("/api/v1/workers/internal/status").json().get("running").asBoolean());
    Reply started = api.postEmpty("/api/v1/workers/internal/start");
    assertEquals("started", started.json().get("status").asText());
    assertEquals(5, started.json().get("workers").asInt());
    assertProblem(api.get("/api/v1/workers/internal/stop"), 405, "method-not-allowed", null);
  }

  @Test
  void openApiDocumentIsServed() {
    Reply reply = api.get("/openapi.json");
    assertEquals(200, reply.status());
    assertTrue(reply.contentType().startsWith("application/json"));
    assertTrue(reply.json().get("openapi").asText().startsWith("3."));
    assertEquals(ApiFixture.VERSION, reply.json().get("info").get("version").asText());
  }
}
