package io.aiopslab.executor.domain.task;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The right of one attempt to change a running task. Every transition after a claim is fenced on
 * (task id, token): a later claim issues a new token, so a stale attempt can never write.
 */
public record Lease(UUID token, Instant expiresAt) {
  public Lease {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }
}
