package io.aiopslab.executor.domain.conversation;

import io.aiopslab.executor.domain.task.TaskId;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The LLM conversation of one attempt of a task (summary fields; messages are rows of their own).
 * {@code endedAt}, {@code success} stay null until the attempt ends.
 */
public record Conversation(
    UUID id,
    TaskId taskId,
    String sessionId,
    Instant startedAt,
    Instant endedAt,
    String modelName,
    long totalMessages,
    long totalTokens,
    Boolean success,
    Map<String, Object> llmConfig,
    Map<String, Object> metadata) {

  public Conversation {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(startedAt, "startedAt");
    llmConfig = llmConfig == null ? Map.of() : llmConfig;
    metadata = metadata == null ? Map.of() : metadata;
  }
}
