package io.aiopslab.executor.ports.health;

import io.aiopslab.executor.domain.spi.StorageUnavailable;
import io.aiopslab.executor.domain.spi.StoreProbe;
import io.aiopslab.executor.domain.spi.TaskQueue;
import io.aiopslab.executor.domain.spi.WorkerRegistry;
import io.aiopslab.executor.domain.task.TaskStatistics;
import io.aiopslab.executor.domain.worker.WorkerCounts;
import java.time.Clock;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Healthy when the database answers and a worker is idle or busy; degraded when none is; unhealthy
 * when the database does not answer.
 */
public final class HealthService implements CheckHealth {

  private final StoreProbe probe;
  private final TaskQueue queue;
  private final WorkerRegistry registry;
  private final BooleanSupplier started;
  private final Clock clock;
  private final String version;

  /**
   * @param started true once the node finished starting (migrations ran) and is not stopping
   */
  public HealthService(
      StoreProbe probe,
      TaskQueue queue,
      WorkerRegistry registry,
      BooleanSupplier started,
      Clock clock,
      String version) {
    this.probe = probe;
    this.queue = queue;
    this.registry = registry;
    this.started = started;
    this.clock = clock;
    this.version = version;
  }

  @Override
  public HealthReport health() {
    try {
      Duration latency = probe.ping();
      WorkerCounts workers = registry.counts();
      TaskStatistics statistics = queue.statistics();
      Status status = workers.idle() + workers.busy() > 0 ? Status.HEALTHY : Status.DEGRADED;
      return new HealthReport(
          status,
          version,
          clock.instant(),
          true,
          latency.toNanos() / 1_000_000.0,
          workers,
          statistics);
    } catch (StorageUnavailable e) {
      return new HealthReport(Status.UNHEALTHY, version, clock.instant(), false, null, null, null);
    }
  }

  @Override
  public boolean ready() {
    if (!started.getAsBoolean()) {
      return false;
    }
    try {
      probe.ping();
      return true;
    } catch (StorageUnavailable e) {
      return false;
    }
  }
}
