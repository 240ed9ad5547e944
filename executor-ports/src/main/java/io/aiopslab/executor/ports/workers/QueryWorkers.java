package io.aiopslab.executor.ports.workers;

import io.aiopslab.executor.domain.worker.Worker;
import java.util.List;

/** Driving port: read registered workers (internal ones show their live state). */
public interface QueryWorkers {

  /** Raw filter values as sent ({@code status} must be idle|busy|offline). Sorted by id. */
  List<Worker> list(String status, String backendType);

  /**
   * @throws io.aiopslab.executor.domain.worker.WorkerNotFound unknown id
   */
  Worker get(String workerId);

  WorkerStats stats(String workerId);

  /**
   * @param averageTaskDuration mean seconds of the worker's last completed tasks (up to 100), or
   *     null
   */
  record WorkerStats(
      String workerId,
      long totalTasks,
      double successRate,
      Double averageTaskDuration,
      double uptimeSeconds,
      String currentStatus) {}
}
