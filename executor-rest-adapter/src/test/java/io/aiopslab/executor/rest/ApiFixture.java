package io.aiopslab.executor.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aiopslab.executor.domain.log.LogPage;
import io.aiopslab.executor.domain.spi.StorageUnavailable;
import io.aiopslab.executor.domain.spi.StoreProbe;
import io.aiopslab.executor.domain.task.SubmissionDefaults;
import io.aiopslab.executor.domain.task.Task;
import io.aiopslab.executor.domain.task.TaskPage;
import io.aiopslab.executor.domain.task.TaskStatistics;
import io.aiopslab.executor.domain.task.TaskSubmissionRules;
import io.aiopslab.executor.ports.conversations.ConversationQueryService;
import io.aiopslab.executor.ports.fakes.InMemoryStore;
import io.aiopslab.executor.ports.fakes.MutableClock;
import io.aiopslab.executor.ports.health.HealthService;
import io.aiopslab.executor.ports.tasks.QueryTasks;
import io.aiopslab.executor.ports.tasks.TaskEvents;
import io.aiopslab.executor.ports.tasks.TaskService;
import io.aiopslab.executor.ports.workers.LiveWorkers;
import io.aiopslab.executor.ports.workers.WorkerProtocolService;
import io.aiopslab.executor.ports.workers.WorkerQueryService;
import io.aiopslab.executor.rest.json.ObjectMappers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The API on a real Grizzly server on a free port, wired with the real services over the in-memory
 * fakes, and an HTTP/1.1 client. One per test class (tests create their own data).
 */
final class ApiFixture implements AutoCloseable {

  static final String VERSION = "9.9.9-test";
  static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(60);
  static final long BODY_LIMIT = 64 * 1024;
  static final ObjectMapper JSON = ObjectMappers.create();

  final MutableClock clock = new MutableClock();
  final InMemoryStore store = new InMemoryStore(clock);
  final AtomicBoolean databaseUp = new AtomicBoolean(true);
  final AtomicBoolean started = new AtomicBoolean(true);

  /** When set, the next task list call throws it (to see how failures are answered). */
  final AtomicReference<RuntimeException> listFailure = new AtomicReference<>();

  final FakeControlWorkers pool = new FakeControlWorkers("node-a", true, 3);
  final List<String> metrics = new CopyOnWriteArrayList<>();
  final RestServer server;
  final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  ApiFixture() {
    var events = new TaskEvents((message, e) -> {});
    var tasks =
        new TaskService(
            store.queue(),
            store.logs(),
            new TaskSubmissionRules(SubmissionDefaults.ORIGINAL),
            events);
    StoreProbe probe =
        () -> {
          if (!databaseUp.get()) {
            throw new StorageUnavailable("connection refused: SELECT 1", null);
          }
          return Duration.ofMillis(2);
        };
    var deps =
        new RestDependencies(
            tasks,
            new FailingList(tasks, listFailure),
            tasks,
            new WorkerProtocolService(
                store.queue(), store.workers(), store.logs(), events, clock, HEARTBEAT_TIMEOUT),
            new WorkerQueryService(store.workers(), store.queue(), LiveWorkers.NONE, clock),
            pool,
            new ConversationQueryService(store.conversations(), store.queue()),
            new HealthService(probe, store.queue(), store.workers(), started::get, clock, VERSION),
            () -> "# HELP up test\nup 1\n",
            (method, endpoint, status, nanos) ->
                metrics.add(method + " " + endpoint + " " + status),
            VERSION,
            BODY_LIMIT);
    server = RestServer.start("127.0.0.1", 0, RestApi.resourceConfig(deps), Duration.ofSeconds(1));
  }

  URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
  }

  Reply get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  Reply post(String path, String json) {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  Reply postEmpty(String path) {
    return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()));
  }

  Reply put(String path) {
    return send(HttpRequest.newBuilder(uri(path)).PUT(HttpRequest.BodyPublishers.noBody()));
  }

  Reply send(HttpRequest.Builder request) {
    try {
      HttpResponse<byte[]> response =
          client.send(
              request.timeout(Duration.ofSeconds(20)).build(),
              HttpResponse.BodyHandlers.ofByteArray());
      return new Reply(response);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Creates a task and returns its id. */
  String submit(String problemId) {
    Reply reply = post("/api/v1/tasks", "{\"problem_id\": \"" + problemId + "\"}");
    if (reply.status() != 201) {
      throw new AssertionError("submit failed: " + reply);
    }
    return reply.json().get("id").asText();
  }

  void registerWorker(String workerId, String backendType) {
    Reply reply =
        post(
            "/api/v1/workers/register",
            "{\"worker_id\": \"" + workerId + "\", \"backend_type\": \"" + backendType + "\"}");
    if (reply.status() != 201 && reply.status() != 200) {
      throw new AssertionError("register failed: " + reply);
    }
  }

  static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String readResource(String name) {
    try (InputStream in = ApiFixture.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    server.close();
    client.close();
  }

  record Reply(HttpResponse<byte[]> response) {
    int status() {
      return response.statusCode();
    }

    String body() {
      return new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
    }

    JsonNode json() {
      return parse(body());
    }

    String header(String name) {
      return response.headers().firstValue(name).orElse(null);
    }

    String contentType() {
      return header("Content-Type");
    }

    @Override
    public String toString() {
      return response.statusCode() + " " + body();
    }
  }

  /** QueryTasks whose list can be made to fail. */
  private record FailingList(QueryTasks delegate, AtomicReference<RuntimeException> failure)
      implements QueryTasks {
    @Override
    public Task get(String taskId) {
      return delegate.get(taskId);
    }

    @Override
    public TaskPage list(ListTasks query) {
      RuntimeException e = failure.getAndSet(null);
      if (e != null) {
        throw e;
      }
      return delegate.list(query);
    }

    @Override
    public LogPage logs(ReadTaskLogs query) {
      return delegate.logs(query);
    }

    @Override
    public TaskStatistics statistics() {
      return delegate.statistics();
    }
  }
}
