package io.aiopslab.executor.domain.log;

import io.aiopslab.executor.domain.task.TaskId;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One line of a task's log. {@code id} is assigned by the store (null before it is stored) and
 * orders entries of one task; {@code context} is free-form JSON.
 */
public record LogEntry(
    Long id,
    TaskId taskId,
    Instant timestamp,
    LogLevel level,
    String message,
    Map<String, Object> context) {

  /** Longer messages are cut, so one runaway line cannot bloat the table. */
  public static final int MAX_MESSAGE_LENGTH = 8192;

  public LogEntry {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(message, "message");
    context = context == null ? Map.of() : context;
    if (message.length() > MAX_MESSAGE_LENGTH) {
      message = message.substring(0, MAX_MESSAGE_LENGTH) + "… [truncated]";
    }
  }

  public static LogEntry of(TaskId taskId, Instant at, LogLevel level, String message) {
    return new LogEntry(null, taskId, at, level, message, Map.of());
  }
}
