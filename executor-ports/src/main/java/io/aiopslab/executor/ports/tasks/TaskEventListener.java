package io.aiopslab.executor.ports.tasks;

import io.aiopslab.executor.domain.task.Task;

/**
 * Lets a host service react to task state changes without polling. Called after the change is
 * durable, on the thread that made it: keep it quick and never throw (exceptions are swallowed and
 * logged). Events of other nodes sharing the database are not seen here.
 */
public interface TaskEventListener {

  default void submitted(Task task) {}

  default void started(Task task) {}

  /** The task reached a final state (completed, failed, timeout, cancelled). */
  default void finished(Task task) {}

  /** An attempt was handed back to the queue (node shutdown, lost worker). */
  default void handedBack(Task task) {}

  TaskEventListener NONE = new TaskEventListener() {};
}
