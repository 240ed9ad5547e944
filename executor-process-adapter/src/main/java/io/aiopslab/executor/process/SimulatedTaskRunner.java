package io.aiopslab.executor.process;

import io.aiopslab.executor.domain.log.LogLevel;
import io.aiopslab.executor.domain.run.RunEvents;
import io.aiopslab.executor.domain.run.RunOutcome;
import io.aiopslab.executor.domain.run.RunRequest;
import io.aiopslab.executor.domain.run.StopReason;
import io.aiopslab.executor.domain.run.StopSignal;
import io.aiopslab.executor.domain.spi.TaskRunner;
import io.aiopslab.executor.domain.task.Task;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The default runner: an AIOpsLab-shaped fake backend, deterministic from the task (see {@link
 * Simulation} for {@code parameters.simulation}). It runs on the caller's thread and waits on the
 * {@link StopSignal} (never a sleep loop), so a stop ends it at once.
 *
 * <p>What it reports, in order:
 *
 * <ul>
 *   <li>always: {@code conversationConfig(agent_config.model, agent_config)} (when the task has a
 *       model; submission always sets one);
 *   <li>with {@code conversation} (the default when the duration is not zero): one info log
 *       "Simulated AIOpsLab run started", the system prompt (role {@code system}, metadata {@code
 *       step 0, type system}), then per step k, spread evenly over the duration: an observation
 *       (role {@code user}, type {@code observation}), an action (role {@code assistant}, type
 *       {@code action}), an info log "Step k/n: action", progress {@code {step, of}} and the
 *       cumulative {@code tokensUsed}; finally one log with the outcome;
 *   <li>without it (duration 0): only {@code tokensUsed}, plus one log line when the outcome is a
 *       failure or an error — a successful instant run is a true no-op, so that draining a queue of
 *       instant tasks costs a few small objects per task, no thread and no log write.
 * </ul>
 *
 * <p>Outcomes: {@code success} → {@link RunOutcome.Succeeded}; {@code failure} → {@link
 * RunOutcome.Failed} keeping the result ({@code success: false}); {@code error} → {@link
 * RunOutcome.Failed} without a result; {@code hang} → runs until stopped. Invalid simulation
 * parameters fail the run with a message naming the field.
 */
public final class SimulatedTaskRunner implements TaskRunner {

  /** Duration of a task without {@code simulation.duration_ms}. */
  public static final Duration DEFAULT_DURATION = Duration.ofSeconds(2);

  private static final Duration FOREVER = Duration.ofDays(365);

  private final Duration defaultDuration;

  public SimulatedTaskRunner() {
    this(DEFAULT_DURATION);
  }

  /** {@code defaultDuration} applies to tasks without {@code simulation.duration_ms}. */
  public SimulatedTaskRunner(Duration defaultDuration) {
    Objects.requireNonNull(defaultDuration, "defaultDuration");
    if (defaultDuration.isNegative()) {
      throw new IllegalArgumentException("defaultDuration must not be negative");
    }
    this.defaultDuration = defaultDuration;
  }

  @Override
  public String name() {
    return "simulated";
  }

  @Override
  public RunOutcome run(RunRequest request, RunEvents events) {
    Task task = request.task();
    Simulation simulation;
    Map<String, Object> agentConfig;
    try {
      simulation = Simulation.of(task, defaultDuration);
      agentConfig = TaskParameters.agentConfig(task);
    } catch (IllegalArgumentException | ArithmeticException e) {
      return new RunOutcome.Failed(null, "Invalid simulation parameters: " + e.getMessage());
    }
    if (request.stop().isStopped()) {
      return stopped(request.stop());
    }
    TaskParameters.model(task).ifPresent(model -> events.conversationConfig(model, agentConfig));
    try {
      return simulation.conversation()
          ? runWithConversation(request, simulation, events)
          : runInstant(request, simulation, events);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new RunOutcome.Stopped(request.stop().reason().orElse(StopReason.SHUTDOWN));
    }
  }

  private RunOutcome runInstant(RunRequest request, Simulation simulation, RunEvents events)
      throws InterruptedException {
    if (!simulation.duration().isZero() && request.stop().await(simulation.duration())) {
      return stopped(request.stop());
    }
    events.tokensUsed(simulation.totalInTokens() + simulation.totalOutTokens());
    return finish(request, simulation, events, 0);
  }

  private RunOutcome runWithConversation(
      RunRequest request, Simulation simulation, RunEvents events) throws InterruptedException {
    Task task = request.task();
    StopSignal stop = request.stop();
    int steps = simulation.steps();
    events.log(
        LogLevel.INFO,
        "Simulated AIOpsLab run started",
        ordered(
            "problem_id", task.problemId(),
            "steps", steps,
            "duration_ms", simulation.duration().toMillis(),
            "outcome", simulation.outcome().name().toLowerCase(java.util.Locale.ROOT)));
    events.message("system", systemPrompt(task, steps), ordered("step", 0, "type", "system"));
    int messages = 1;
    long tokens = 0;
    long startNanos = System.nanoTime();
    long durationNanos = simulation.duration().toNanos();
    for (int step = 1; step <= steps; step++) {
      long dueNanos = startNanos + durationNanos / steps * step;
      if (waitUntil(stop, dueNanos)) {
        return stopped(stop);
      }
      String action = action(task, step, steps, simulation.outcome());
      events.message(
          "user", observation(task, step, steps), ordered("step", step, "type", "observation"));
      events.message("assistant", action, ordered("step", step, "type", "action"));
      messages += 2;
      events.log(LogLevel.INFO, "Step " + step + "/" + steps + ": " + action, Map.of("step", step));
      events.progress(ordered("step", step, "of", steps));
      tokens += Simulation.inTokens(step) + Simulation.outTokens(step);
      events.tokensUsed(tokens);
    }
    return finish(request, simulation, events, messages);
  }

