package io.aiopslab.executor.domain.task;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** Identity of a task. */
public record TaskId(UUID value) {
  public TaskId {
    Objects.requireNonNull(value, "value");
  }

  public static TaskId random() {
    return new TaskId(UUID.randomUUID());
  }

  /** Parses a textual UUID; empty when the text is not one (callers answer 404, not 400). */
  public static Optional<TaskId> parse(String text) {
    if (text == null || text.length() != 36) {
      return Optional.empty();
    }
    try {
      return Optional.of(new TaskId(UUID.fromString(text)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
