package io.aiopslab.executor.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.aiopslab.executor.rest.ApiFixture.Reply;
import java.net.http.HttpRequest;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TaskApiIT {
  static ApiFixture api;

  @BeforeAll
  static void start() {
    api = new ApiFixture();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void createReturns201WithLocationAndTheMergedTask() {
    Reply reply =
        api.post(
            "/api/v1/tasks",
            """
            {"problem_id": "k8s_target_port-misconfig-detection-1",
             "parameters": {"max_steps": 10, "agent_config": {"model": "gpt-4o"}, "custom": [1, 2]},
             "priority": 7}
            """);
    assertEquals(201, reply.status(), reply::toString);
    assertTrue(reply.contentType().startsWith("application/json"), reply.contentType());
    JsonNode task = reply.json();
    String id = task.get("id").asText();
    UUID.fromString(id);
    assertEquals(api.uri("/api/v1/tasks/" + id).toString(), reply.header("Location"));
    assertEquals("k8s_target_port-misconfig-detection-1", task.get("problem_id").asText());
    assertEquals("pending", task.get("status").asText());
    assertEquals(7, task.get("priority").asInt());
    JsonNode parameters = task.get("parameters");
    assertEquals(10, parameters.get("max_steps").asInt());
    assertEquals(30, parameters.get("timeout_minutes").asInt());
    assertEquals(7, parameters.get("priority").asInt());
    assertEquals(3, parameters.get("max_attempts").asInt());
    assertEquals("gpt-4o", parameters.get("agent_config").get("model").asText());
    assertEquals("[1,2]", parameters.get("custom").toString());
    assertTrue(task.get("worker_id").isNull());
    assertEquals(0, task.get("attempt").asInt());
    assertEquals(3, task.get("max_attempts").asInt());
    assertTrue(task.get("result").isNull());
    assertTrue(task.get("error_details").isNull());
    assertEquals("2026-01-01T00:00:00Z", task.get("created_at").asText());
    assertEquals("2026-01-01T00:00:00Z", task.get("updated_at").asText());
    assertTrue(task.get("started_at").isNull());
    assertTrue(task.get("completed_at").isNull());
    assertEquals(
        "[\"id\",\"problem_id\",\"status\",\"parameters\",\"priority\",\"worker_id\",\"attempt\","
            + "\"max_attempts\",\"result\",\"error_details\",\"created_at\",\"updated_at\","
            + "\"started_at\",\"completed_at\"]",
        ApiFixture.JSON.valueToTree(iterable(task.fieldNames())).toString());
  }

  @Test
  void getReturnsTheTaskAnd404ForUnknownOrNonUuidIds() {
    String id = api.submit("get-me");
    Reply found = api.get("/api/v1/tasks/" + id);
    assertEquals(200, found.status());
    assertEquals(id, found.json().get("id").asText());

    String unknown = UUID.randomUUID().toString();
    Reply missing = api.get("/api/v1/tasks/" + unknown);
    assertProblem(missing, 404, "task-not-found", "Task " + unknown + " not found");
    assertProblem(
        api.get("/api/v1/tasks/not-a-uuid"), 404, "task-not-found", "Task not-a-uuid not found");
  }

  @Test
  void idempotencyKeyRepeatsReturnTheFirstTaskAndConflictsOnADifferentBody() {
    String key = "key-" + UUID.randomUUID();
    Reply first =
        api.send(
            HttpRequest.newBuilder(api.uri("/api/v1/tasks"))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", key)
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"problem_id\": \"idem\", \"parameters\": {\"max_steps\": 5}}")));
    assertEquals(201, first.status(), first::toString);
    // Same JSON value: other key order, other whitespace, 5.0 for 5.
    Reply repeat =
        api.send(
            HttpRequest.newBuilder(api.uri("/api/v1/tasks"))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", key)
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{ \"parameters\" : { \"max_steps\" : 5.0 } , \"problem_id\":\"idem\" }")));
    assertEquals(200, repeat.status(), repeat::toString);
    assertEquals(first.json().get("id"), repeat.json().get("id"));
    assertEquals(first.header("Location"), repeat.header("Location"));

    Reply different =
        api.send(
            HttpRequest.newBuilder(api.uri("/api/v1/tasks"))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString("{\"problem_id\": \"other\"}")));
    assertProblem(different, 409, "idempotency-conflict", null);
    assertTrue(different.json().get("detail").asText().contains(key));
  }

  @Test
  void withoutIdempotencyKeyEveryCreateIsANewTask() {
    assertNotEquals(api.submit("twice"), api.submit("twice"));
  }

  @Test
  void batchCreatesAllOrNothingAndNamesTheBadItem() {
    Reply created =
        api.post(
            "/api/v1/tasks/batch",
            "{\"tasks\": [{\"problem_id\": \"b-1\"}, {\"problem_id\": \"b-2\", \"priority\": 9}]}");
    assertEquals(201, created.status(), created::toString);
    assertEquals(2, created.json().get("tasks").size());
    assertEquals(9, created.json().get("tasks").get(1).get("priority").asInt());

    long before = total("problem_id=b-bad-1");
    Reply refused =
        api.post(
            "/api/v1/tasks/batch",
            "{\"tasks\": [{\"problem_id\": \"b-bad-1\"}, {\"problem_id\": \"b-bad-2\"},"
                + " {\"problem_id\": \"b-bad-3\"}, {\"problem_id\": 123}]}");
    assertProblem(refused, 422, "validation-failed", null);
    assertEquals("tasks[3].problem_id", refused.json().get("errors").get(0).get("field").asText());
    assertEquals(before, total("problem_id=b-bad-1"));

    assertEquals(
        "extra",
        api.post("/api/v1/tasks/batch", "{\"tasks\": [{\"problem_id\": \"x\"}], \"extra\": 1}")
            .json()
            .get("errors")
            .get(0)
            .get("field")
            .asText());
    assertEquals(422, api.post("/api/v1/tasks/batch", "{\"tasks\": []}").status());
    assertEquals(422, api.post("/api/v1/tasks/batch", "[]").status());
  }

  @Test
  void listFiltersSortsAndPages() {
    String problem = "list-" + UUID.randomUUID().toString().substring(0, 8);
    for (int i = 0; i < 5; i++) {
      api.post("/api/v1/tasks", "{\"problem_id\": \"" + problem + "\", \"priority\": " + i + "}");
    }
    Reply page =
        api.get("/api/v1/tasks?problem_id=" + problem + "&sort=-priority&page=2&page_size=2");
    assertEquals(200, page.status(), page::toString);
    JsonNode json = page.json();
    assertEquals(5, json.get("total").asInt());
    assertEquals(2, json.get("page").asInt());
    assertEquals(2, json.get("page_size").asInt());
    assertEquals(2, json.get("tasks").size());
    assertEquals(2, json.get("tasks").get(0).get("priority").asInt());
    assertEquals(1, json.get("tasks").get(1).get("priority").asInt());

    Reply defaults = api.get("/api/v1/tasks?status=pending");
    assertEquals(1, defaults.json().get("page").asInt());
    assertEquals(20, defaults.json().get("page_size").asInt());
  }

  @Test
  void listRefusesValuesThatDoNotParseWith422NamingTheField() {
    assertField(api.get("/api/v1/tasks?page=abc"), "page");
    assertField(api.get("/api/v1/tasks?page=0"), "page");
    assertField(api.get("/api/v1/tasks?page=99999999999999999999"), "page");
    assertField(api.get("/api/v1/tasks?page_size=101"), "page_size");
    assertField(api.get("/api/v1/tasks?page_size=-1"), "page_size");
    assertField(api.get("/api/v1/tasks?status=PENDING"), "status");
    assertField(api.get("/api/v1/tasks?sort=name"), "sort");
  }

  @Test
  void cancelByPostOrPutCancelsAndRefusesFinishedTasksWith409() {
    String viaPost = api.submit("cancel-post");
    Reply cancelled = api.postEmpty("/api/v1/tasks/" + viaPost + "/cancel");
    assertEquals(200, cancelled.status(), cancelled::toString);
    assertEquals("cancelled", cancelled.json().get("status").asText());

    String viaPut = api.submit("cancel-put");
    Reply put = api.put("/api/v1/tasks/" + viaPut + "/cancel");
    assertEquals(200, put.status(), put::toString);
    assertEquals("cancelled", put.json().get("status").asText());

    assertProblem(
        api.postEmpty("/api/v1/tasks/" + viaPost + "/cancel"),
        409,
        "illegal-transition",
        "Task " + viaPost + " cannot be cancelled from cancelled");
    String unknown = UUID.randomUUID().toString();
    assertProblem(
        api.postEmpty("/api/v1/tasks/" + unknown + "/cancel"),
        404,
        "task-not-found",
        "Task " + unknown + " not found");
  }

  @Test
  void logsListLifecycleEntriesAndValidateTheirFilters() {
    String id = api.submit("logs");
    api.postEmpty("/api/v1/tasks/" + id + "/cancel");
    Reply logs = api.get("/api/v1/tasks/" + id + "/logs");
    assertEquals(200, logs.status(), logs::toString);
    JsonNode json = logs.json();
    assertEquals(2, json.get("total").asInt());
    JsonNode first = json.get("logs").get(0);
    assertEquals("Task created", first.get("message").asText());
    assertEquals(id, first.get("task_id").asText());
    assertEquals("info", first.get("level").asText());
    assertTrue(first.get("id").isIntegralNumber());
    assertEquals("2026-01-01T00:00:00Z", first.get("timestamp").asText());
    assertTrue(first.get("context").isObject());
    assertEquals("Task cancelled by user", json.get("logs").get(1).get("message").asText());

    Reply newest = api.get("/api/v1/tasks/" + id + "/logs?limit=1");
    assertEquals(1, newest.json().get("logs").size());
    assertEquals(2, newest.json().get("total").asInt());
    assertEquals(
        "Task cancelled by user", newest.json().get("logs").get(0).get("message").asText());

    assertField(api.get("/api/v1/tasks/" + id + "/logs?level=INFO"), "level");
    assertField(api.get("/api/v1/tasks/" + id + "/logs?limit=0"), "limit");
    assertField(api.get("/api/v1/tasks/" + id + "/logs?limit=1001"), "limit");
    assertProblem(
        api.get("/api/v1/tasks/" + UUID.randomUUID() + "/logs"), 404, "task-not-found", null);
  }

  @Test
  void statsIsRoutedAsStatisticsNotAsATaskId() {
    api.submit("stats");
    Reply stats = api.get("/api/v1/tasks/stats");
    assertEquals(200, stats.status(), stats::toString);
    JsonNode json = stats.json();
    for (String field :
        new String[] {
          "total_tasks",
          "pending_tasks",
          "running_tasks",
          "completed_tasks",
          "failed_tasks",
          "timeout_tasks",
          "cancelled_tasks",
          "avg_execution_time",
          "success_rate",
          "tasks_by_problem",
          "tasks_by_worker"
        }) {
      assertTrue(json.has(field), field);
    }
    assertTrue(json.get("total_tasks").asLong() >= 1);
    assertTrue(json.get("tasks_by_problem").get("stats").asLong() >= 1);
    assertTrue(json.get("success_rate").isNumber());
  }

  private static long total(String query) {
    return api.get("/api/v1/tasks?" + query).json().get("total").asLong();
  }

  static void assertField(Reply reply, String field) {
    assertProblem(reply, 422, "validation-failed", null);
    assertEquals(field, reply.json().get("errors").get(0).get("field").asText(), reply::toString);
    assertFalse(reply.json().get("errors").get(0).get("message").asText().isEmpty());
  }

  static void assertProblem(Reply reply, int status, String slug, String detail) {
    assertEquals(status, reply.status(), reply::toString);
    assertEquals("application/problem+json", reply.contentType(), reply::toString);
    JsonNode json = reply.json();
    assertEquals("urn:problem-type:" + slug, json.get("type").asText(), reply::toString);
    assertEquals(status, json.get("status").asInt());
    assertFalse(json.get("title").asText().isEmpty());
    assertTrue(json.get("instance").asText().startsWith("urn:uuid:"), reply::toString);
    UUID.fromString(json.get("instance").asText().substring("urn:uuid:".length()));
    if (detail != null) {
      assertEquals(detail, json.get("detail").asText());
    } else {
      assertTrue(json.get("detail").isTextual());
    }
    assertTrue(reply.header("X-Request-ID") != null, "X-Request-ID");
  }

  private static <T> java.util.List<T> iterable(java.util.Iterator<T> it) {
    var list = new java.util.ArrayList<T>();
    it.forEachRemaining(list::add);
    return list;
  }
}
