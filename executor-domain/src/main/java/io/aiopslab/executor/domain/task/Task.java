package io.aiopslab.executor.domain.task;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A task as stored. {@code parameters} are the merged parameters (defaults applied); {@code
 * priority}, {@code backendType}, {@code timeoutMinutes} and {@code maxAttempts} are copies of
 * their parameters kept as columns for the queue. {@code lease} is present only while running.
 */
public record Task(
    TaskId id,
    String problemId,
    TaskStatus status,
    Map<String, Object> parameters,
    int priority,
    String backendType,
    Number timeoutMinutes,
    String workerId,
    int attempt,
    int maxAttempts,
    Lease lease,
    Map<String, Object> result,
    String errorDetails,
    Instant createdAt,
    Instant updatedAt,
    Instant startedAt,
    Instant completedAt) {

  public Task {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(problemId, "problemId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(parameters, "parameters");
    Objects.requireNonNull(timeoutMinutes, "timeoutMinutes");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  public Optional<Lease> currentLease() {
    return Optional.ofNullable(lease);
  }

  /** The fence of the current attempt; only a running task has one. */
  public Optional<LeaseRef> leaseRef() {
    return lease == null ? Optional.empty() : Optional.of(new LeaseRef(id, lease.token()));
  }

  public Duration timeout() {
    return timeoutOf(timeoutMinutes);
  }

  /** started_at of the current attempt + timeout_minutes; empty unless started. */
  public Optional<Instant> deadline() {
    return startedAt == null ? Optional.empty() : Optional.of(startedAt.plus(timeout()));
  }

  /** "Task exceeded timeout limit of 0.05 minutes": the number as the submitter gave it. */
  public String timeoutMessage() {
    return "Task exceeded timeout limit of " + formatMinutes(timeoutMinutes) + " minutes";
  }

  public static Duration timeoutOf(Number minutes) {
    BigDecimal millis = new BigDecimal(minutes.toString()).multiply(BigDecimal.valueOf(60_000));
    return Duration.ofMillis(millis.longValue());
  }

  public static String formatMinutes(Number minutes) {
    BigDecimal value = new BigDecimal(minutes.toString()).stripTrailingZeros();
    return value.scale() <= 0 ? value.toBigInteger().toString() : value.toPlainString();
  }
}
