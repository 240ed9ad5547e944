package io.aiopslab.executor.ports.engine;

import io.aiopslab.executor.domain.run.StopReason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Stops executions at their deadline (started_at of the attempt + timeout_minutes) with one
 * scheduler thread for the whole node. The lease keeper also compares deadlines with the clock on
 * every tick, which covers clock adjustments.
 */
final class Deadlines {
  private final Clock clock;
  private final ScheduledThreadPoolExecutor scheduler;

  Deadlines(Clock clock) {
    this.clock = clock;
    this.scheduler =
        new ScheduledThreadPoolExecutor(
            1, r -> Thread.ofPlatform().name("executor-deadlines").daemon(true).unstarted(r));
    scheduler.setRemoveOnCancelPolicy(true); // most executions end long before their deadline
    scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
  }

  /** Arms the deadline of a new execution (stops it at once when it is already past). */
  void arm(Execution execution) {
    Instant deadline = execution.task.deadline().orElse(null);
    if (deadline == null) {
      return;
    }
    long delayNanos = Duration.between(clock.instant(), deadline).toNanos();
    if (delayNanos <= 0) {
      execution.stop.stop(StopReason.TIMED_OUT);
      return;
    }
    execution.deadlineTimer =
        scheduler.schedule(
            () -> execution.stop.stop(StopReason.TIMED_OUT), delayNanos, TimeUnit.NANOSECONDS);
  }

  void disarm(Execution execution) {
    Future<?> timer = execution.deadlineTimer;
    if (timer != null) {
      timer.cancel(false);
    }
  }

  /** Stops the execution if the clock says its deadline passed. */
  void check(Execution execution) {
    execution
        .task
        .deadline()
        .filter(deadline -> !clock.instant().isBefore(deadline))
        .ifPresent(deadline -> execution.stop.stop(StopReason.TIMED_OUT));
  }

  void stop() {
    scheduler.shutdownNow();
  }
}
