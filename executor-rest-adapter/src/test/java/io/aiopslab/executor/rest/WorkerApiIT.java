package io.aiopslab.executor.rest;

import static io.aiopslab.executor.rest.TaskApiIT.assertField;
import static io.aiopslab.executor.rest.TaskApiIT.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.aiopslab.executor.rest.ApiFixture.Reply;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The worker protocol over HTTP; a fresh store per test so claims see only their own tasks. */
class WorkerApiIT {
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
  void registerIs201ThenReRegistrationIs200KeepingCounters() {
    Reply first =
        api.post(
            "/api/v1/workers/register",
            "{\"worker_id\": \"worker-001-kind\", \"backend_type\": \"orchestrator\","
                + " \"capabilities\": {\"gpu\": true}, \"metadata\": {\"zone\": \"a\"}}");
    assertEquals(201, first.status(), first::toString);
    JsonNode worker = first.json();
    assertEquals("worker-001-kind", worker.get("id").asText());
    assertEquals("orchestrator", worker.get("backend_type").asText());
    assertEquals("idle", worker.get("status").asText());
    assertTrue(worker.get("current_task_id").isNull());
    assertTrue(worker.get("capabilities").get("gpu").asBoolean());
    assertEquals("a", worker.get("metadata").get("zone").asText());
    assertEquals(0, worker.get("tasks_completed").asInt());
    assertEquals(0, worker.get("tasks_failed").asInt());
    assertEquals("2026-01-01T00:00:00Z", worker.get("registered_at").asText());
    assertTrue(worker.has("last_heartbeat"));
    assertEquals(60, worker.get("heartbeat_timeout_seconds").asInt());

    Reply again =
        api.post(
            "/api/v1/workers/register",
            "{\"worker_id\": \"worker-001-kind\", \"backend_type\": \"other\"}");
    assertEquals(200, again.status(), again::toString);
    assertEquals("other", again.json().get("backend_type").asText());
    assertEquals(0, again.json().get("capabilities").size());
  }

  @Test
  void registerValidatesItsBody() {
    assertField(api.post("/api/v1/workers/register", "{\"backend_type\": \"x\"}"), "worker_id");
    assertField(
        api.post(
            "/api/v1/workers/register", "{\"worker_id\": \"bad id\", \"backend_type\": \"x\"}"),
        "worker_id");
    assertField(api.post("/api/v1/workers/register", "{\"worker_id\": \"w\"}"), "backend_type");
    assertField(
        api.post(
            "/api/v1/workers/register",
            "{\"worker_id\": \"w\", \"backend_type\": \"x\", \"capabilities\": []}"),
        "capabilities");
    assertField(api.post("/api/v1/workers/register", "[1]"), "body");
    assertProblem(api.post("/api/v1/workers/register", ""), 400, "malformed-json", null);
  }

  @Test
  void listIsSortedByIdAndFiltered() {
    api.registerWorker("w-b", "orchestrator");
    api.registerWorker("w-a", "orchestrator");
    api.registerWorker("w-c", "simulated");
    Reply all = api.get("/api/v1/workers");
    assertEquals(200, all.status());
    assertEquals(3, all.json().get("total").asInt());
    assertEquals("w-a", all.json().get("workers").get(0).get("id").asText());
    assertEquals("w-c", all.json().get("workers").get(2).get("id").asText());
    assertEquals(1, api.get("/api/v1/workers?backend_type=simulated").json().get("total").asInt());
    assertEquals(3, api.get("/api/v1/workers?status=idle").json().get("total").asInt());
    assertEquals(0, api.get("/api/v1/workers?status=offline").json().get("total").asInt());
    assertField(api.get("/api/v1/workers?status=IDLE"), "status");
  }

  @Test
  void getAndStatsAnswer404ForUnknownWorkers() {
    api.registerWorker("w-1", "orchestrator");
    assertEquals("w-1", api.get("/api/v1/workers/w-1").json().get("id").asText());
    Reply stats = api.get("/api/v1/workers/w-1/stats");
    assertEquals(200, stats.status(), stats::toString);
    JsonNode json = stats.json();
    assertEquals("w-1", json.get("worker_id").asText());
    assertEquals(0, json.get("total_tasks").asInt());
    assertEquals(0.0, json.get("success_rate").asDouble());
    assertTrue(json.get("average_task_duration").isNull());
    assertTrue(json.get("uptime_seconds").isNumber());
    assertEquals("idle", json.get("current_status").asText());
    assertProblem(
        api.get("/api/v1/workers/nobody"), 404, "worker-not-found", "Worker nobody not found");
    assertProblem(
        api.get("/api/v1/workers/nobody/stats"),
        404,
        "worker-not-found",
        "Worker nobody not found");
  }

