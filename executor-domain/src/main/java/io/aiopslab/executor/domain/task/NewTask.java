package io.aiopslab.executor.domain.task;

import java.util.Map;
import java.util.Objects;

/**
 * A validated submission, ready to store as a pending task. Built only by {@link
 * TaskSubmissionRules}, so its parameters are merged and checked.
 *
 * @param idempotency present when the caller sent an {@code Idempotency-Key}
 */
public record NewTask(
    TaskId id,
    String problemId,
    Map<String, Object> parameters,
    int priority,
    String backendType,
    Number timeoutMinutes,
    int maxAttempts,
    Idempotency idempotency) {

  public NewTask {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(problemId, "problemId");
    Objects.requireNonNull(parameters, "parameters");
    Objects.requireNonNull(timeoutMinutes, "timeoutMinutes");
  }

  public NewTask withIdempotency(Idempotency idempotency) {
    return new NewTask(
        id, problemId, parameters, priority, backendType, timeoutMinutes, maxAttempts, idempotency);
  }

  /**
   * The key the caller sent and the canonical fingerprint of the body it came with: the same key
   * with an equal body returns the first task, with another body is a conflict.
   */
  public record Idempotency(String key, String bodyFingerprint) {
    public static final int MAX_KEY_LENGTH = 255;

    public Idempotency {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(bodyFingerprint, "bodyFingerprint");
    }
  }
}
