package io.aiopslab.executor.bench;

import io.aiopslab.executor.domain.run.RunEvents;
import io.aiopslab.executor.domain.run.RunOutcome;
import io.aiopslab.executor.domain.run.RunRequest;
import io.aiopslab.executor.domain.spi.TaskRunner;
import io.aiopslab.executor.domain.task.TaskId;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts how often each task's run was entered, to report duplicate executions: a task run more
 * than once by this node (which the queue's claim must rule out).
 */
final class CountingRunner implements TaskRunner {
  private final TaskRunner delegate;
  private final ConcurrentHashMap<TaskId, AtomicInteger> runs = new ConcurrentHashMap<>();
  private final LongAdder duplicates = new LongAdder();

  CountingRunner(TaskRunner delegate) {
    this.delegate = delegate;
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public RunOutcome run(RunRequest request, RunEvents events) {
    if (runs.computeIfAbsent(request.task().id(), id -> new AtomicInteger()).incrementAndGet()
        > 1) {
      duplicates.increment();
    }
    return delegate.run(request, events);
  }

  /** Runs beyond the first, over all tasks. */
  long duplicates() {
    return duplicates.sum();
  }

  /** Distinct tasks run. */
  int tasksRun() {
    return runs.size();
  }
}
