package io.aiopslab.executor.postgres;

import io.aiopslab.executor.domain.task.NewTask;
import io.aiopslab.executor.domain.task.SubmissionDefaults;
import io.aiopslab.executor.domain.task.TaskSubmissionRules;
import java.util.LinkedHashMap;
import java.util.Map;

/** Valid submissions for the integration tests, built by the real submission rules. */
final class Samples {

  static final TaskSubmissionRules RULES = new TaskSubmissionRules(SubmissionDefaults.ORIGINAL);

  private Samples() {}

  static NewTask task(String problemId) {
    return task(problemId, Map.of());
  }

  static NewTask task(String problemId, Map<String, Object> parameters) {
    return RULES.single(body(problemId, parameters), null);
  }

  static NewTask withPriority(String problemId, int priority) {
    return task(problemId, Map.of("priority", priority));
  }

  static NewTask forBackend(String problemId, String backendType) {
    return task(problemId, Map.of("backend_type", backendType));
  }

  static NewTask idempotent(String problemId, String key, Map<String, Object> parameters) {
    return RULES.single(body(problemId, parameters), key);
  }

  static Map<String, Object> body(String problemId, Map<String, Object> parameters) {
    var body = new LinkedHashMap<String, Object>();
    body.put("problem_id", problemId);
    body.put("parameters", new LinkedHashMap<>(parameters));
    return body;
  }
}
