package io.aiopslab.executor.domain.task;

import java.util.Objects;

/** A page of the task list: optional filters, one sort key, 1-based page. */
public record TaskQuery(
    TaskStatus status,
    String problemId,
    String workerId,
    String backendType,
    TaskSort sort,
    int page,
    int pageSize) {

  public static final int MAX_PAGE_SIZE = 100;

  public TaskQuery {
    Objects.requireNonNull(sort, "sort");
    if (page < 1) {
      throw new IllegalArgumentException("page must be at least 1");
    }
    if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
      throw new IllegalArgumentException("page_size must be between 1 and " + MAX_PAGE_SIZE);
    }
  }

  public static TaskQuery firstPage() {
    return new TaskQuery(null, null, null, null, TaskSort.DEFAULT, 1, 20);
  }

  public long offset() {
    return (long) (page - 1) * pageSize;
  }
}
