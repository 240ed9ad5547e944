package io.aiopslab.executor.ports.tasks;

import io.aiopslab.executor.domain.task.Task;

/** Driving port: cancel a pending or running task (a running one is stopped wherever it runs). */
public interface CancelTask {

  /**
   * @throws io.aiopslab.executor.domain.task.TaskNotFound unknown (or non-UUID) id
   * @throws io.aiopslab.executor.domain.task.IllegalTransition the task already finished
   */
  Task cancel(String taskId);
}