  @Test
  void claimCompleteFlowWithHeartbeats() {
    api.registerWorker("w-1", "orchestrator");
    assertEquals(204, api.postEmpty("/api/v1/workers/w-1/claim").status());
    String id = api.submit("claim-me");

    Reply claimed = api.postEmpty("/api/v1/workers/w-1/claim");
    assertEquals(200, claimed.status(), claimed::toString);
    assertEquals(id, claimed.json().get("id").asText());
    assertEquals("running", claimed.json().get("status").asText());
    assertEquals("w-1", claimed.json().get("worker_id").asText());
    assertEquals(1, claimed.json().get("attempt").asInt());
    assertEquals("2026-01-01T00:00:00Z", claimed.json().get("started_at").asText());

    Reply beat =
        api.post(
            "/api/v1/workers/w-1/heartbeat",
            "{\"status\": \"busy\", \"current_task_id\": \"" + id + "\"}");
    assertEquals(200, beat.status(), beat::toString);
    assertFalse(beat.json().get("cancel_requested").asBoolean());
    assertEquals("busy", beat.json().get("status").asText());
    assertEquals(id, beat.json().get("current_task_id").asText());

    Reply logs =
        api.post(
            "/api/v1/workers/w-1/tasks/" + id + "/logs",
            "{\"logs\": [{\"level\": \"warning\", \"message\": \"step 1\", \"context\": {\"k\": 1}},"
                + " {\"message\": \"step 2\"}]}");
    assertEquals(202, logs.status(), logs::toString);
    assertEquals(2, logs.json().get("accepted").asInt());

    api.clock.advance(java.time.Duration.ofSeconds(90));
    Reply done =
        api.post(
            "/api/v1/workers/w-1/tasks/" + id + "/complete",
            "{\"success\": true, \"solution\": {\"steps\": 3}}");
    assertEquals(200, done.status(), done::toString);
    assertEquals("completed", done.json().get("status").asText());
    assertEquals(3, done.json().get("result").get("solution").get("steps").asInt());
    assertEquals("2026-01-01T00:01:30Z", done.json().get("completed_at").asText());

    JsonNode taskLogs = api.get("/api/v1/tasks/" + id + "/logs").json().get("logs");
    assertEquals("Task claimed by w-1 (attempt 1)", taskLogs.get(1).get("message").asText());
    assertEquals("warning", taskLogs.get(2).get("level").asText());
    assertEquals("step 2", taskLogs.get(3).get("message").asText());
    assertEquals("Task completed", taskLogs.get(4).get("message").asText());

    JsonNode stats = api.get("/api/v1/workers/w-1/stats").json();
    assertEquals(1, stats.get("total_tasks").asInt());
    assertEquals(1.0, stats.get("success_rate").asDouble());
    assertEquals(90.0, stats.get("average_task_duration").asDouble());
    assertEquals("idle", api.get("/api/v1/workers/w-1").json().get("status").asText());

    // Finished: complete again, fail, logs → 409.
    assertProblem(
        api.post("/api/v1/workers/w-1/tasks/" + id + "/complete", "{}"),
        409,
        "worker-conflict",
        null);
    assertProblem(
        api.post("/api/v1/workers/w-1/tasks/" + id + "/logs", "{\"logs\": []}"),
        409,
        "worker-conflict",
        null);
  }

  @Test
  void failKeepsTheBodyAsResultAndDefaultsTheError() {
    api.registerWorker("w-1", "orchestrator");
    String first = api.submit("fail-1");
    api.postEmpty("/api/v1/workers/w-1/claim");
    Reply failed =
        api.post(
            "/api/v1/workers/w-1/tasks/" + first + "/fail",
            "{\"error\": \"agent crashed\", \"exit_code\": 3}");
    assertEquals(200, failed.status(), failed::toString);
    assertEquals("failed", failed.json().get("status").asText());
    assertEquals("agent crashed", failed.json().get("error_details").asText());
    assertEquals(3, failed.json().get("result").get("exit_code").asInt());

    String second = api.submit("fail-2");
    api.postEmpty("/api/v1/workers/w-1/claim");
    Reply noBody = api.postEmpty("/api/v1/workers/w-1/tasks/" + second + "/fail");
    assertEquals(200, noBody.status(), noBody::toString);
    assertEquals("Task failed by worker", noBody.json().get("error_details").asText());
  }

