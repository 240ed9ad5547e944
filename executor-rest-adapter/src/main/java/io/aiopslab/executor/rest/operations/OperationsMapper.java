package io.aiopslab.executor.rest.operations;

import static io.aiopslab.executor.rest.json.Wire.object;
import static io.aiopslab.executor.rest.json.Wire.time;

import io.aiopslab.executor.domain.task.TaskStatistics;
import io.aiopslab.executor.domain.task.TaskStatus;
import io.aiopslab.executor.domain.worker.WorkerCounts;
import io.aiopslab.executor.ports.health.CheckHealth;
import java.util.Map;

/** The operational endpoints' JSON: root, health, queue statistics. */
public final class OperationsMapper {
  private OperationsMapper() {}

  public static Map<String, Object> root(String version) {
    var json = object();
    json.put("name", "AIOpsLab Task Execution API");
    json.put("version", version);
    json.put("docs", "/openapi.json");
    json.put("health", "/health");
    return json;
  }

  /**
   * The same members whatever the status; when the database does not answer, {@code workers} and
   * {@code queue} are null (unknown, not zero).
   */
  public static Map<String, Object> health(CheckHealth.HealthReport report) {
    var database = object();
    database.put("connected", report.databaseConnected());
    database.put("latency_ms", report.latencyMillis());
    var json = object();
    json.put("status", report.status().name().toLowerCase(java.util.Locale.ROOT));
    json.put("version", report.version());
    json.put("timestamp", time(report.timestamp()));
    json.put("database", database);
    json.put("workers", report.workers() == null ? null : workers(report.workers()));
    json.put("queue", report.queue() == null ? null : statusCounts(report.queue()));
    return json;
  }

  static Map<String, Object> workers(WorkerCounts counts) {
    var json = object();
    json.put("total", counts.total());
    json.put("idle", counts.idle());
    json.put("busy", counts.busy());
    json.put("offline", counts.offline());
    return json;
  }

  static Map<String, Object> statusCounts(TaskStatistics stats) {
    var json = object();
    for (TaskStatus status : TaskStatus.values()) {
      json.put(status.wireName(), stats.count(status));
    }
    return json;
  }

  /** {@code /queue/stats}: its own success rate (timeouts excluded, null when undefined). */
  public static Map<String, Object> queueStatistics(TaskStatistics stats) {
    Map<String, Object> json = statusCounts(stats);
    json.put("total", stats.total());
    json.put("success_rate", stats.queueSuccessRate());
    json.put("average_wait_time", stats.averageWaitSeconds());
    json.put("average_execution_time", stats.averageExecutionSeconds());
    return json;
  }
}
