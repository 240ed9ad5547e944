package io.aiopslab.executor.process;

import io.aiopslab.executor.domain.task.Task;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link SimulatedTaskRunner} does for one task, read from {@code parameters.simulation}:
 *
 * <pre>{@code
 * "simulation": {"duration_ms": 2000, "outcome": "success|failure|error|hang", "steps": 5,
 *                "conversation": true}
 * }</pre>
 *
 * Every key is optional. {@code steps} defaults to {@code min(max_steps, 5)} and is capped at
 * {@code max_steps}; {@code conversation} (full per-step events) defaults to true unless the
 * duration is zero.
 */
record Simulation(Duration duration, Outcome outcome, int steps, boolean conversation) {

  /** The simulated steps of a run without {@code simulation.steps}, when max_steps allows. */
  static final int DEFAULT_STEPS = 5;

  enum Outcome {
    SUCCESS,
    FAILURE,
    ERROR,
    HANG;

    static Outcome parse(String text) {
      for (Outcome outcome : values()) {
        if (outcome.name().toLowerCase(Locale.ROOT).equals(text)) {
          return outcome;
        }
      }
      throw new IllegalArgumentException(
          "parameters.simulation.outcome must be one of success, failure, error, hang");
    }
  }

  Simulation {
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(outcome, "outcome");
    if (duration.isNegative()) {
      throw new IllegalArgumentException("duration must not be negative");
    }
    if (steps < 1) {
      throw new IllegalArgumentException("steps must be at least 1");
    }
  }

  /**
   * Reads the simulation of {@code task}; throws {@link IllegalArgumentException} naming the field.
   */
  static Simulation of(Task task, Duration defaultDuration) {
    Map<String, Object> spec =
        TaskParameters.object(task.parameters(), "simulation", "parameters.simulation")
            .orElse(Map.of());
    long millis =
        TaskParameters.integer(spec, "duration_ms", "parameters.simulation.duration_ms")
            .orElse(defaultDuration.toMillis());
    if (millis < 0) {
      throw new IllegalArgumentException("parameters.simulation.duration_ms must be >= 0");
    }
    Outcome outcome =
        TaskParameters.string(spec, "outcome", "parameters.simulation.outcome")
            .map(Outcome::parse)
            .orElse(Outcome.SUCCESS);
    int maxSteps = Math.max(1, TaskParameters.maxSteps(task));
    long steps =
        TaskParameters.integer(spec, "steps", "parameters.simulation.steps")
            .orElse((long) Math.min(maxSteps, DEFAULT_STEPS));
    if (steps < 1) {
      throw new IllegalArgumentException("parameters.simulation.steps must be >= 1");
    }
    boolean conversation =
        TaskParameters.bool(spec, "conversation", "parameters.simulation.conversation")
            .orElse(millis > 0);
    return new Simulation(
        Duration.ofMillis(millis), outcome, (int) Math.min(steps, maxSteps), conversation);
  }

  /** Prompt tokens of step {@code step} (1-based): deterministic, growing like a real history. */
  static long inTokens(int step) {
    return 900L + 150L * step;
  }

  static long outTokens(int step) {
    return 60L + 15L * step;
  }

  long totalInTokens() {
    long total = 0;
    for (int step = 1; step <= steps; step++) {
      total += inTokens(step);
    }
    return total;
  }

  long totalOutTokens() {
    long total = 0;
    for (int step = 1; step <= steps; step++) {
      total += outTokens(step);
    }
    return total;
  }
}
