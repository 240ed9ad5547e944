package io.aiopslab.executor.ports.tasks;

import io.aiopslab.executor.domain.log.LogPage;
import io.aiopslab.executor.domain.task.Task;
import io.aiopslab.executor.domain.task.TaskPage;
import io.aiopslab.executor.domain.task.TaskStatistics;

/** Driving port: read tasks, their logs and the queue's statistics. */
public interface QueryTasks {

  /**
   * @throws io.aiopslab.executor.domain.task.TaskNotFound also for an id that is not a UUID
   */
  Task get(String taskId);

  /** Raw query values as sent; bad values fail with a field-named validation error. */
  TaskPage list(ListTasks query);

  LogPage logs(ReadTaskLogs query);

  TaskStatistics statistics();

  record ListTasks(
      String status,
      String problemId,
      String workerId,
      String backendType,
      String sort,
      String page,
      String pageSize) {
    public static ListTasks firstPage() {
      return new ListTasks(null, null, null, null, null, null, null);
    }
  }

  record ReadTaskLogs(String taskId, String level, String limit) {}
}
