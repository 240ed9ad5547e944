package io.aiopslab.executor.ports.workers;

import io.aiopslab.executor.domain.ValidationFailed;
import io.aiopslab.executor.domain.spi.TaskQueue;
import io.aiopslab.executor.domain.spi.WorkerRegistry;
import io.aiopslab.executor.domain.task.Task;
import io.aiopslab.executor.domain.task.TaskQuery;
import io.aiopslab.executor.domain.task.TaskSort;
import io.aiopslab.executor.domain.task.TaskStatus;
import io.aiopslab.executor.domain.worker.Worker;
import io.aiopslab.executor.domain.worker.WorkerFilter;
import io.aiopslab.executor.domain.worker.WorkerNotFound;
import io.aiopslab.executor.domain.worker.WorkerSnapshot;
import io.aiopslab.executor.domain.worker.WorkerStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Reads of the worker registry with this node's live internal state laid over it. */
public final class WorkerQueryService implements QueryWorkers {

  private final WorkerRegistry registry;
  private final TaskQueue queue;
  private final LiveWorkers live;
  private final Clock clock;

  public WorkerQueryService(
      WorkerRegistry registry, TaskQueue queue, LiveWorkers live, Clock clock) {
    this.registry = registry;
    this.queue = queue;
    this.live = live;
    this.clock = clock;
  }

  @Override
  public List<Worker> list(String status, String backendType) {
    WorkerStatus wanted = null;
    if (status != null) {
      wanted =
          WorkerStatus.fromWireName(status)
              .orElseThrow(
                  () -> ValidationFailed.of("status", "must be one of idle, busy, offline"));
    }
    Map<String, WorkerSnapshot> snapshots = live.snapshots();
    // Filter after the overlay: the registry's status of a local worker may be a tick old.
    WorkerFilter filter = new WorkerFilter(null, emptyToNull(backendType));
    final WorkerStatus filterStatus = wanted;
    return registry.list(filter).stream()
        .map(worker -> overlay(worker, snapshots))
        .filter(worker -> filterStatus == null || worker.status() == filterStatus)
        .toList();
  }

  @Override
  public Worker get(String workerId) {
    return registry
        .find(workerId)
        .map(worker -> overlay(worker, live.snapshots()))
        .orElseThrow(() -> new WorkerNotFound(workerId));
  }

  @Override
  public WorkerStats stats(String workerId) {
    Worker worker = get(workerId);
    long total = worker.tasksCompleted() + worker.tasksFailed();
    double successRate = total == 0 ? 0.0 : (double) worker.tasksCompleted() / total;
    List<Task> recent =
        queue
            .list(
                new TaskQuery(
                    TaskStatus.COMPLETED,
                    null,
                    workerId,
                    null,
                    new TaskSort(TaskSort.Field.COMPLETED_AT, true),
                    1,
                    TaskQuery.MAX_PAGE_SIZE))
            .tasks();
    Double average =
        recent.stream()
            .filter(t -> t.startedAt() != null && t.completedAt() != null)
            .mapToDouble(t -> Duration.between(t.startedAt(), t.completedAt()).toMillis() / 1000.0)
            .average()
            .stream()
            .boxed()
            .findFirst()
            .orElse(null);
    double uptime =
        Math.max(0, Duration.between(worker.registeredAt(), clock.instant()).toMillis() / 1000.0);
    return new WorkerStats(
        workerId, total, successRate, average, uptime, worker.status().wireName());
  }

  private static Worker overlay(Worker worker, Map<String, WorkerSnapshot> snapshots) {
    WorkerSnapshot snapshot = snapshots.get(worker.id());
    if (snapshot == null) {
      return worker;
    }
    return new Worker(
        worker.id(),
        worker.backendType(),
        snapshot.status(),
        worker.lastHeartbeat(),
        snapshot.currentTaskId(),
        worker.capabilities(),
        worker.metadata(),
        snapshot.tasksCompleted(),
        snapshot.tasksFailed(),
        worker.registeredAt());
  }

  private static String emptyToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }
}
