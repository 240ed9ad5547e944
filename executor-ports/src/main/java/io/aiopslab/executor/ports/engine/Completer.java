package io.aiopslab.executor.ports.engine;

import io.aiopslab.executor.domain.run.RunOutcome;
import io.aiopslab.executor.domain.spi.TaskQueue;
import io.aiopslab.executor.domain.task.Finish;
import io.aiopslab.executor.domain.task.LeaseRef;
import io.aiopslab.executor.domain.task.Task;
import io.aiopslab.executor.domain.task.TaskId;
import io.aiopslab.executor.domain.task.TaskStatus;
import io.aiopslab.executor.ports.tasks.TaskEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Records how attempts ended, in batches: ended executions queue up here, a free thread (of two)
 * writes everything pending with one {@link TaskQueue#finishAndClaim} that also refills the slots
 * it frees (and one {@link TaskQueue#handBack} for attempts stopped by shutdown), then starts the
 * new tasks; the dispatcher is woken only when the queue ran short. Batching, and one commit per
 * batch instead of a finish and a claim, is what lets a node finish thousands of short tasks per
 * second.
 *
 * <p>How an outcome maps: succeeded → completed with its result; failed → failed, result kept;
 * stopped for timeout → timeout (the queue writes the "Task timed out" entry); stopped for shutdown
 * → handed back; stopped because of a cancel or a lost lease → nothing, the task is no longer ours
 * to write.
 */
final class Completer {
  static final String SHUTDOWN_REASON = "node shutting down";
  private static final System.Logger LOG = System.getLogger(Completer.class.getName());

  private final TaskQueue queue;
  private final Slots slots;
  private final OutputBuffer buffer;
  private final Deadlines deadlines;
  private final TaskEvents events;
  private final Runnable slotsFreed;
  private final Supplier<Dispatcher> dispatcher;
  private final Consumer<List<String>> retired;
  private final ConcurrentLinkedQueue<Execution> ended = new ConcurrentLinkedQueue<>();

  /**
   * Two threads, so that one batch can be written while the results of the other are processed (and
   * ends that arrive meanwhile need not wait): the database and the JVM work at the same time. Each
   * takes what is pending when it runs, so no execution is in two batches.
   */
  private final List<BackgroundLoop> loops;

  Completer(
      TaskQueue queue,
      Slots slots,
      OutputBuffer buffer,
      Deadlines deadlines,
      TaskEvents events,
      Runnable slotsFreed,
      Supplier<Dispatcher> dispatcher,
      Consumer<List<String>> retired) {
    this.queue = queue;
    this.slots = slots;
    this.buffer = buffer;
    this.deadlines = deadlines;
    this.events = events;
    this.slotsFreed = slotsFreed;
    this.dispatcher = dispatcher;
    this.retired = retired;
    this.loops =
        List.of(
            new BackgroundLoop("executor-completer-1", Duration.ofMillis(200), this::drain),
            new BackgroundLoop("executor-completer-2", Duration.ofMillis(200), this::drain));
  }

  void start() {
    loops.forEach(BackgroundLoop::start);
  }

  /** Stops the threads, then records whatever ended meanwhile. */
  void stop() {
    loops.forEach(BackgroundLoop::stop);
    drain();
  }

  /** Called by an execution's thread when its runner returned. */
  void ended(Execution execution) {
    ended.add(execution);
    loops.forEach(BackgroundLoop::wake); // a busy one runs again later; an idle one takes it now
  }

  /** Records every ended execution pending now. */
  void drain() {
    List<Execution> batch = new ArrayList<>();
    for (Execution execution; (execution = ended.poll()) != null; ) {
      batch.add(execution);
    }
    if (batch.isEmpty()) {
      return;
    }
    // The attempts' own log lines go before the queue's lifecycle entries.
    buffer.flush();
    List<Finish> finishes = new ArrayList<>(batch.size());
    List<LeaseRef> handBacks = new ArrayList<>();
    for (Execution execution : batch) {
      switch (execution.outcome()) {
        case RunOutcome.Succeeded s -> finishes.add(Finish.completed(execution.lease, s.result()));
        case RunOutcome.Failed f ->
            finishes.add(Finish.failed(execution.lease, f.result(), f.errorDetails()));
        case RunOutcome.Stopped stopped -> {
          switch (execution.stopReason(stopped)) {
            case TIMED_OUT ->
                finishes.add(Finish.timedOut(execution.lease, execution.task.timeoutMessage()));
            case SHUTDOWN -> handBacks.add(execution.lease);
            case CANCELLED, LEASE_LOST -> {}
          }
        }
      }
    }
    // The slots of this batch are free now; those that may claim again are refilled by the same
    // statement that records the ends (one round trip and one commit per batch, not two).
    Slots.Handover handover = slots.handOver(batch);
    if (!handover.retired().isEmpty()) {
      retired.accept(handover.retired());
    }
    Dispatcher dispatcher = this.dispatcher.get();
    List<Slot> reserved = handover.reserved();
    List<Task> changed = new ArrayList<>(finishes.size());
    Map<TaskId, TaskStatus> applied = new HashMap<>();
    List<Task> claimed = List.of();
    // On a store failure the tasks stay running under leases nobody renews: the reaper of some
    // node hands them back once the leases expire, so nothing is stranded.
    if (!finishes.isEmpty() || !reserved.isEmpty()) {
      try {
        TaskQueue.Cycle cycle = queue.finishAndClaim(finishes, dispatcher.claimFor(reserved));
        Map<TaskId, Execution> byTask = new HashMap<>();
        batch.forEach(execution -> byTask.put(execution.task.id(), execution));
        Map<TaskId, Finish> finishOf = new HashMap<>();
        finishes.forEach(finish -> finishOf.put(finish.lease().taskId(), finish));
        for (TaskQueue.Ended ended : cycle.ended()) {
          Execution execution = byTask.get(ended.id());
          changed.add(ended.applyTo(execution.task, finishOf.get(ended.id()).result()));
          applied.put(ended.id(), ended.status()); // hand-backs count in neither counter
        }
        claimed = cycle.claimed();
      } catch (RuntimeException e) {
        LOG.log(
            System.Logger.Level.ERROR,
            "Could not record " + finishes.size() + " finished tasks; their leases will expire",
            e);
      }
    }
    if (!handBacks.isEmpty()) {
      try {
        changed.addAll(queue.handBack(handBacks, SHUTDOWN_REASON));
      } catch (RuntimeException e) {
        LOG.log(
            System.Logger.Level.ERROR,
            "Could not hand back " + handBacks.size() + " tasks; their leases will expire",
            e);
      }
    }
    for (Execution execution : batch) {
      deadlines.disarm(execution);
    }
    slots.count(batch, applied);
    dispatcher.launch(reserved, claimed);
    if (claimed.size() < reserved.size()) {
      slotsFreed.run(); // the queue ran short (or the store failed): the dispatcher takes over
    }
    events.changed(changed);
  }
}
