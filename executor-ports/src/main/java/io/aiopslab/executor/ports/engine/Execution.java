package io.aiopslab.executor.ports.engine;

import io.aiopslab.executor.domain.run.RunOutcome;
import io.aiopslab.executor.domain.run.RunRequest;
import io.aiopslab.executor.domain.run.StopReason;
import io.aiopslab.executor.domain.run.StopSignal;
import io.aiopslab.executor.domain.spi.TaskRunner;
import io.aiopslab.executor.domain.task.LeaseRef;
import io.aiopslab.executor.domain.task.Task;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * One attempt of one task on one slot, run on its own virtual thread: calls the runner, closes the
 * recorder and hands itself to the completer. It never writes the task's state itself.
 */
final class Execution implements Runnable {
  private static final System.Logger LOG = System.getLogger(Execution.class.getName());

  final Slot slot;
  final Task task;
  final LeaseRef lease;
  final StopSignal stop;
  final RunRequest request;
  final ExecutionRecorder recorder;
  private final TaskRunner runner;
  private final Consumer<Execution> onEnd;

  /** The deadline timer; set by the dispatcher before the thread starts, cancelled at the end. */
  volatile Future<?> deadlineTimer;

  private volatile RunOutcome outcome;

  Execution(
      Slot slot,
      Task task,
      LeaseRef lease,
      StopSignal stop,
      RunRequest request,
      ExecutionRecorder recorder,
      TaskRunner runner,
      Consumer<Execution> onEnd) {
    this.slot = slot;
    this.task = task;
    this.lease = lease;
    this.stop = stop;
    this.request = request;
    this.recorder = recorder;
    this.runner = runner;
    this.onEnd = onEnd;
  }

  @Override
  public void run() {
    RunOutcome result;
    try {
      // Stopped while it waited behind another task of its slot (cancel, lost lease, shutdown,
      // deadline): the runner never sees it.
      StopReason early = stop.reason().orElse(null);
      result = early != null ? new RunOutcome.Stopped(early) : runner.run(request, recorder);
      if (result == null) {
        result = new RunOutcome.Failed(null, "Runner " + runner.name() + " returned no outcome");
      }
    } catch (Throwable e) { // the slot must come back whatever the runner does
      LOG.log(System.Logger.Level.WARNING, "Runner failed on task " + task.id(), e);
      result = new RunOutcome.Failed(null, "Runner error: " + e);
    }
    outcome = result;
    try {
      recorder.close(success(result));
    } finally {
      onEnd.accept(this);
    }
  }

  /** Null until the runner returned. */
  RunOutcome outcome() {
    return outcome;
  }

  boolean isDone() {
    return outcome != null;
  }

  /**
   * Why the attempt ended when it was stopped: the reason the engine asked for wins over what the
   * runner reports (an interrupted runner says SHUTDOWN even when it was a timeout).
   */
  StopReason stopReason(RunOutcome.Stopped stopped) {
    return stop.reason().orElse(stopped.reason());
  }

  private static Boolean success(RunOutcome outcome) {
    return outcome instanceof RunOutcome.Succeeded;
  }

  /** Random (version 4) UUIDs without SecureRandom's lock: ids, not secrets. */
  static UUID randomUuid() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
    long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb);
  }
}
