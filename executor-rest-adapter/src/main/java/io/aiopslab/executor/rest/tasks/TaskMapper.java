package io.aiopslab.executor.rest.tasks;

import static io.aiopslab.executor.rest.json.Wire.object;
import static io.aiopslab.executor.rest.json.Wire.sorted;
import static io.aiopslab.executor.rest.json.Wire.text;
import static io.aiopslab.executor.rest.json.Wire.time;

import io.aiopslab.executor.domain.log.LogEntry;
import io.aiopslab.executor.domain.log.LogPage;
import io.aiopslab.executor.domain.task.Task;
import io.aiopslab.executor.domain.task.TaskPage;
import io.aiopslab.executor.domain.task.TaskStatistics;
import io.aiopslab.executor.domain.task.TaskStatus;
import java.util.List;
import java.util.Map;

/** Tasks, their pages, logs and statistics as the JSON of API.md. */
public final class TaskMapper {
  private TaskMapper() {}

  public static Map<String, Object> task(Task task) {
    var json = object();
    json.put("id", task.id().toString());
    json.put("problem_id", task.problemId());
    json.put("status", task.status().wireName());
    json.put("parameters", task.parameters());
    json.put("priority", task.priority());
    json.put("worker_id", task.workerId());
    json.put("attempt", task.attempt());
    json.put("max_attempts", task.maxAttempts());
    json.put("result", task.result());
    json.put("error_details", task.errorDetails());
    json.put("created_at", time(task.createdAt()));
    json.put("updated_at", time(task.updatedAt()));
    json.put("started_at", time(task.startedAt()));
    json.put("completed_at", time(task.completedAt()));
    return json;
  }

  public static Map<String, Object> tasks(List<Task> tasks) {
    var json = object();
    json.put("tasks", tasks.stream().map(TaskMapper::task).toList());
    return json;
  }

  public static Map<String, Object> page(TaskPage page) {
    var json = tasks(page.tasks());
    json.put("total", page.total());
    json.put("page", page.page());
    json.put("page_size", page.pageSize());
    return json;
  }

  public static Map<String, Object> logs(LogPage page) {
    var json = object();
    json.put("logs", page.logs().stream().map(TaskMapper::log).toList());
    json.put("total", page.total());
    return json;
  }

  static Map<String, Object> log(LogEntry entry) {
    var json = object();
    json.put("id", entry.id());
    json.put("task_id", text(entry.taskId()));
    json.put("timestamp", time(entry.timestamp()));
    json.put("level", entry.level().wireName());
    json.put("message", entry.message());
    json.put("context", entry.context());
    return json;
  }

  /** {@code /api/v1/tasks/stats}: timeouts count against the success rate, 0.0 when empty. */
  public static Map<String, Object> statistics(TaskStatistics stats) {
    var json = object();
    json.put("total_tasks", stats.total());
    json.put("pending_tasks", stats.count(TaskStatus.PENDING));
    json.put("running_tasks", stats.count(TaskStatus.RUNNING));
    json.put("completed_tasks", stats.count(TaskStatus.COMPLETED));
    json.put("failed_tasks", stats.count(TaskStatus.FAILED));
    json.put("timeout_tasks", stats.count(TaskStatus.TIMEOUT));
    json.put("cancelled_tasks", stats.count(TaskStatus.CANCELLED));
    json.put("avg_execution_time", stats.averageExecutionSeconds());
    json.put("success_rate", stats.taskSuccessRate());
    json.put("tasks_by_problem", sorted(stats.tasksByProblem()));
    json.put("tasks_by_worker", sorted(stats.tasksByWorker()));
    return json;
  }
}
