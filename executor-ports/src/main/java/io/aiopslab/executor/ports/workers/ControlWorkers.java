package io.aiopslab.executor.ports.workers;

import io.aiopslab.executor.domain.task.TaskId;
import java.util.Map;

/** Driving port: the pool of internal workers of this node (status, scale, stop, start). */
public interface ControlWorkers {

  PoolStatus status();

  /**
   * Sets the pool size; new slots start at once when the pool runs, idle surplus slots retire at
   * once, busy ones after their task.
   *
   * @param numWorkers raw value as sent; 0..MAX_INTERNAL_WORKERS, else a validation error naming
   *     {@code num_workers}
   */
  ScaleResult scale(String numWorkers);

  /** No new claims; running tasks finish. */
  PoolStatus stop();

  /** Claiming resumes. */
  PoolStatus start();

  /**
   * @param workers by worker id, in id order
   */
  record PoolStatus(boolean running, int numWorkers, Map<String, SlotState> workers) {}

  /**
   * @param status idle, busy, draining (retiring after its task) or stopped
   */
  record SlotState(String status, TaskId currentTaskId) {}

  record ScaleResult(int previousWorkers, int currentWorkers) {}
}
