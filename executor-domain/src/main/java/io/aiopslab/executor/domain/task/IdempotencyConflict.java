package io.aiopslab.executor.domain.task;

import io.aiopslab.executor.domain.DomainException;

/** The idempotency key was used before with a different body. (HTTP 409) */
public final class IdempotencyConflict extends DomainException {
  private final String key;
  private final TaskId existing;

  public IdempotencyConflict(String key, TaskId existing) {
    super(
        "Idempotency-Key '"
            + key
            + "' was already used for task "
            + existing
            + " with a different body");
    this.key = key;
    this.existing = existing;
  }

  public String key() {
    return key;
  }

  public TaskId existing() {
    return existing;
  }
}
