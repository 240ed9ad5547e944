package io.aiopslab.executor.domain.task;

import java.util.Map;
import java.util.Objects;

/**
 * Ends the attempt held under {@code lease}: to {@code completed}, {@code failed} or {@code
 * timeout}. Applied only while that lease is current (fenced); a stale one changes nothing.
 */
public record Finish(
    LeaseRef lease, TaskStatus to, Map<String, Object> result, String errorDetails) {
  public Finish {
    Objects.requireNonNull(lease, "lease");
    Objects.requireNonNull(to, "to");
    if (to != TaskStatus.COMPLETED && to != TaskStatus.FAILED && to != TaskStatus.TIMEOUT) {
      throw new IllegalArgumentException(
          "a finish ends in completed, failed or timeout, not " + to);
    }
  }

  public static Finish completed(LeaseRef lease, Map<String, Object> result) {
    return new Finish(lease, TaskStatus.COMPLETED, result, null);
  }

  public static Finish failed(LeaseRef lease, Map<String, Object> result, String errorDetails) {
    return new Finish(lease, TaskStatus.FAILED, result, errorDetails);
  }

  public static Finish timedOut(LeaseRef lease, String errorDetails) {
    return new Finish(lease, TaskStatus.TIMEOUT, null, errorDetails);
  }
}
