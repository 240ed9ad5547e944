package io.aiopslab.executor.ports.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.aiopslab.executor.domain.json.Json;
import io.aiopslab.executor.domain.task.NewTask;
import io.aiopslab.executor.domain.task.SubmissionDefaults;
import io.aiopslab.executor.domain.task.Task;
import io.aiopslab.executor.domain.task.TaskId;
import io.aiopslab.executor.domain.task.TaskSubmissionRules;
import io.aiopslab.executor.domain.worker.Worker;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Inputs and orders the contract suites share. Submissions go through the real {@link
 * TaskSubmissionRules}, so every adapter is tested with tasks shaped as the service would store.
 *
 * <p>Durations are short because a database adapter really waits for them: a short lease expires
 * after {@link #PAST_SHORT_LEASE}, a long lease never does within a test.
 */
final class ContractSamples {

  static final Duration SHORT_LEASE = Duration.ofMillis(300);
  static final Duration PAST_SHORT_LEASE = Duration.ofMillis(500);
  static final Duration LONG_LEASE = Duration.ofSeconds(60);

  /** A step between two writes so that their timestamps differ, even at microsecond precision. */
  static final Duration TICK = Duration.ofMillis(3);

  static final String BACKEND = "orchestrator";

  /** 0.005 minutes = 300 ms: a deadline a test can pass. */
  static final double SHORT_TIMEOUT_MINUTES = 0.005;

  static final TaskSubmissionRules RULES = new TaskSubmissionRules(SubmissionDefaults.ORIGINAL);

  /** PostgreSQL's uuid order (unsigned bytes), used where ties are broken by id. */
  static final Comparator<UUID> UUID_ORDER =
      Comparator.comparing(UUID::getMostSignificantBits, Long::compareUnsigned)
          .thenComparing(UUID::getLeastSignificantBits, Long::compareUnsigned);

  static final Comparator<TaskId> TASK_ID_ORDER = Comparator.comparing(TaskId::value, UUID_ORDER);

  private ContractSamples() {}

  static NewTask task(String problemId) {
    return task(problemId, Map.of());
  }

  static NewTask task(String problemId, Map<String, Object> parameters) {
    var body = new LinkedHashMap<String, Object>();
    body.put("problem_id", problemId);
    body.put("parameters", parameters);
    return RULES.single(body, null);
  }

  static NewTask task(String problemId, int priority) {
    return task(problemId, Map.of("priority", priority));
  }

  static NewTask idempotent(String problemId, String key, Map<String, Object> parameters) {
    var body = new LinkedHashMap<String, Object>();
    body.put("problem_id", problemId);
    body.put("parameters", parameters);
    return RULES.single(body, key);
  }

  /**
   * Field by field, with JSON trees compared as JSON values: a store that keeps them as JSON may
   * hand back 30 as a Long where it was given an Integer.
   */
  static void assertSameTask(Task expected, Task actual) {
    assertEquals(
        describe(expected), describe(actual), "task " + expected.id() + " as stored and as read");
  }

  static void assertSameWorker(Worker expected, Worker actual) {
    assertEquals(describe(expected), describe(actual), "worker " + expected.id());
  }

  private static String describe(Task t) {
    return String.join(
        " | ",
        String.valueOf(t.id()),
        t.problemId(),
        t.status().wireName(),
        Json.canonical(t.parameters()),
        String.valueOf(t.priority()),
        String.valueOf(t.backendType()),
        new BigDecimal(t.timeoutMinutes().toString()).stripTrailingZeros().toPlainString(),
        String.valueOf(t.workerId()),
        String.valueOf(t.attempt()),
        String.valueOf(t.maxAttempts()),
        String.valueOf(t.lease()),
        Json.canonical(t.result()),
        String.valueOf(t.errorDetails()),
        String.valueOf(t.createdAt()),
        String.valueOf(t.updatedAt()),
        String.valueOf(t.startedAt()),
        String.valueOf(t.completedAt()));
  }

  private static String describe(Worker w) {
    return String.join(
        " | ",
        w.id(),
        w.backendType(),
        w.status().wireName(),
        String.valueOf(w.lastHeartbeat()),
        String.valueOf(w.currentTaskId()),
        Json.canonical(w.capabilities()),
        Json.canonical(w.metadata()),
        String.valueOf(w.tasksCompleted()),
        String.valueOf(w.tasksFailed()),
        String.valueOf(w.registeredAt()));
  }
}
