package io.aiopslab.executor.domain.task;

import java.util.List;

/** One page of tasks and the number of tasks matching the filters. */
public record TaskPage(List<Task> tasks, long total, int page, int pageSize) {
  public TaskPage {
    tasks = List.copyOf(tasks);
  }
}
