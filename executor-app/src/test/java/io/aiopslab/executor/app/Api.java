package io.aiopslab.executor.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

/**
 * The end-to-end tests' only way into a node: HTTP/1.1 (Grizzly drops the body of requests that try
 * an h2c upgrade) and JSON as Jackson trees.
 */
final class Api {
  static final ObjectMapper JSON = new ObjectMapper();

  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private final URI base;

  Api(URI base) {
    this.base = base;
  }

  URI base() {
    return base;
  }

  /** One response: its status, raw body and (when JSON) the parsed tree. */
  record Reply(int status, String body) {
    JsonNode json() {
      if (body == null || body.isBlank()) {
        return MissingNode.getInstance();
      }
      try {
        return JSON.readTree(body);
      } catch (JsonProcessingException e) {
        throw new AssertionError("not JSON (status " + status + "): " + body, e);
      }
    }

    /** The JSON body, after checking the status. */
    JsonNode expect(int expected) {
      if (status != expected) {
        throw new AssertionError("expected HTTP " + expected + " but got " + status + ": " + body);
      }
      return json();
    }
  }

  Reply get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  Reply post(String path, Object body) {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(write(body))));
  }

  Reply post(String path) {
    return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()));
  }

  // ---- the calls the tests make often ----

  /** POST /api/v1/tasks; returns the created task. */
  JsonNode submit(Map<String, Object> body) {
    return post("/api/v1/tasks", body).expect(201);
  }

  /** POST /api/v1/tasks/batch; returns the created tasks' ids in order. */
  List<String> submitBatch(List<Map<String, Object>> tasks) {
    JsonNode created = post("/api/v1/tasks/batch", Map.of("tasks", tasks)).expect(201);
    List<String> ids = new ArrayList<>();
    created.get("tasks").forEach(task -> ids.add(task.get("id").asText()));
    return ids;
  }

  JsonNode task(String id) {
    return get("/api/v1/tasks/" + id).expect(200);
  }

  String status(String id) {
    return task(id).get("status").asText();
  }

  /** The messages of a task's log entries, oldest first (up to 1000). */
  List<String> logMessages(String id) {
    JsonNode logs = get("/api/v1/tasks/" + id + "/logs?limit=1000").expect(200).get("logs");
    return StreamSupport.stream(logs.spliterator(), false)
        .map(entry -> entry.get("message").asText())
        .toList();
  }

  JsonNode internalStatus() {
    return get("/api/v1/workers/internal/status").expect(200);
  }

  /** Every task matching the query (e.g. {@code status=completed}), paging through the list. */
  List<JsonNode> allTasks(String query) {
    List<JsonNode> all = new ArrayList<>();
    for (int page = 1; ; page++) {
      JsonNode reply =
          get("/api/v1/tasks?page_size=100&sort=created_at&page=" + page + "&" + query).expect(200);
      reply.get("tasks").forEach(all::add);
      if (reply.get("tasks").size() < 100) {
        return all;
      }
    }
  }

  private URI uri(String path) {
    return base.resolve(path);
  }

  private static Reply send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response =
          CLIENT.send(
              request.timeout(Duration.ofSeconds(30)).build(),
              HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static String write(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
