package io.aiopslab.executor.ports.engine;

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
}
