package io.aiopslab.executor.domain.task;

import java.util.Objects;
import java.util.UUID;

/** What a fenced operation names: this task, held under this lease token. */
public record LeaseRef(TaskId taskId, UUID token) {
  public LeaseRef {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(token, "token");
  }
}
