package io.aiopslab.executor.domain.spi;

import io.aiopslab.executor.domain.task.TaskId;

/**
 * Wake-ups between nodes sharing a queue: new tasks are available, a task was cancelled. Delivery
 * is best-effort (polling remains the safety net); a listener must be cheap and never block.
 */
public interface QueueNotifications {

  /** Registers a listener; returns a handle that unsubscribes it. */
  AutoCloseable subscribe(Listener listener);

  interface Listener {
    /** New pending tasks exist (debounced: one call may stand for many inserts). */
    void tasksAvailable();

    /** A task was cancelled; whoever runs it should stop. */
    void taskCancelled(TaskId taskId);

    /** The notification channel was re-established after a loss: anything may have been missed. */
    default void reconnected() {
      tasksAvailable();
    }
  }
}
