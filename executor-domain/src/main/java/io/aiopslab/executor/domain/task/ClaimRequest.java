package io.aiopslab.executor.domain.task;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Claim up to {@code workerIds.size()} runnable tasks, one per worker id in order, for workers of
 * {@code backendType}: a task with a backend type goes only to workers of that type, one without
 * goes to any. Highest priority first, then oldest.
 */
public record ClaimRequest(List<String> workerIds, String backendType, Duration leaseDuration) {
  public ClaimRequest {
    workerIds = List.copyOf(workerIds);
    Objects.requireNonNull(backendType, "backendType");
    Objects.requireNonNull(leaseDuration, "leaseDuration");
    if (leaseDuration.isNegative() || leaseDuration.isZero()) {
      throw new IllegalArgumentException("leaseDuration must be positive");
    }
  }

  public int limit() {
    return workerIds.size();
  }
}
