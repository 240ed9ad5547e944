package io.aiopslab.executor.domain.run;

import io.aiopslab.executor.domain.task.Task;
import java.util.Objects;
import java.util.UUID;

/**
 * One attempt to run: the task as claimed, who runs it, the conversation and session ids the runner
 * should report in its result, and the signal that asks it to stop.
 */
public record RunRequest(
    Task task,
    String workerId,
    int attempt,
    UUID conversationId,
    String sessionId,
    StopSignal stop) {
  public RunRequest {
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(workerId, "workerId");
    Objects.requireNonNull(conversationId, "conversationId");
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(stop, "stop");
  }
}
