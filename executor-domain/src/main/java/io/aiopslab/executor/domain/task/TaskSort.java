package io.aiopslab.executor.domain.task;

import java.util.Objects;
import java.util.Optional;

/** One sort key of the task list; ties are broken by id so pages are stable. */
public record TaskSort(Field field, boolean descending) {

  public static final TaskSort DEFAULT = new TaskSort(Field.CREATED_AT, true);

  public TaskSort {
    Objects.requireNonNull(field, "field");
  }

  public enum Field {
    CREATED_AT("created_at"),
    UPDATED_AT("updated_at"),
    STARTED_AT("started_at"),
    COMPLETED_AT("completed_at"),
    PRIORITY("priority");

    private final String wireName;

    Field(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }
  }

  /** Parses {@code created_at} or {@code -created_at}; empty for anything else. */
  public static Optional<TaskSort> parse(String text) {
    if (text == null || text.isEmpty()) {
      return Optional.empty();
    }
    boolean descending = text.startsWith("-");
    String name = descending ? text.substring(1) : text;
    for (Field field : Field.values()) {
      if (field.wireName.equals(name)) {
        return Optional.of(new TaskSort(field, descending));
      }
    }
    return Optional.empty();
  }

  public String wireName() {
    return (descending ? "-" : "") + field.wireName;
  }
}
