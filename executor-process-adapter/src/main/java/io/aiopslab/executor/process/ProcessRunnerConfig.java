package io.aiopslab.executor.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How {@link ProcessTaskRunner} starts and bounds a task's process.
 *
 * @param command argv of the runner; executed directly, never through a shell
 * @param workRoot parent of the per-attempt working directories ({@code <root>/<task id>/attempt-<n>})
 * @param gracePeriod time between SIGTERM and SIGKILL when a run is stopped
 * @param maxLineLength bytes kept of a plain output line (longer lines are truncated); log event
 *     messages are cut to this many characters
 * @param maxEventLength bytes a stdout line starting with {@code '{'} may have to still be parsed as a
 *     protocol event (conversation turns can carry long tool output)
 * @param maxLogLines log entries (plain lines, log and progress events) kept per attempt; one more
 *     entry at the end says how many were dropped
 * @param maxMessages conversation messages kept per attempt, likewise
 * @param environment extra environment variables, added to the executor's own environment
 * @param clusterPrefix when set, {@code AIOPSLAB_CLUSTER=<prefix>-<worker id>}
 * @param kubeconfigDir when set, {@code KUBECONFIG=<dir>/<worker id>}: each worker slot talks to
 *     its own cluster, so parallel workers never inject faults into the same cluster
 */
public record ProcessRunnerConfig(
    List<String> command,
    Path workRoot,
    Duration gracePeriod,
    int maxLineLength,
    int maxEventLength,
    int maxLogLines,
    int maxMessages,
    Map<String, String> environment,
    String clusterPrefix,
    Path kubeconfigDir) {

  public static final Duration DEFAULT_GRACE_PERIOD = Duration.ofSeconds(10);
  public static final int DEFAULT_MAX_LINE_LENGTH = 16 * 1024;
  public static final int DEFAULT_MAX_EVENT_LENGTH = 1024 * 1024;
  public static final int DEFAULT_MAX_LOG_LINES = 10_000;
  public static final int DEFAULT_MAX_MESSAGES = 10_000;

  public ProcessRunnerConfig {
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(workRoot, "workRoot");
    Objects.requireNonNull(gracePeriod, "gracePeriod");
    command = List.copyOf(command);
    if (command.isEmpty() || command.getFirst().isBlank()) {
      throw new IllegalArgumentException("command must name a program");
    }
    if (gracePeriod.isNegative()) {
      throw new IllegalArgumentException("gracePeriod must not be negative");
    }
    if (maxLineLength < 64) {
      throw new IllegalArgumentException("maxLineLength must be at least 64 bytes");
    }
    if (maxEventLength < maxLineLength) {
      throw new IllegalArgumentException("maxEventLength must be at least maxLineLength");
    }
    if (maxLogLines < 0 || maxMessages < 0) {
      throw new IllegalArgumentException("maxLogLines and maxMessages must not be negative");
    }
    environment = environment == null ? Map.of() : Map.copyOf(environment);
    if (clusterPrefix != null && clusterPrefix.isBlank()) {
      clusterPrefix = null;
    }
  }

  /** {@code command} run in {@code workRoot} with every default. */
  public static ProcessRunnerConfig of(List<String> command, Path workRoot) {
    return new ProcessRunnerConfig(
        command,
        workRoot,
        DEFAULT_GRACE_PERIOD,
        DEFAULT_MAX_LINE_LENGTH,
        DEFAULT_MAX_EVENT_LENGTH,
        DEFAULT_MAX_LOG_LINES,
        DEFAULT_MAX_MESSAGES,
        Map.of(),
        null,
        null);
  }

  public ProcessRunnerConfig withGracePeriod(Duration value) {
    return new ProcessRunnerConfig(
        command,
        workRoot,
        value,
        maxLineLength,
        maxEventLength,
        maxLogLines,
        maxMessages,
        environment,
        clusterPrefix,
        kubeconfigDir);
  }

  public ProcessRunnerConfig withLimits(
      int lineLength, int eventLength, int logLines, int messages) {
    return new ProcessRunnerConfig(
        command,
        workRoot,
        gracePeriod,
        lineLength,
        eventLength,
        logLines,
        messages,
        environment,
        clusterPrefix,
        kubeconfigDir);
  }

  public ProcessRunnerConfig withEnvironment(Map<String, String> value) {
    return new ProcessRunnerConfig(
        command,
        workRoot,
        gracePeriod,
        maxLineLength,
        maxEventLength,
        maxLogLines,
        maxMessages,
        value,
        clusterPrefix,
        kubeconfigDir);
  }

  public ProcessRunnerConfig withCluster(String prefix, Path kubeconfigs) {
    return new ProcessRunnerConfig(
        command,
        workRoot,
        gracePeriod,
        maxLineLength,
        maxEventLength,
        maxLogLines,
        maxMessages,
        environment,
        prefix,
        kubeconfigs);
  }
}
