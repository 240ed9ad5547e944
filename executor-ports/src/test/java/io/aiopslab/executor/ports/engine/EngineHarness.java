package io.aiopslab.executor.ports.engine;

import static org.junit.jupiter.api.Assertions.fail;

import io.aiopslab.executor.domain.spi.QueueNotifications;
import io.aiopslab.executor.domain.task.NewTask;
import io.aiopslab.executor.domain.task.SubmissionDefaults;
import io.aiopslab.executor.domain.task.Task;
import io.aiopslab.executor.domain.task.TaskId;
import io.aiopslab.executor.domain.task.TaskStatus;
import io.aiopslab.executor.domain.task.TaskSubmissionRules;
import io.aiopslab.executor.ports.Polling;
import io.aiopslab.executor.ports.fakes.InMemoryStore;
import io.aiopslab.executor.ports.tasks.TaskEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** A worker pool over the in-memory store with a scripted runner, and ways to wait on it. */
final class EngineHarness implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(5);
  static final TaskSubmissionRules RULES = new TaskSubmissionRules(SubmissionDefaults.ORIGINAL);

  /** Short real intervals: lease 300 ms (renewed every 100 ms); polling and reaping rare. */
  static EngineSettings settings(int workers) {
    return EngineSettings.defaults("node-a", "1.2.3", 4242)
        .withNumWorkers(workers)
        .withMaxWorkers(Math.max(8, workers))
        .withTimings(Duration.ofMillis(300), Duration.ofSeconds(30), Duration.ofSeconds(30), WAIT);
  }

  final InMemoryStore store = new InMemoryStore();
  final ScriptedRunner runner = new ScriptedRunner();
  final TaskEvents events = new TaskEvents((message, e) -> {});
  final WorkerPool pool;

  EngineHarness(EngineSettings settings) {
    this(settings, null, WorkerPool.Tuning.DEFAULT);
  }

  EngineHarness(
      EngineSettings settings, QueueNotifications notifications, WorkerPool.Tuning tuning) {
    pool =
        new WorkerPool(
            settings,
            store.queue(),
            store.workers(),
            store.logs(),
            store.conversations(),
            notifications == null ? store.notifications() : notifications,
            runner,
            events,
            store.clock(),
            tuning);
  }

  EngineHarness open() {
    pool.open();
    return this;
  }

  Task submit(Map<String, Object> parameters) {
    return submit("problem-1", parameters);
  }

  Task submit(String problemId, Map<String, Object> parameters) {
    return store.queue().submit(List.of(newTask(problemId, parameters))).getFirst();
  }

  List<Task> submitMany(int count, Map<String, Object> parameters) {
    List<NewTask> tasks = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      tasks.add(newTask("problem-" + i, parameters));
    }
    return store.queue().submit(tasks);
  }

  static NewTask newTask(String problemId, Map<String, Object> parameters) {
    return RULES.single(body(problemId, parameters), null);
  }

  /** A submit body as a client sends it. */
  static Map<String, Object> body(String problemId, Map<String, Object> parameters) {
    var body = new LinkedHashMap<String, Object>();
    body.put("problem_id", problemId);
    body.put("parameters", parameters);
    return body;
  }

  Task task(TaskId id) {
    return store.queue().find(id).orElseThrow();
  }

  Task awaitStatus(TaskId id, TaskStatus status) {
    await(() -> task(id).status() == status, "task " + id + " to be " + status.wireName());
    return task(id);
  }

  void awaitStarted(TaskId id) {
    await(() -> runner.hasStarted(id), "task " + id + " to start");
  }

  static void await(BooleanSupplier condition, String what) {
    await(condition, what, WAIT);
  }

  static void await(BooleanSupplier condition, String what, Duration within) {
    Polling.until(condition, what, within);
  }

  /** Checks that {@code condition} holds all along {@code duration} (for "nothing happens"). */
  static void assertStays(BooleanSupplier condition, String what, Duration duration) {
    long deadline = System.nanoTime() + duration.toNanos();
    while (System.nanoTime() < deadline) {
      if (!condition.getAsBoolean()) {
        fail("expected all along: " + what);
      }
      Polling.step();
    }
  }

  @Override
  public void close() {
    pool.shutdown(Duration.ZERO);
  }
}
