package io.aiopslab.executor.domain.worker;

import io.aiopslab.executor.domain.DomainException;

/**
 * The worker asked for something its state does not allow: complete a task it does not hold, a
 * heartbeat naming a task it never held, busy without a task. (HTTP 409)
 */
public final class WorkerConflict extends DomainException {
  private final String workerId;

  public WorkerConflict(String workerId, String message) {
    super(message);
    this.workerId = workerId;
  }

  public String workerId() {
    return workerId;
  }
}
