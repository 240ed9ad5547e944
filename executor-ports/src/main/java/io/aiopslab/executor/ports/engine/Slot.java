package io.aiopslab.executor.ports.engine;

import java.util.ArrayDeque;

/**
 * One internal worker of the pool. Every field but the identity is guarded by the lock of {@link
 * Slots}: the dispatcher, the completer and the control operations each take it once per batch, not
 * per task.
 */
final class Slot {
  final int number;
  final String id;

  /** The attempt it runs; null when idle. */
  Execution execution;

  /**
   * Attempts claimed ahead for this worker (WORKER_PREFETCH), in claim order: leased and running in
   * the queue, started here one after the other. Never holds anything while {@code execution} is
   * null.
   */
  final ArrayDeque<Execution> queued = new ArrayDeque<>();

  /** Offered to the queue in a claim that has not returned yet. */
  boolean reserved;

  long tasksCompleted;
  long tasksFailed;

  Slot(int number, String id) {
    this.number = number;
    this.id = id;
  }

  boolean isFree() {
    return execution == null && !reserved;
  }

  /** How many tasks it holds: the one it runs and those claimed ahead. */
  int held() {
    return (execution == null ? 0 : 1) + queued.size();
  }

  /** How many more tasks a claim may bring this slot, holding at most {@code capacity}. */
  int room(int capacity) {
    return reserved ? 0 : capacity - held();
  }
}
