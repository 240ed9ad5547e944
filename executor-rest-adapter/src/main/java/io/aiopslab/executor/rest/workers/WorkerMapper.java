package io.aiopslab.executor.rest.workers;

import static io.aiopslab.executor.rest.json.Wire.object;
import static io.aiopslab.executor.rest.json.Wire.text;
import static io.aiopslab.executor.rest.json.Wire.time;

import io.aiopslab.executor.domain.worker.Worker;
import io.aiopslab.executor.ports.workers.ControlWorkers;
import io.aiopslab.executor.ports.workers.QueryWorkers;
import io.aiopslab.executor.ports.workers.WorkerProtocol;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Workers, their statistics, protocol replies and the internal pool as the JSON of API.md. */
public final class WorkerMapper {
  private WorkerMapper() {}

  public static Map<String, Object> worker(Worker worker) {
    var json = object();
    json.put("id", worker.id());
    json.put("backend_type", worker.backendType());
    json.put("status", worker.status().wireName());
    json.put("last_heartbeat", time(worker.lastHeartbeat()));
    json.put("current_task_id", text(worker.currentTaskId()));
    json.put("capabilities", worker.capabilities());
    json.put("metadata", worker.metadata());
    json.put("tasks_completed", worker.tasksCompleted());
    json.put("tasks_failed", worker.tasksFailed());
    json.put("registered_at", time(worker.registeredAt()));
    return json;
  }

  public static Map<String, Object> list(List<Worker> workers) {
    var json = object();
    json.put("workers", workers.stream().map(WorkerMapper::worker).toList());
    json.put("total", workers.size());
    return json;
  }

  public static Map<String, Object> registration(
      WorkerProtocol.Registration registration, Duration heartbeatTimeout) {
    Map<String, Object> json = worker(registration.worker());
    long millis = heartbeatTimeout.toMillis();
    json.put("heartbeat_timeout_seconds", millis % 1000 == 0 ? millis / 1000 : millis / 1000.0);
    return json;
  }

  public static Map<String, Object> heartbeat(WorkerProtocol.HeartbeatReply reply) {
    Map<String, Object> json = worker(reply.worker());
    json.put("cancel_requested", reply.cancelRequested());
    return json;
  }

  public static Map<String, Object> stats(QueryWorkers.WorkerStats stats) {
    var json = object();
    json.put("worker_id", stats.workerId());
    json.put("total_tasks", stats.totalTasks());
    json.put("success_rate", stats.successRate());
    json.put("average_task_duration", stats.averageTaskDuration());
    json.put("uptime_seconds", stats.uptimeSeconds());
    json.put("current_status", stats.currentStatus());
    return json;
  }

  public static Map<String, Object> logsAccepted(int accepted) {
    var json = object();
    json.put("status", "accepted");
    json.put("accepted", accepted);
    return json;
  }

  public static Map<String, Object> poolStatus(ControlWorkers.PoolStatus status) {
    var workers = object();
    status
        .workers()
        .forEach(
            (id, slot) -> {
              var json = object();
              json.put("status", slot.status());
              json.put("current_task_id", text(slot.currentTaskId()));
              workers.put(id, json);
            });
    var json = object();
    json.put("running", status.running());
    json.put("num_workers", status.numWorkers());
    json.put("workers", workers);
    return json;
  }

  public static Map<String, Object> scaled(ControlWorkers.ScaleResult result) {
    var json = object();
    json.put("previous_workers", result.previousWorkers());
    json.put("current_workers", result.currentWorkers());
    json.put("status", "scaled");
    return json;
  }

  public static Map<String, Object> stopped(ControlWorkers.PoolStatus status) {
    var json = object();
    json.put("status", "stopped");
    json.put(
        "message",
        "Internal workers stopped claiming; running tasks finish ("
            + status.numWorkers()
            + " workers kept)");
    return json;
  }

  public static Map<String, Object> started(ControlWorkers.PoolStatus status) {
    var json = object();
    json.put("status", "started");
    json.put("workers", status.numWorkers());
    return json;
  }
}
