package io.aiopslab.executor.app;

import java.util.LinkedHashMap;
import java.util.Map;

/** Bodies of POST /api/v1/tasks whose run the simulated runner makes deterministic. */
final class Tasks {
  private Tasks() {}

  static Map<String, Object> simulated(String problemId, long durationMs, String outcome) {
    return simulated(problemId, durationMs, outcome, Map.of());
  }

  /** {@code parameters} are merged next to {@code simulation}, e.g. priority or backend_type. */
  static Map<String, Object> simulated(
      String problemId, long durationMs, String outcome, Map<String, Object> parameters) {
    var merged = new LinkedHashMap<String, Object>(parameters);
    merged.put("simulation", Map.of("duration_ms", durationMs, "outcome", outcome));
    return Map.of("problem_id", problemId, "parameters", merged);
  }
}
