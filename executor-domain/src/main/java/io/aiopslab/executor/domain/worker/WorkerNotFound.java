package io.aiopslab.executor.domain.worker;

import io.aiopslab.executor.domain.DomainException;

/** No worker has this id. (HTTP 404) */
public final class WorkerNotFound extends DomainException {
  private final String workerId;

  public WorkerNotFound(String workerId) {
    super("Worker " + workerId + " not found");
    this.workerId = workerId;
  }

  public String workerId() {
    return workerId;
  }
}
