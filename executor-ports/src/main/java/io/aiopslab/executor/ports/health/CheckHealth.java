package io.aiopslab.executor.ports.health;

import io.aiopslab.executor.domain.task.TaskStatistics;
import io.aiopslab.executor.domain.worker.WorkerCounts;
import java.time.Instant;

/** Driving port: is this node healthy, is it ready to serve. */
public interface CheckHealth {

  HealthReport health();

  /** True once migrations ran and the database answers. */
  boolean ready();

  enum Status {
    HEALTHY,
    DEGRADED,
    UNHEALTHY
  }

  /**
   * @param latencyMillis database round trip, null when it did not answer
   * @param workers null when the database did not answer
   * @param queue null when the database did not answer
   */
  record HealthReport(
      Status status,
      String version,
      Instant timestamp,
      boolean databaseConnected,
      Double latencyMillis,
      WorkerCounts workers,
      TaskStatistics queue) {}
}
