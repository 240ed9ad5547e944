package io.aiopslab.executor.embedded;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One task to submit, typed for Java callers. It is only a way to write the JSON body that {@link
 * io.aiopslab.executor.ports.tasks.SubmitTasks} validates — the same rules and defaults as {@code
 * POST /api/v1/tasks} — so every check (problem id pattern, ranges, unknown fields) still happens
 * in one place, at submit.
 *
 * <p>Parameters other than the known ones ({@code max_steps}, {@code timeout_minutes}, {@code
 * priority}, {@code max_attempts}, {@code backend_type}, {@code agent_config}, {@code metadata},
 * {@code callback_url}) are kept verbatim and reach the runner as {@code task.parameters()}. Values
 * must be JSON values: {@code Map<String, ?>}, {@code List}, {@code String}, {@code Number}, {@code
 * Boolean} or {@code null}.
 *
 * <pre>{@code
 * TaskRequest.of("word-count").withParameter("text", "to be or not to be").withPriority(8)
 * }</pre>
 *
 * @param idempotencyKey like the {@code Idempotency-Key} header: a repeat with the same key and
 *     body returns the first task instead of queueing another; null for none
 */
public record TaskRequest(String problemId, Map<String, Object> parameters, String idempotencyKey) {

  public TaskRequest {
    Objects.requireNonNull(problemId, "problemId");
    parameters =
        parameters == null
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
  }

  /** A task for {@code problemId} with every parameter at its default. */
  public static TaskRequest of(String problemId) {
    return new TaskRequest(problemId, Map.of(), null);
  }

  /** This request with one more parameter (or a replaced one). */
  public TaskRequest withParameter(String name, Object value) {
    Objects.requireNonNull(name, "name");
    var copy = new LinkedHashMap<>(parameters);
    copy.put(name, value);
    return new TaskRequest(problemId, copy, idempotencyKey);
  }

  /** 0–10, higher first (default 5). */
  public TaskRequest withPriority(int priority) {
    return withParameter("priority", priority);
  }

  /** How long one attempt may run before it ends as {@code timeout} (default 30 minutes). */
  public TaskRequest withTimeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    long millis = timeout.toMillis();
    Number minutes = millis % 60_000 == 0 ? (Number) (millis / 60_000) : millis / 60_000.0;
    return withParameter("timeout_minutes", minutes);
  }

  /** 1–10 attempts before a task whose worker keeps getting lost is failed (default 3). */
  public TaskRequest withMaxAttempts(int maxAttempts) {
    return withParameter("max_attempts", maxAttempts);
  }

  /** Only workers of this backend type claim the task (default: any). */
  public TaskRequest withBackendType(String backendType) {
    return withParameter("backend_type", backendType);
  }

  public TaskRequest withIdempotencyKey(String key) {
    return new TaskRequest(problemId, parameters, key);
  }

  /** The JSON body: {@code {"problem_id": ..., "parameters": {...}}}. */
  public Map<String, Object> body() {
    var body = new LinkedHashMap<String, Object>();
    body.put("problem_id", problemId);
    body.put("parameters", new LinkedHashMap<>(parameters));
    return body;
  }
}
