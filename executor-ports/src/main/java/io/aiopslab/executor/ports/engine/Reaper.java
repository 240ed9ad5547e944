package io.aiopslab.executor.ports.engine;

import io.aiopslab.executor.domain.spi.TaskQueue;
import io.aiopslab.executor.domain.spi.WorkerRegistry;
import io.aiopslab.executor.domain.task.LeaseRef;
import io.aiopslab.executor.domain.task.Task;
import io.aiopslab.executor.domain.worker.Worker;
import io.aiopslab.executor.ports.tasks.TaskEvents;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Cleans up after workers that are gone, on every node (the queue and registry operations are safe
 * concurrently): hands back or fails tasks whose lease expired, times out overdue tasks nobody
 * runs, marks silent workers offline and hands their tasks back, and deletes finished tasks past
 * retention, each in small batches.
 */
final class Reaper {
  static final int BATCH = 500;
  static final int MAX_BATCHES_PER_ROUND = 20;
  private static final System.Logger LOG = System.getLogger(Reaper.class.getName());

  private final TaskQueue queue;
  private final WorkerRegistry registry;
  private final TaskEvents events;
  private final Clock clock;
  private final EngineSettings settings;
  private final Predicate<String> ownWorker;
  private final BackgroundLoop loop;

  Reaper(
      TaskQueue queue,
      WorkerRegistry registry,
      TaskEvents events,
      Clock clock,
      EngineSettings settings,
      Predicate<String> ownWorker) {
    this.queue = queue;
    this.registry = registry;
    this.events = events;
    this.clock = clock;
    this.settings = settings;
    this.ownWorker = ownWorker;
    this.loop = new BackgroundLoop("executor-reaper", interval(settings), this::round);
  }

  /**
   * How often the reaper looks: the timeout check interval, but at least every lease renewal
   * interval (lease/3), so that a crashed node's tasks move at most about lease + lease/3 after its
   * last renewal (15 s + 5 s with the defaults), not lease + the check interval (25 s).
   */
  static Duration interval(EngineSettings settings) {
    Duration check = settings.timeoutCheckInterval();
    Duration renew = settings.renewInterval();
    return renew.compareTo(check) < 0 ? renew : check;
  }

  void start() {
    loop.start();
  }

  void stop() {
    loop.stop();
  }

  /** One round of every check; each check survives the failure of another. */
  void round() {
    // Overdue first: an attempt past its deadline ends as timeout rather than being retried.
    step("time out overdue tasks", () -> release(repeat(queue::timeOutOverdue)));
    step("reap expired leases", () -> release(repeat(queue::reapExpiredLeases)));
    step("hand back tasks of silent workers", this::silentWorkers);
    step("delete finished tasks past retention", this::retention);
  }

  private void silentWorkers() {
    for (Worker worker : registry.markSilentOffline(settings.heartbeatTimeout())) {
      List<LeaseRef> held =
          queue.runningOf(worker.id()).stream().flatMap(t -> t.leaseRef().stream()).toList();
      if (held.isEmpty()) {
        continue;
      }
      LOG.log(
          System.Logger.Level.WARNING,
          "Worker {0} went silent; handing back {1} tasks",
          worker.id(),
          held.size());
      List<Task> changed =
          queue.handBack(held, "worker " + worker.id() + " stopped sending heartbeats");
      for (Task task : changed) {
        registry.released(worker.id(), task.id(), task.status());
      }
      events.changed(changed);
    }
  }

  private void retention() {
    Instant cutoff = clock.instant().minus(settings.retention());
    int deleted = 0;
    for (int i = 0; i < MAX_BATCHES_PER_ROUND; i++) {
      int n = queue.deleteFinishedBefore(cutoff, BATCH);
      deleted += n;
      if (n < BATCH) {
        break;
      }
    }
    if (deleted > 0) {
      LOG.log(
          System.Logger.Level.INFO, "Deleted {0} finished tasks older than {1}", deleted, cutoff);
    }
  }

  private List<Task> repeat(java.util.function.IntFunction<List<Task>> operation) {
    List<Task> all = new ArrayList<>();
    for (int i = 0; i < MAX_BATCHES_PER_ROUND; i++) {
      List<Task> batch = operation.apply(BATCH);
      all.addAll(batch);
      if (batch.size() < BATCH) {
        break;
      }
    }
    return all;
  }

  /** External workers' counters and current task follow their tasks; ours are kept in memory. */
  private void release(List<Task> changed) {
    if (changed.isEmpty()) {
      return;
    }
    LOG.log(System.Logger.Level.INFO, "Reaper moved {0} tasks of lost workers", changed.size());
    for (Task task : changed) {
      if (task.workerId() != null && !ownWorker.test(task.workerId())) {
        registry.released(task.workerId(), task.id(), task.status());
      }
    }
    events.changed(changed);
  }

  private static void step(String what, Runnable step) {
    try {
      step.run();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "Reaper could not " + what + "; retrying next round", e);
    }
  }
}
