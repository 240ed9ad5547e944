package io.aiopslab.executor.ports.fakes;

import static io.aiopslab.executor.ports.fakes.InMemoryStore.frozen;

import io.aiopslab.executor.domain.spi.WorkerRegistry;
import io.aiopslab.executor.domain.task.TaskId;
import io.aiopslab.executor.domain.task.TaskStatus;
import io.aiopslab.executor.domain.worker.Worker;
import io.aiopslab.executor.domain.worker.WorkerCounts;
import io.aiopslab.executor.domain.worker.WorkerFilter;
import io.aiopslab.executor.domain.worker.WorkerNotFound;
import io.aiopslab.executor.domain.worker.WorkerRegistration;
import io.aiopslab.executor.domain.worker.WorkerSnapshot;
import io.aiopslab.executor.domain.worker.WorkerStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * {@link WorkerRegistry} over the {@link InMemoryStore}. Interpretations where the SPI leaves a
 * choice (the contract suite checks the same ones): going offline changes the status only (the
 * current task stays until it is released); a release never revives an offline worker; {@code
 * released} and {@code syncInternal} skip unknown workers (a task's end must not fail because its
 * worker is gone), while {@code heartbeat} and {@code assigned} throw {@link WorkerNotFound}.
 */
public final class InMemoryWorkerRegistry implements WorkerRegistry {

  private final InMemoryStore store;

  InMemoryWorkerRegistry(InMemoryStore store) {
    this.store = store;
  }

  @Override
  public Registered register(WorkerRegistration registration) {
    return store.locked(
        () -> {
          Instant now = store.now();
          Worker existing = store.workers.get(registration.workerId());
          var worker =
              new Worker(
                  registration.workerId(),
                  registration.backendType(),
                  WorkerStatus.IDLE,
                  now,
                  null,
                  frozen(registration.capabilities()),
                  frozen(registration.metadata()),
                  existing == null ? 0 : existing.tasksCompleted(),
                  existing == null ? 0 : existing.tasksFailed(),
                  existing == null ? now : existing.registeredAt());
          store.workers.put(worker.id(), worker);
          return new Registered(worker, existing == null);
        });
  }

  @Override
  public Optional<Worker> find(String workerId) {
    return store.locked(() -> Optional.ofNullable(store.workers.get(workerId)));
  }

  @Override
  public List<Worker> list(WorkerFilter filter) {
    return store.locked(
        () ->
            store.workers.values().stream() // a TreeMap: sorted by id
                .filter(w -> filter.status() == null || w.status() == filter.status())
                .filter(
                    w ->
                        filter.backendType() == null
                            || filter.backendType().equals(w.backendType()))
                .toList());
  }

  @Override
  public WorkerCounts counts() {
    return store.locked(
        () -> {
          long idle = 0;
          long busy = 0;
          long offline = 0;
          for (Worker worker : store.workers.values()) {
            switch (worker.status()) {
              case IDLE -> idle++;
              case BUSY -> busy++;
              case OFFLINE -> offline++;
            }
          }
          return new WorkerCounts(idle, busy, offline);
        });
  }

  @Override
  public Worker heartbeat(String workerId, WorkerStatus status, TaskId currentTaskId) {
    return store.locked(
        () -> {
          Worker worker = require(workerId);
          var after =
              with(
                  worker,
                  status,
                  currentTaskId,
                  store.now(),
                  worker.tasksCompleted(),
                  worker.tasksFailed());
          store.workers.put(workerId, after);
          return after;
        });
  }

  @Override
  public void assigned(String workerId, TaskId taskId) {
    store.lockedRun(
        () -> {
          Worker worker = require(workerId);
          store.workers.put(
              workerId,
              with(
                  worker,
                  WorkerStatus.BUSY,
                  taskId,
                  worker.lastHeartbeat(),
                  worker.tasksCompleted(),
                  worker.tasksFailed()));
        });
  }

  @Override
  public void released(String workerId, TaskId taskId, TaskStatus outcome) {
    store.lockedRun(
        () -> {
          Worker worker = store.workers.get(workerId);
          if (worker == null) {
            return;
          }
          long completed = worker.tasksCompleted() + (outcome == TaskStatus.COMPLETED ? 1 : 0);
          long failed =
              worker.tasksFailed()
                  + (outcome == TaskStatus.FAILED || outcome == TaskStatus.TIMEOUT ? 1 : 0);
          boolean wasCurrent = taskId.equals(worker.currentTaskId());
          WorkerStatus status =
              wasCurrent && worker.status() != WorkerStatus.OFFLINE
                  ? WorkerStatus.IDLE
                  : worker.status();
          store.workers.put(
              workerId,
              with(
                  worker,
                  status,
                  wasCurrent ? null : worker.currentTaskId(),
                  worker.lastHeartbeat(),
                  completed,
                  failed));
        });
  }

  @Override
  public void syncInternal(Collection<WorkerSnapshot> snapshots) {
    store.lockedRun(
        () -> {
          Instant now = store.now();
          for (WorkerSnapshot snapshot : snapshots) {
            Worker worker = store.workers.get(snapshot.workerId());
            if (worker != null) {
              store.workers.put(
                  worker.id(),
                  with(
                      worker,
                      snapshot.status(),
                      snapshot.currentTaskId(),
                      now,
                      snapshot.tasksCompleted(),
                      snapshot.tasksFailed()));
            }
          }
        });
  }

  @Override
  public void markOffline(Collection<String> workerIds) {
    store.lockedRun(
        () -> {
          for (String workerId : workerIds) {
            Worker worker = store.workers.get(workerId);
            if (worker != null) {
              store.workers.put(workerId, offline(worker));
            }
          }
        });
  }

  @Override
  public List<Worker> markSilentOffline(Duration timeout) {
    return store.locked(
        () -> {
          Instant now = store.now();
          var silenced = new ArrayList<Worker>();
          for (Worker worker : List.copyOf(store.workers.values())) {
            if (worker.status() != WorkerStatus.OFFLINE
                && !worker.lastHeartbeat().plus(timeout).isAfter(now)) {
              Worker after = offline(worker);
              store.workers.put(after.id(), after);
              silenced.add(after);
            }
          }
          return silenced;
        });
  }

  private Worker require(String workerId) {
    Worker worker = store.workers.get(workerId);
    if (worker == null) {
      throw new WorkerNotFound(workerId);
    }
    return worker;
  }

  private static Worker offline(Worker worker) {
    return with(
        worker,
        WorkerStatus.OFFLINE,
        worker.currentTaskId(),
        worker.lastHeartbeat(),
        worker.tasksCompleted(),
        worker.tasksFailed());
  }

  private static Worker with(
      Worker worker,
      WorkerStatus status,
      TaskId currentTaskId,
      Instant lastHeartbeat,
      long tasksCompleted,
      long tasksFailed) {
    return new Worker(
        worker.id(),
        worker.backendType(),
        status,
        lastHeartbeat,
        currentTaskId,
        worker.capabilities(),
        worker.metadata(),
        tasksCompleted,
        tasksFailed,
        worker.registeredAt());
  }
}
