package io.aiopslab.executor.ports.contract;

import io.aiopslab.executor.domain.task.NewTask;
import io.aiopslab.executor.domain.task.SubmissionDefaults;
import io.aiopslab.executor.domain.task.TaskId;
import io.aiopslab.executor.domain.task.TaskSubmissionRules;
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
}
