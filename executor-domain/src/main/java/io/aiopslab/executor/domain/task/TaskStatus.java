package io.aiopslab.executor.domain.task;

import java.util.Locale;
import java.util.Optional;

/** Where a task is in its life; the wire name is the lower-case name. */
public enum TaskStatus {
  PENDING,
  RUNNING,
  COMPLETED,
  FAILED,
  TIMEOUT,
  CANCELLED;

  private final String wireName = name().toLowerCase(Locale.ROOT);

  public String wireName() {
    return wireName;
  }

  /** A final task never moves again. */
  public boolean isFinal() {
    return this != PENDING && this != RUNNING;
  }

  /** Exact, case-sensitive match of a wire name. */
  public static Optional<TaskStatus> fromWireName(String text) {
    for (TaskStatus status : values()) {
      if (status.wireName.equals(text)) {
        return Optional.of(status);
      }
    }
    return Optional.empty();
  }
}
