package io.aiopslab.executor.domain.task;

import java.util.Objects;

/**
 * Values merged into a submission's parameters when it does not give them. The agent model is
 * resolved once at startup (first non-empty of OPENROUTER_MODEL, OPENAI_MODEL, DEFAULT_AGENT_MODEL,
 * else gpt-4).
 */
public record SubmissionDefaults(
    int maxSteps, Number timeoutMinutes, int priority, int maxAttempts, String agentModel) {

  public static final SubmissionDefaults ORIGINAL = new SubmissionDefaults(30, 30, 5, 3, "gpt-4");

  public SubmissionDefaults {
    Objects.requireNonNull(timeoutMinutes, "timeoutMinutes");
    Objects.requireNonNull(agentModel, "agentModel");
    if (maxSteps < 1 || maxSteps > 1000) {
      throw new IllegalArgumentException("DEFAULT_MAX_STEPS must be between 1 and 1000");
    }
    double minutes = timeoutMinutes.doubleValue();
    if (!(minutes > 0 && minutes <= 1440)) {
      throw new IllegalArgumentException(
          "DEFAULT_TIMEOUT_MINUTES must be greater than 0 and at most 1440");
    }
    if (priority < 0 || priority > 10) {
      throw new IllegalArgumentException("DEFAULT_PRIORITY must be between 0 and 10");
    }
    if (maxAttempts < 1 || maxAttempts > 10) {
      throw new IllegalArgumentException("DEFAULT_MAX_ATTEMPTS must be between 1 and 10");
    }
    if (agentModel.isBlank()) {
      throw new IllegalArgumentException("the default agent model must not be blank");
    }
  }
}
