package io.aiopslab.executor.app.config;

import io.aiopslab.executor.domain.json.Json;
import io.aiopslab.executor.domain.json.JsonParseException;
import io.aiopslab.executor.domain.task.SubmissionDefaults;
import io.aiopslab.executor.ports.engine.EngineSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Every setting of a node, read once at startup from the environment and a {@code .env} file, and
 * validated as a whole: a bad value stops startup with a message naming the variable. The README's
 * configuration table lists the same variables with the same defaults.
 *
 * @param databaseUrl null means embedded PostgreSQL with its data in {@code embeddedDataDir}
 */
public record ExecutorConfig(
    String host,
    int port,
    String databaseUrl,
    Path embeddedDataDir,
    int databasePoolSize,
    String nodeId,
    int numInternalWorkers,
    int maxInternalWorkers,
    boolean autoStartWorkers,
    String backendType,
    Duration lease,
    Duration workerPollInterval,
    Duration workerHeartbeatTimeout,
    Duration timeoutCheckInterval,
    Duration shutdownGrace,
    Duration retention,
    int workerPrefetch,
    SubmissionDefaults submissionDefaults,
    LogFormat logFormat,
    String logLevel,
    boolean metricsEnabled,
    long maxBodyBytes,
    RunnerKind runner,
    ProcessSettings process) {

  public enum LogFormat {
    TEXT,
    JSON
  }

  public enum RunnerKind {
    SIMULATED,
    PROCESS
  }

  /**
   * The process runner's settings (EXECUTOR_PROCESS_*, AIOPSLAB_CLUSTER_PREFIX, KUBECONFIG_DIR).
   *
   * @param command argv, never run through a shell; empty unless the runner is {@code process}
   */
  public record ProcessSettings(
      List<String> command,
      Path workDir,
      String clusterPrefix,
      Path kubeconfigDir,
      Duration stopGrace,
      int maxLineLength,
      int maxLogLines) {}

  private static final Pattern NODE_ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$");
  private static final List<String> LOG_LEVELS =
      List.of("TRACE", "DEBUG", "INFO", "WARN", "WARNING", "ERROR");

  /** Reads {@code .env} in the working directory, overlaid by the process environment. */
  public static ExecutorConfig load() {
    return from(DotEnv.withEnvironment(Path.of(".env"), System.getenv()));
  }

  public static ExecutorConfig from(Map<String, String> values) {
    var s = new Settings(values);
    String host = s.string("HOST", "127.0.0.1");
    int port = s.integer("PORT", 8000, 0, 65535);
    String databaseUrl = s.string("DATABASE_URL", null);
    if (databaseUrl != null
        && !(databaseUrl.startsWith("postgresql://")
            || databaseUrl.startsWith("postgres://")
            || databaseUrl.startsWith("postgresql+asyncpg://")
            || databaseUrl.startsWith("jdbc:postgresql:"))) {
      s.problem(
          "DATABASE_URL must start with postgresql://, postgres://, postgresql+asyncpg:// or"
              + " jdbc:postgresql:");
    }
    Path dataDir = Path.of(s.string("EMBEDDED_DATA_DIR", "data/postgres"));
    int poolSize = s.integer("DATABASE_POOL_SIZE", 20, 2, 500);

    String nodeId = s.string("NODE_ID", null);
    if (nodeId == null) {
      nodeId = EngineSettings.defaultNodeId();
    } else if (!NODE_ID.matcher(nodeId).matches()) {
      s.problem("NODE_ID='" + nodeId + "' must match " + NODE_ID.pattern());
    }
    int maxWorkers = s.integer("MAX_INTERNAL_WORKERS", 64, 1, 1024);
    int numWorkers = s.integer("NUM_INTERNAL_WORKERS", 3, 0, maxWorkers);
    boolean autoStart = s.bool("AUTO_START_WORKERS", true);
    String backendType = s.string("EXECUTOR_BACKEND_TYPE", "orchestrator");
    if (backendType.length() > 100) {
      s.problem("EXECUTOR_BACKEND_TYPE must be at most 100 characters");
    }

    Duration lease =
        s.seconds(
            "LEASE_SECONDS", Duration.ofSeconds(15), Duration.ofMillis(300), Duration.ofHours(1));
    Duration poll =
        s.seconds(
            "WORKER_POLL_INTERVAL",
            Duration.ofSeconds(1),
            Duration.ofMillis(10),
            Duration.ofMinutes(10));
    Duration heartbeatTimeout =
        s.seconds(
            "WORKER_HEARTBEAT_TIMEOUT",
            Duration.ofSeconds(60),
            Duration.ofSeconds(1),
            Duration.ofDays(1));
    Duration timeoutCheck =
        s.seconds(
            "TIMEOUT_CHECK_INTERVAL",
            Duration.ofSeconds(10),
            Duration.ofMillis(100),
            Duration.ofHours(1));
    Duration grace =
        s.seconds(
            "SHUTDOWN_GRACE_SECONDS", Duration.ofSeconds(30), Duration.ZERO, Duration.ofHours(1));
    int retentionDays = s.integer("RETENTION_DAYS", 30, 0, 36500);
    int prefetch =
        s.integer(
            "WORKER_PREFETCH", EngineSettings.DEFAULT_PREFETCH, 0, EngineSettings.MAX_PREFETCH);

    int maxSteps = s.integer("DEFAULT_MAX_STEPS", 30, 1, 1000);
    Number timeoutMinutes = s.decimal("DEFAULT_TIMEOUT_MINUTES", 30, 0, 1440);
    int priority = s.integer("DEFAULT_PRIORITY", 5, 0, 10);
    int maxAttempts = s.integer("DEFAULT_MAX_ATTEMPTS", 3, 1, 10);
    String model = s.firstOf("gpt-4", "OPENROUTER_MODEL", "OPENAI_MODEL", "DEFAULT_AGENT_MODEL");

    LogFormat logFormat = s.choice("LOG_FORMAT", LogFormat.TEXT, LogFormat.class);
    String logLevel = s.string("LOG_LEVEL", "INFO").toUpperCase(java.util.Locale.ROOT);
    if (!LOG_LEVELS.contains(logLevel)) {
      s.problem("LOG_LEVEL='" + logLevel + "' must be one of trace, debug, info, warning, error");
    }
    boolean metrics = s.bool("ENABLE_METRICS", true);
    int maxBodyKib = s.integer("MAX_BODY_KIB", 1024, 1, 1024 * 1024);

    RunnerKind runner = s.choice("EXECUTOR_RUNNER", RunnerKind.SIMULATED, RunnerKind.class);
    List<String> command = parseCommand(s.string("EXECUTOR_PROCESS_COMMAND", null), s);
    if (runner == RunnerKind.PROCESS && command.isEmpty()) {
      s.problem("EXECUTOR_PROCESS_COMMAND is required when EXECUTOR_RUNNER=process");
    }
    var process =
        new ProcessSettings(
            command,
            Path.of(s.string("EXECUTOR_WORK_DIR", "data/runs")),
            s.string("AIOPSLAB_CLUSTER_PREFIX", "aiopslab"),
            pathOrNull(s.string("KUBECONFIG_DIR", null)),
            s.seconds(
                "EXECUTOR_PROCESS_STOP_GRACE",
                Duration.ofSeconds(10),
                Duration.ZERO,
                Duration.ofMinutes(10)),
            s.integer("EXECUTOR_PROCESS_MAX_LINE", 16 * 1024, 256, 16 * 1024 * 1024),
            s.integer("EXECUTOR_PROCESS_MAX_LOG_LINES", 10_000, 10, 10_000_000));

    if (!s.problems().isEmpty()) {
      throw new InvalidConfiguration(s.problems());
    }
    return new ExecutorConfig(
        host,
        port,
        databaseUrl,
        dataDir,
        poolSize,
        nodeId,
        numWorkers,
        maxWorkers,
        autoStart,
        backendType,
        lease,
        poll,
        heartbeatTimeout,
        timeoutCheck,
        grace,
        Duration.ofDays(retentionDays),
        prefetch,
        new SubmissionDefaults(maxSteps, timeoutMinutes, priority, maxAttempts, model),
        logFormat,
        logLevel.equals("WARNING") ? "WARN" : logLevel,
        metrics,
        maxBodyKib * 1024L,
        runner,
        process);
  }

  public boolean embeddedDatabase() {
    return databaseUrl == null;
  }

  private static List<String> parseCommand(String raw, Settings s) {
    if (raw == null) {
      return List.of();
    }
    if (raw.startsWith("[")) {
      try {
        Object parsed = Json.parse(raw);
        if (parsed instanceof List<?> list
            && !list.isEmpty()
            && list.stream().allMatch(item -> item instanceof String)) {
          return list.stream().map(String.class::cast).toList();
        }
      } catch (JsonParseException e) {
        // reported below
      }
      s.problem(
          "EXECUTOR_PROCESS_COMMAND must be a JSON array of strings, e.g. [\"python3\", \"driver.py\"]");
      return List.of();
    }
    // Plain words separated by spaces (no quoting, no shell): the simple case stays simple.
    return new ArrayList<>(Arrays.asList(raw.strip().split("\\s+")));
  }

  private static Path pathOrNull(String raw) {
    return raw == null ? null : Path.of(raw);
  }
}
