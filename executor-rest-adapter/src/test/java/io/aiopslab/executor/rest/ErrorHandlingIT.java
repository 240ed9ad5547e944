package io.aiopslab.executor.rest;

import static io.aiopslab.executor.rest.TaskApiIT.assertField;
import static io.aiopslab.executor.rest.TaskApiIT.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aiopslab.executor.domain.spi.StorageUnavailable;
import io.aiopslab.executor.rest.ApiFixture.Reply;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Hostile and broken requests: every one gets its problem, none a stack trace. */
class ErrorHandlingIT {
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
  void emptyBodyIs400() {
    assertProblem(api.post("/api/v1/tasks", ""), 400, "malformed-json", null);
    assertProblem(api.post("/api/v1/tasks", "  \n "), 400, "malformed-json", null);
  }

  @Test
  void invalidJsonAndTrailingGarbageAre400() {
    assertProblem(api.post("/api/v1/tasks", "{\"problem_id\": "), 400, "malformed-json", null);
    assertProblem(api.post("/api/v1/tasks", "{'problem_id': 'x'}"), 400, "malformed-json", null);
    assertProblem(
        api.post("/api/v1/tasks", "{\"problem_id\": \"x\"} trailing"), 400, "malformed-json", null);
    assertProblem(
        api.post("/api/v1/tasks", "{\"problem_id\": \"x\"}{}"), 400, "malformed-json", null);
    assertProblem(api.post("/api/v1/tasks", "NaN"), 400, "malformed-json", null);
  }

  @Test
  void duplicateKeysAre400() {
    assertProblem(
        api.post("/api/v1/tasks", "{\"problem_id\": \"a\", \"problem_id\": \"b\"}"),
        400,
        "malformed-json",
        null);
  }

  @Test
  void deeplyNestedJsonIs400WithoutHurtingTheServer() {
    String deep = "[".repeat(100_000) + "]".repeat(100_000);
    assertProblem(api.post("/api/v1/tasks", deep), 413, "payload-too-large", null);
    String nested =
        "{\"problem_id\": \"x\", \"parameters\": {\"metadata\": "
            + "{\"a\":".repeat(500)
            + "1"
            + "}".repeat(500)
            + "}}";
    assertProblem(api.post("/api/v1/tasks", nested), 400, "malformed-json", null);
    String fine =
        "{\"problem_id\": \"x\", \"parameters\": {\"metadata\": "
            + "{\"a\":".repeat(50)
            + "1"
            + "}".repeat(50)
            + "}}";
    assertEquals(201, api.post("/api/v1/tasks", fine).status());
  }

  @Test
  void validJsonOfTheWrongShapeIs422() {
    assertField(api.post("/api/v1/tasks", "[]"), "body");
    assertField(api.post("/api/v1/tasks", "\"text\""), "body");
    assertField(api.post("/api/v1/tasks", "null"), "body");
    assertField(api.post("/api/v1/tasks", "{}"), "problem_id");
    assertField(api.post("/api/v1/tasks", "{\"problem_id\": 123}"), "problem_id");
    assertField(api.post("/api/v1/tasks", "{\"problem_id\": \"x\", \"unknown\": 1}"), "unknown");
    assertField(
        api.post("/api/v1/tasks", "{\"problem_id\": \"x\", \"parameters\": {\"max_steps\": 10.5}}"),
        "parameters.max_steps");
    assertField(
        api.post(
            "/api/v1/tasks", "{\"problem_id\": \"x\", \"parameters\": {\"max_steps\": \"10\"}}"),
        "parameters.max_steps");
    assertField(
        api.post("/api/v1/tasks", "{\"problem_id\": \"x\", \"parameters\": {\"priority\": -1}}"),
        "parameters.priority");
    assertField(api.post("/api/v1/tasks", "{\"problem_id\": \"x\", \"priority\": 11}"), "priority");
    assertField(api.post("/api/v1/tasks", "{\"problem_id\": \"bad id!\"}"), "problem_id");
    assertField(
        api.post("/api/v1/tasks", "{\"problem_id\": \"x\", \"parameters\": []}"), "parameters");
  }

  @Test
  void hugeAndOverflowingNumbersAre422NotCrashes() {
    assertField(
        api.post(
            "/api/v1/tasks",
            "{\"problem_id\": \"x\", \"parameters\": {\"max_steps\": 99999999999999999999999999}}"),
        "parameters.max_steps");
    assertField(
        api.post(
            "/api/v1/tasks",
            "{\"problem_id\": \"x\", \"parameters\": {\"timeout_minutes\": 1e400}}"),
        "parameters.timeout_minutes");
    assertField(
        api.post("/api/v1/tasks", "{\"problem_id\": \"x\", \"priority\": -9223372036854775809}"),
        "priority");
    // A huge number in a free-form parameter is kept as it was sent.
    Reply kept =
        api.post(
            "/api/v1/tasks",
            "{\"problem_id\": \"x\", \"parameters\": {\"big\": 123456789012345678901234567890}}");
    assertEquals(201, kept.status(), kept::toString);
    assertEquals(
        "123456789012345678901234567890", kept.json().get("parameters").get("big").toString());
  }

