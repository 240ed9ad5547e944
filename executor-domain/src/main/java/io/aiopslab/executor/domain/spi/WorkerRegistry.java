package io.aiopslab.executor.domain.spi;

import io.aiopslab.executor.domain.task.TaskId;
import io.aiopslab.executor.domain.task.TaskStatus;
import io.aiopslab.executor.domain.worker.Worker;
import io.aiopslab.executor.domain.worker.WorkerCounts;
import io.aiopslab.executor.domain.worker.WorkerFilter;
import io.aiopslab.executor.domain.worker.WorkerRegistration;
import io.aiopslab.executor.domain.worker.WorkerSnapshot;
import io.aiopslab.executor.domain.worker.WorkerStatus;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Registered workers, internal and external (driven port). Heartbeats use the store's clock. */
public interface WorkerRegistry {

  /**
   * New worker (created = true) or re-registration: backend type, capabilities and metadata are
   * replaced, counters and registered_at kept, status idle, heartbeat now.
   */
  Registered register(WorkerRegistration registration);

  Optional<Worker> find(String workerId);

  /** Sorted by id. */
  List<Worker> list(WorkerFilter filter);

  WorkerCounts counts();

  /** Records a heartbeat with the state the worker reports; returns the worker after it. */
  Worker heartbeat(String workerId, WorkerStatus status, TaskId currentTaskId);

  /** An external worker got a task: busy, current task set. */
  void assigned(String workerId, TaskId taskId);

  /**
   * A task of this worker was finalised (complete, fail, timeout, cancel, hand-back): completed
   * counts in tasks_completed, failed and timeout in tasks_failed, others in neither; if it was the
   * current task, the current task is cleared and the worker becomes idle.
   */
  void released(String workerId, TaskId taskId, TaskStatus outcome);

  /** Writes the live state of internal workers and their heartbeat, in one batch. */
  void syncInternal(Collection<WorkerSnapshot> snapshots);

  /** Marks these workers offline (e.g. retired internal slots, a node shutting down). */
  void markOffline(Collection<String> workerIds);

  /**
   * Workers that were not offline and have not sent a heartbeat for {@code timeout} become offline;
   * returns them (as they are now). Safe on several nodes at once.
   */
  List<Worker> markSilentOffline(Duration timeout);

  record Registered(Worker worker, boolean created) {}
}
