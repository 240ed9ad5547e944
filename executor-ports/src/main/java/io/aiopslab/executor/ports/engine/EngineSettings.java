package io.aiopslab.executor.ports.engine;

import io.aiopslab.executor.domain.worker.Worker;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How the worker engine of this node runs. The composition root reads each value from the
 * environment variable named in its description; {@link #defaults(String, String, long)} gives the
 * documented defaults.
 *
 * @param nodeId {@code NODE_ID}: prefix of the internal worker ids ({@code <nodeId>-worker-001});
 *     defaults to the host name, see {@link #sanitiseNodeId(String)}
 * @param numWorkers {@code NUM_INTERNAL_WORKERS} (3): the pool size at start
 * @param maxWorkers {@code MAX_INTERNAL_WORKERS} (64): the largest size {@code scale} accepts
 * @param autoStart {@code AUTO_START_WORKERS} (true): false starts the pool stopped
 * @param backendType {@code EXECUTOR_BACKEND_TYPE} ("orchestrator"): the backend type internal
 *     workers register with, so they claim only tasks for it (or for any backend)
 * @param lease {@code LEASE_SECONDS} (15 s): lease of a running task, renewed every third of it
 * @param pollInterval {@code WORKER_POLL_INTERVAL} (1 s): how often the dispatcher looks for work
 *     when no notification arrives
 * @param heartbeatTimeout {@code WORKER_HEARTBEAT_TIMEOUT} (60 s): silence after which a worker is
 *     offline and its task handed back
 * @param timeoutCheckInterval {@code TIMEOUT_CHECK_INTERVAL} (10 s): period of the reaper (expired
 *     leases, overdue tasks, silent workers, retention)
 * @param shutdownGrace {@code SHUTDOWN_GRACE_SECONDS} (30 s): how long shutdown waits for running
 *     tasks before stopping them and handing them back
 * @param retention {@code RETENTION_DAYS} (30 days): finished tasks older than this are deleted
 * @param prefetch {@code WORKER_PREFETCH} (0): tasks each internal worker claims ahead of the one
 *     it runs and holds (leased, status running) until it is free; 0 claims only for idle workers.
 *     For floods of short tasks: batches become larger and the next task starts without waiting for
 *     the database. Leave it at 0 for long tasks, which would wait claimed behind a busy worker.
 * @param version the application version, written into the internal workers' metadata
 * @param pid the process id, written into the internal workers' metadata
 */
public record EngineSettings(
    String nodeId,
    int numWorkers,
    int maxWorkers,
    boolean autoStart,
    String backendType,
    Duration lease,
    Duration pollInterval,
    Duration heartbeatTimeout,
    Duration timeoutCheckInterval,
    Duration shutdownGrace,
    Duration retention,
    int prefetch,
    String version,
    long pid) {

  public static final int DEFAULT_NUM_WORKERS = 3;
  public static final int DEFAULT_MAX_WORKERS = 64;
  public static final String DEFAULT_BACKEND_TYPE = "orchestrator";
  public static final Duration DEFAULT_LEASE = Duration.ofSeconds(15);
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);
  public static final Duration DEFAULT_HEARTBEAT_TIMEOUT = Duration.ofSeconds(60);
  public static final Duration DEFAULT_TIMEOUT_CHECK_INTERVAL = Duration.ofSeconds(10);
  public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(30);
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);
  public static final int DEFAULT_PREFETCH = 0;
  public static final int MAX_PREFETCH = 1_000;

  /** Worker numbers have three digits at least; the id must still fit the worker id pattern. */
  public static final int MAX_POOL_SIZE = 999;

  public EngineSettings {
    Objects.requireNonNull(nodeId, "nodeId");
    if (!Worker.isValidId(workerId(nodeId, MAX_POOL_SIZE))) {
      throw new IllegalArgumentException(
          "NODE_ID must match " + Worker.ID_PATTERN.pattern() + " and be at most 117 characters");
    }
    if (maxWorkers < 1 || maxWorkers > MAX_POOL_SIZE) {
      throw new IllegalArgumentException(
          "MAX_INTERNAL_WORKERS must be between 1 and " + MAX_POOL_SIZE);
    }
    if (numWorkers < 0 || numWorkers > maxWorkers) {
      throw new IllegalArgumentException(
          "NUM_INTERNAL_WORKERS must be between 0 and MAX_INTERNAL_WORKERS (" + maxWorkers + ")");
    }
    Objects.requireNonNull(backendType, "backendType");
    if (backendType.isBlank() || backendType.length() > 100) {
      throw new IllegalArgumentException("EXECUTOR_BACKEND_TYPE must be 1 to 100 characters");
    }
    positive(lease, "LEASE_SECONDS");
    positive(pollInterval, "WORKER_POLL_INTERVAL");
    positive(heartbeatTimeout, "WORKER_HEARTBEAT_TIMEOUT");
    positive(timeoutCheckInterval, "TIMEOUT_CHECK_INTERVAL");
    Objects.requireNonNull(shutdownGrace, "shutdownGrace");
    if (shutdownGrace.isNegative()) {
      throw new IllegalArgumentException("SHUTDOWN_GRACE_SECONDS must not be negative");
    }
    positive(retention, "RETENTION_DAYS");
    if (prefetch < 0 || prefetch > MAX_PREFETCH) {
      throw new IllegalArgumentException("WORKER_PREFETCH must be between 0 and " + MAX_PREFETCH);
    }
    Objects.requireNonNull(version, "version");
    if (pid < 0) {
      throw new IllegalArgumentException("pid must not be negative");
    }
  }

  /** The documented defaults for this node. */
  public static EngineSettings defaults(String nodeId, String version, long pid) {
    return new EngineSettings(
        nodeId,
        DEFAULT_NUM_WORKERS,
        DEFAULT_MAX_WORKERS,
        true,
        DEFAULT_BACKEND_TYPE,
        DEFAULT_LEASE,
        DEFAULT_POLL_INTERVAL,
        DEFAULT_HEARTBEAT_TIMEOUT,
        DEFAULT_TIMEOUT_CHECK_INTERVAL,
        DEFAULT_SHUTDOWN_GRACE,
        DEFAULT_RETENTION,
        DEFAULT_PREFETCH,
        version,
        pid);
  }

  /** The id of internal worker {@code number} of this node: {@code <nodeId>-worker-001}. */
  public String workerId(int number) {
    return workerId(nodeId, number);
  }

  /** Leases are renewed (and internal workers heartbeat) every third of the lease. */
  public Duration renewInterval() {
    Duration third = lease.dividedBy(3);
    return third.isZero() ? Duration.ofMillis(1) : third;
  }

  /**
   * A host name made into a valid node id: characters outside {@code [A-Za-z0-9._:-]} become {@code
   * -}, a leading non-alphanumeric is dropped, at most 100 characters; "node" when nothing is left.
   */
  public static String sanitiseNodeId(String hostName) {
    String text = hostName == null ? "" : hostName.strip().toLowerCase(Locale.ROOT);
    String cleaned = text.replaceAll("[^A-Za-z0-9._:-]", "-").replaceFirst("^[^A-Za-z0-9]+", "");
    if (cleaned.length() > 100) {
      cleaned = cleaned.substring(0, 100);
    }
    return cleaned.isEmpty() ? "node" : cleaned;
  }

  /**
   * The default node id: this host's name ({@code HOSTNAME}, else {@code /etc/hostname}, else the
   * resolver's), sanitised.
   */
  public static String defaultNodeId() {
    String name = System.getenv("HOSTNAME");
    if (name == null || name.isBlank()) {
      try {
        name = java.nio.file.Files.readString(java.nio.file.Path.of("/etc/hostname")).strip();
      } catch (java.io.IOException | RuntimeException e) {
        try {
          name = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException unknown) {
          name = "node";
        }
      }
    }
    return sanitiseNodeId(name);
  }

  public EngineSettings withNumWorkers(int value) {
    return edit(b -> b.numWorkers = value);
  }

  public EngineSettings withMaxWorkers(int value) {
    return edit(b -> b.maxWorkers = value);
  }

  public EngineSettings withAutoStart(boolean value) {
    return edit(b -> b.autoStart = value);
  }

  public EngineSettings withBackendType(String value) {
    return edit(b -> b.backendType = value);
  }

  public EngineSettings withTimings(
      Duration lease, Duration pollInterval, Duration timeoutCheckInterval, Duration grace) {
    return edit(
        b -> {
          b.lease = lease;
          b.pollInterval = pollInterval;
          b.timeoutCheckInterval = timeoutCheckInterval;
          b.shutdownGrace = grace;
        });
  }

  public EngineSettings withPrefetch(int value) {
    return edit(b -> b.prefetch = value);
  }

  /** A copy with {@code change} applied (validated by the constructor like any other). */
  private EngineSettings edit(Consumer<Copy> change) {
    Copy b = new Copy(this);
    change.accept(b);
    return new EngineSettings(
        b.nodeId,
        b.numWorkers,
        b.maxWorkers,
        b.autoStart,
        b.backendType,
        b.lease,
        b.pollInterval,
        b.heartbeatTimeout,
        b.timeoutCheckInterval,
        b.shutdownGrace,
        b.retention,
        b.prefetch,
        b.version,
        b.pid);
  }

  /** The components, writable, for {@link #edit}: one place lists them all. */
  private static final class Copy {
    String nodeId;
    int numWorkers;
    int maxWorkers;
    boolean autoStart;
    String backendType;
    Duration lease;
    Duration pollInterval;
    Duration heartbeatTimeout;
    Duration timeoutCheckInterval;
    Duration shutdownGrace;
    Duration retention;
    int prefetch;
    String version;
    long pid;

    Copy(EngineSettings s) {
      nodeId = s.nodeId;
      numWorkers = s.numWorkers;
      maxWorkers = s.maxWorkers;
      autoStart = s.autoStart;
      backendType = s.backendType;
      lease = s.lease;
      pollInterval = s.pollInterval;
      heartbeatTimeout = s.heartbeatTimeout;
      timeoutCheckInterval = s.timeoutCheckInterval;
      shutdownGrace = s.shutdownGrace;
      retention = s.retention;
      prefetch = s.prefetch;
      version = s.version;
      pid = s.pid;
    }
  }

  /** How many tasks one internal worker holds at most: the one it runs and those claimed ahead. */
  public int tasksPerWorker() {
    return 1 + prefetch;
  }

  private static String workerId(String nodeId, int number) {
    return nodeId + "-worker-" + String.format(Locale.ROOT, "%03d", number);
  }

  private static void positive(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
  }
}
