package io.aiopslab.executor.ports.workers;

import io.aiopslab.executor.domain.task.Task;
import io.aiopslab.executor.domain.worker.Worker;
import java.util.Optional;

/**
 * Driving port: the protocol spoken by workers in other processes. Bodies are JSON trees; bad
 * bodies fail with field-named validation errors; unknown workers and tasks with 404s; requests the
 * worker's state does not allow with {@link io.aiopslab.executor.domain.worker.WorkerConflict}.
 */
public interface WorkerProtocol {

  Registration register(Object body);

  HeartbeatReply heartbeat(String workerId, Object body);

  /** A task now running and owned by the worker, or empty when nothing is eligible. */
  Optional<Task> claim(String workerId);

  /** The body is the result object. */
  Task complete(String workerId, String taskId, Object body);

  /** {@code {"error": "...", ...}}: error_details = error, the whole body kept as result. */
  Task fail(String workerId, String taskId, Object body);

  /** {@code {"logs": [{"level", "message", "context"}]}}; returns how many were accepted. */
  int appendLogs(String workerId, String taskId, Object body);

  /** How long a worker may stay silent before it is offline (and its task handed back). */
  java.time.Duration heartbeatTimeout();

  record Registration(Worker worker, boolean created) {}

  record HeartbeatReply(Worker worker, boolean cancelRequested) {}
}
