package io.aiopslab.executor.domain.task;

import io.aiopslab.executor.domain.DomainException;

/** The task is not in a state that allows the requested move. (HTTP 409) */
public final class IllegalTransition extends DomainException {
  private final TaskId taskId;
  private final TaskStatus from;
  private final TaskStatus to;

  public IllegalTransition(TaskId taskId, TaskStatus from, TaskStatus to) {
    super(message(taskId, from, to));
    this.taskId = taskId;
    this.from = from;
    this.to = to;
  }

  private static String message(TaskId id, TaskStatus from, TaskStatus to) {
    if (to == TaskStatus.CANCELLED) {
      return "Task " + id + " cannot be cancelled from " + from.wireName();
    }
    return "Task " + id + " cannot move from " + from.wireName() + " to " + to.wireName();
  }

  public TaskId taskId() {
    return taskId;
  }

  public TaskStatus from() {
    return from;
  }

  public TaskStatus to() {
    return to;
  }
}
