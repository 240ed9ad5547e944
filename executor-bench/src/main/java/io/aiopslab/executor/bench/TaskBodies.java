package io.aiopslab.executor.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Submission bodies as a client sends them: a no-op task is the simulated runner with {@code
 * duration_ms: 0} (returns at once, no conversation), carrying the peers' tiny payload {@code {i:
 * n}} as an extra parameter.
 */
final class TaskBodies {
  static final String NOOP_PROBLEM = "bench-noop";

  private TaskBodies() {}

  static Map<String, Object> noop(int i) {
    return Map.of(
        "problem_id",
        NOOP_PROBLEM,
        "parameters",
        Map.of("simulation", Map.of("duration_ms", 0), "i", i));
  }

  /** A task that runs {@code millis} in the simulated runner, without conversation events. */
  static Map<String, Object> sleeping(int i, long millis) {
    return Map.of(
        "problem_id",
        "bench-sleep",
        "parameters",
        Map.of("simulation", Map.of("duration_ms", millis, "conversation", false), "i", i));
  }

  /** The batch envelope {@code {"tasks": [...]}} of no-op tasks {@code from} .. {@code to - 1}. */
  static Map<String, Object> noopBatch(int from, int to) {
    var tasks = new ArrayList<Object>(to - from);
    for (int i = from; i < to; i++) {
      tasks.add(noop(i));
    }
    return Map.of("tasks", tasks);
  }

  static Map<String, Object> batch(List<Object> tasks) {
    return Map.of("tasks", tasks);
  }
}