  @Test
  void protocolConflictsAndUnknownsAreAnswered() {
    api.registerWorker("w-1", "orchestrator");
    api.registerWorker("w-2", "orchestrator");
    String id = api.submit("conflicts");
    api.postEmpty("/api/v1/workers/w-1/claim");

    // Another worker completing it, a heartbeat naming it from w-2, inconsistent pairs.
    assertProblem(
        api.post("/api/v1/workers/w-2/tasks/" + id + "/complete", "{}"),
        409,
        "worker-conflict",
        null);
    assertProblem(
        api.post(
            "/api/v1/workers/w-2/heartbeat",
            "{\"status\": \"busy\", \"current_task_id\": \"" + id + "\"}"),
        409,
        "worker-conflict",
        null);
    assertProblem(
        api.post("/api/v1/workers/w-2/heartbeat", "{\"status\": \"busy\"}"),
        409,
        "worker-conflict",
        null);
    assertProblem(
        api.post(
            "/api/v1/workers/w-2/heartbeat",
            "{\"status\": \"idle\", \"current_task_id\": \"" + id + "\"}"),
        409,
        "worker-conflict",
        null);
    assertField(api.post("/api/v1/workers/w-2/heartbeat", "{\"status\": \"IDLE\"}"), "status");
    assertField(api.post("/api/v1/workers/w-2/heartbeat", "{}"), "status");
    assertField(
        api.post(
            "/api/v1/workers/w-2/heartbeat",
            "{\"status\": \"busy\", \"current_task_id\": \"nope\"}"),
        "current_task_id");

    String unknownTask = UUID.randomUUID().toString();
    assertProblem(
        api.post("/api/v1/workers/w-1/tasks/" + unknownTask + "/complete", "{}"),
        404,
        "task-not-found",
        "Task " + unknownTask + " not found");
    assertProblem(
        api.post("/api/v1/workers/ghost/tasks/" + id + "/complete", "{}"),
        404,
        "worker-not-found",
        "Worker ghost not found");
    assertProblem(api.postEmpty("/api/v1/workers/ghost/claim"), 404, "worker-not-found", null);
    assertProblem(
        api.post("/api/v1/workers/ghost/heartbeat", "{\"status\": \"idle\"}"),
        404,
        "worker-not-found",
        null);
    assertField(
        api.post("/api/v1/workers/w-1/tasks/" + id + "/logs", "{\"logs\": [{\"level\": \"x\"}]}"),
        "logs[0].level");
    assertField(api.post("/api/v1/workers/w-1/tasks/" + id + "/complete", "[]"), "body");
  }

  @Test
  void heartbeatAfterCancelRequestsTheStop() {
    api.registerWorker("w-1", "orchestrator");
    String id = api.submit("cancel-running");
    api.postEmpty("/api/v1/workers/w-1/claim");
    assertEquals(200, api.postEmpty("/api/v1/tasks/" + id + "/cancel").status());
    Reply beat =
        api.post(
            "/api/v1/workers/w-1/heartbeat",
            "{\"status\": \"busy\", \"current_task_id\": \"" + id + "\"}");
    assertEquals(200, beat.status(), beat::toString);
    assertTrue(beat.json().get("cancel_requested").asBoolean());
    assertEquals("idle", beat.json().get("status").asText());
  }

  @Test
  void claimHonoursBackendAffinity() {
    api.registerWorker("w-sim", "simulated");
    api.post(
        "/api/v1/tasks",
        "{\"problem_id\": \"affine\", \"parameters\": {\"backend_type\": \"orchestrator\"}}");
    assertEquals(204, api.postEmpty("/api/v1/workers/w-sim/claim").status());
    api.registerWorker("w-orc", "orchestrator");
    assertEquals(200, api.postEmpty("/api/v1/workers/w-orc/claim").status());
  }

  @Test
  void aWorkerNamedInternalStillReachesItsRoutes() {
    api.registerWorker("internal", "orchestrator");
    assertEquals("internal", api.get("/api/v1/workers/internal").json().get("id").asText());
    assertEquals(204, api.postEmpty("/api/v1/workers/internal/claim").status());
    assertEquals(200, api.get("/api/v1/workers/internal/stats").status());
  }
}
