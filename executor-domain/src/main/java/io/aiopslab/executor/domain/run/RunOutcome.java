package io.aiopslab.executor.domain.run;

import java.util.Map;
import java.util.Objects;

/** How one attempt ended, as the runner saw it. */
public sealed interface RunOutcome {

  /** The run finished and its evaluation says success: the task completes with {@code result}. */
  record Succeeded(Map<String, Object> result) implements RunOutcome {
    public Succeeded {
      result = result == null ? Map.of() : result;
    }
  }

  /**
   * The run finished badly (agent failed, runner exited non-zero, no result): the task fails,
   * keeping {@code result} when there is one.
   */
  record Failed(Map<String, Object> result, String errorDetails) implements RunOutcome {
    public Failed {
      Objects.requireNonNull(errorDetails, "errorDetails");
    }
  }

  /** The run was stopped on request; what happens to the task depends on why. */
  record Stopped(StopReason reason) implements RunOutcome {
    public Stopped {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