  /** Waits for the stop signal until {@code dueNanos}; true when it fired. */
  private static boolean waitUntil(StopSignal stop, long dueNanos) throws InterruptedException {
    long remaining = dueNanos - System.nanoTime();
    return remaining > 0 ? stop.await(Duration.ofNanos(remaining)) : stop.isStopped();
  }

  private RunOutcome finish(
      RunRequest request, Simulation simulation, RunEvents events, int messages)
      throws InterruptedException {
    String problemId = request.task().problemId();
    return switch (simulation.outcome()) {
      case SUCCESS -> {
        // An instant run without a conversation is a no-op: nothing to log, nothing to flush.
        if (simulation.conversation()) {
          events.log(LogLevel.INFO, "Simulated run succeeded", Map.of("problem_id", problemId));
        }
        yield new RunOutcome.Succeeded(result(request, simulation, messages, true));
      }
      case FAILURE -> {
        String error =
            "Simulated failure: the agent did not solve "
                + problemId
                + " within "
                + simulation.steps()
                + " steps";
        events.log(LogLevel.WARNING, error, Map.of("problem_id", problemId));
        Map<String, Object> result = result(request, simulation, messages, false);
        result.put("error_details", error);
        yield new RunOutcome.Failed(result, error);
      }
      case ERROR -> {
        String error =
            "Simulated error: the AIOpsLab backend crashed at step " + simulation.steps();
        events.log(LogLevel.ERROR, error, Map.of("problem_id", problemId));
        yield new RunOutcome.Failed(null, error);
      }
      case HANG -> {
        events.log(LogLevel.INFO, "Simulated run hangs until stopped", Map.of());
        while (!request.stop().await(FOREVER)) {
          // a year passed; keep hanging
        }
        yield stopped(request.stop());
      }
    };
  }

  /** The result as AIOpsLab's executor reports it; mutable so callers can add to it. */
  private static Map<String, Object> result(
      RunRequest request, Simulation simulation, int messages, boolean success) {
    String problemId = request.task().problemId();
    double seconds = simulation.duration().toMillis() / 1000.0;
    var solution = new LinkedHashMap<String, Object>();
    if (problemId.contains("detection")) {
      solution.put("Detection Accuracy", success ? "Correct" : "Incorrect");
    } else {
      solution.put("success", success);
    }
    solution.put("TTD", seconds);
    solution.put("steps", simulation.steps());
    solution.put("in_tokens", simulation.totalInTokens());
    solution.put("out_tokens", simulation.totalOutTokens());
    var result = new LinkedHashMap<String, Object>();
    result.put("success", success);
    result.put("solution", solution);
    result.put("problem_id", problemId);
    result.put("execution_time", seconds);
    result.put("conversation_id", request.conversationId().toString());
    result.put("total_messages", messages);
    result.put("session_id", request.sessionId());
    return result;
  }

  private static RunOutcome stopped(StopSignal stop) {
    return new RunOutcome.Stopped(stop.reason().orElse(StopReason.SHUTDOWN));
  }

  private static String systemPrompt(Task task, int steps) {
    return "You are an expert DevOps engineer assigned to diagnose a fault in a microservice "
        + "application running on Kubernetes. Problem: "
        + task.problemId()
        + ". You have at most "
        + steps
        + " steps. Use the APIs exec_shell, get_logs, get_metrics, get_traces and submit. "
        + "Respond with exactly one API call per turn.";
  }

  private static String observation(Task task, int step, int steps) {
    if (step == 1) {
      return "Task: " + task.problemId() + ". Please take the next action.";
    }
    return "Output of step "
        + (step - 1)
        + ": "
        + (step - 1)
        + " of "
        + steps
        + " checks done; pods: 12 running, 1 with restarts. Please take the next action.";
  }

  private static String action(Task task, int step, int steps, Simulation.Outcome outcome) {
    if (step == steps) {
      boolean detection = task.problemId().contains("detection");
      boolean solves = outcome != Simulation.Outcome.FAILURE;
      if (detection) {
        return "submit(\"" + (solves ? "Yes" : "No") + "\")";
      }
      return solves ? "submit()" : "submit(\"unknown\")";
    }
    return switch ((step - 1) % 4) {
      case 0 -> "exec_shell(\"kubectl get pods -n default\")";
      case 1 -> "get_logs(\"default\", \"frontend\")";
      case 2 -> "get_metrics(\"default\", 5)";
      default -> "get_traces(\"default\", 5)";
    };
  }

  private static Map<String, Object> ordered(Object... keysAndValues) {
    var map = new LinkedHashMap<String, Object>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }
}
