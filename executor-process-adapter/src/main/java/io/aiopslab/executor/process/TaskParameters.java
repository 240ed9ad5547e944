package io.aiopslab.executor.process;

import io.aiopslab.executor.domain.task.Task;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the few task parameters the runners need. Parameters are free-form JSON trees (numbers may
 * be {@code Long}, {@code Integer}, {@code Double}, ...), already validated at submission for the
 * known keys; anything else is checked here and reported as {@link IllegalArgumentException}.
 */
final class TaskParameters {

  /** The submission default of {@code max_steps}; used only when a task somehow lacks it. */
  static final int DEFAULT_MAX_STEPS = 30;

  private TaskParameters() {}

  static int maxSteps(Task task) {
    return integer(task.parameters(), "max_steps", "parameters.max_steps")
        .map(Math::toIntExact)
        .orElse(DEFAULT_MAX_STEPS);
  }

  static Map<String, Object> agentConfig(Task task) {
    return object(task.parameters(), "agent_config", "parameters.agent_config").orElse(Map.of());
  }

  /** {@code agent_config.model}, or empty when absent or blank. */
  static Optional<String> model(Task task) {
    return agentConfig(task).get("model") instanceof String model && !model.isBlank()
        ? Optional.of(model)
        : Optional.empty();
  }

  @SuppressWarnings("unchecked")
  static Optional<Map<String, Object>> object(Map<String, Object> map, String key, String field) {
    Object value = map.get(key);
    if (value == null) {
      return Optional.empty();
    }
    if (value instanceof Map<?, ?> object) {
      return Optional.of((Map<String, Object>) object);
    }
    throw new IllegalArgumentException(field + " must be an object");
  }

  /** An integral number (10 and 10.0 both give 10); empty when absent or null. */
  static Optional<Long> integer(Map<String, Object> map, String key, String field) {
    Object value = map.get(key);
    if (value == null) {
      return Optional.empty();
    }
    if (value instanceof Number number) {
      try {
        return Optional.of(new BigDecimal(number.toString()).longValueExact());
      } catch (ArithmeticException | NumberFormatException e) {
        // falls through to the error below
      }
    }
    throw new IllegalArgumentException(field + " must be an integer");
  }

  static Optional<String> string(Map<String, Object> map, String key, String field) {
    Object value = map.get(key);
    if (value == null) {
      return Optional.empty();
    }
    if (value instanceof String text) {
      return Optional.of(text);
    }
    throw new IllegalArgumentException(field + " must be a string");
  }

  static Optional<Boolean> bool(Map<String, Object> map, String key, String field) {
    Object value = map.get(key);
    if (value == null) {
      return Optional.empty();
    }
    if (value instanceof Boolean flag) {
      return Optional.of(flag);
    }
    throw new IllegalArgumentException(field + " must be a boolean");
  }
}