  @Test
  void unicodeAndLongStringsAreHandled() {
    Reply unicode =
        api.post(
            "/api/v1/tasks",
            "{\"problem_id\": \"x\", \"parameters\": {\"note\": \"héllo ✓ 漢字 \\ud83d\\ude00\"}}");
    assertEquals(201, unicode.status(), unicode::toString);
    assertEquals("héllo ✓ 漢字 😀", unicode.json().get("parameters").get("note").asText());
    assertField(api.post("/api/v1/tasks", "{\"problem_id\": \"ｘ漢字\"}"), "problem_id");
    assertField(
        api.post("/api/v1/tasks", "{\"problem_id\": \"" + "a".repeat(256) + "\"}"), "problem_id");
    assertEquals(
        201, api.post("/api/v1/tasks", "{\"problem_id\": \"" + "a".repeat(255) + "\"}").status());
  }

  @Test
  void bodiesOverTheLimitAre413WithAndWithoutContentLength() {
    String big =
        "{\"problem_id\": \"x\", \"parameters\": {\"blob\": \""
            + "a".repeat((int) ApiFixture.BODY_LIMIT)
            + "\"}}";
    assertProblem(api.post("/api/v1/tasks", big), 413, "payload-too-large", null);
    Reply chunked =
        api.send(
            HttpRequest.newBuilder(api.uri("/api/v1/tasks"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8)))));
    assertProblem(chunked, 413, "payload-too-large", null);
    // The server still answers afterwards.
    assertEquals(200, api.get("/api/v1/tasks/stats").status());
  }

  @Test
  void wrongContentTypeIs415() {
    Reply reply =
        api.send(
            HttpRequest.newBuilder(api.uri("/api/v1/tasks"))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{\"problem_id\": \"x\"}")));
    assertProblem(reply, 415, "unsupported-media-type", null);
    Reply form =
        api.send(
            HttpRequest.newBuilder(api.uri("/api/v1/workers/register"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("worker_id=w")));
    assertProblem(form, 415, "unsupported-media-type", null);
  }

  @Test
  void jsonWithACharsetIsAccepted() {
    Reply reply =
        api.send(
            HttpRequest.newBuilder(api.uri("/api/v1/tasks"))
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString("{\"problem_id\": \"charset\"}")));
    assertEquals(201, reply.status(), reply::toString);
  }

  @Test
  void unknownRouteIs404AndWrongMethodIs405() {
    assertProblem(api.get("/api/v1/nothing-here"), 404, "route-not-found", null);
    assertProblem(api.get("/api/v2/tasks"), 404, "route-not-found", null);
    Reply wrongMethod = api.send(HttpRequest.newBuilder(api.uri("/api/v1/tasks/stats")).DELETE());
    assertProblem(wrongMethod, 405, "method-not-allowed", null);
    assertNotNull(wrongMethod.header("Allow"));
    assertTrue(wrongMethod.header("Allow").contains("GET"), wrongMethod.header("Allow"));
    assertProblem(api.put("/api/v1/tasks"), 405, "method-not-allowed", null);
  }

  @Test
  void storageUnavailableIs503WithoutInternals() {
    api.listFailure.set(
        new StorageUnavailable(
            "SELECT * FROM tasks failed", new IllegalStateException("connection reset")));
    Reply reply = api.get("/api/v1/tasks");
    assertProblem(reply, 503, "storage-unavailable", null);
    assertFalse(reply.body().contains("SELECT"), reply.body());
    assertFalse(reply.body().contains("connection reset"), reply.body());
  }

  @Test
  void unexpectedErrorsAre500WithAnInstanceAndNoStackTrace() {
    api.listFailure.set(new IllegalStateException("secret internal state at com.example.Foo"));
    Reply reply = api.get("/api/v1/tasks");
    assertProblem(reply, 500, "internal-error", null);
    assertFalse(reply.body().contains("secret"), reply.body());
    assertFalse(reply.body().contains("com.example"), reply.body());
    assertFalse(reply.body().contains("at io.aiopslab"), reply.body());
  }

  @Test
  void everyResponseCarriesARequestIdEchoedWhenSane() {
    Reply echoed =
        api.send(
            HttpRequest.newBuilder(api.uri("/api/v1/tasks/stats"))
                .header("X-Request-ID", "client-req-42")
                .GET());
    assertEquals("client-req-42", echoed.header("X-Request-ID"));

    Reply insane =
        api.send(
            HttpRequest.newBuilder(api.uri("/api/v1/tasks/stats"))
                .header("X-Request-ID", "evil value\twith spaces " + "x".repeat(300))
                .GET());
    UUID.fromString(insane.header("X-Request-ID"));

    UUID.fromString(api.get("/api/v1/tasks/stats").header("X-Request-ID"));
    UUID.fromString(api.get("/no/such/route").header("X-Request-ID"));
    UUID.fromString(api.post("/api/v1/tasks", "").header("X-Request-ID"));
  }

  @Test
  void nonUuidAndOddPathIdsAre404() {
    assertProblem(api.get("/api/v1/tasks/%20"), 404, "task-not-found", null);
    assertProblem(api.get("/api/v1/tasks/" + "9".repeat(5000)), 404, "task-not-found", null);
    assertProblem(
        api.get("/api/v1/tasks/" + UUID.randomUUID().toString().toUpperCase()),
        404,
        "task-not-found",
        null);
  }
}
