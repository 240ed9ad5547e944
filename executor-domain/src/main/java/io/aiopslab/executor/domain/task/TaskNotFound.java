package io.aiopslab.executor.domain.task;

import io.aiopslab.executor.domain.DomainException;

/** No task has this id. (HTTP 404) */
public final class TaskNotFound extends DomainException {
  private final String taskId;

  public TaskNotFound(String taskId) {
    super("Task " + taskId + " not found");
    this.taskId = taskId;
  }

  public TaskNotFound(TaskId taskId) {
    this(taskId.toString());
  }

  public String taskId() {
    return taskId;
  }
}
