package io.aiopslab.executor.embedded;

import io.aiopslab.executor.domain.spi.StoreProbe;
import io.aiopslab.executor.domain.spi.TaskQueue;
import io.aiopslab.executor.domain.spi.TaskRunner;
import io.aiopslab.executor.domain.spi.WorkerRegistry;
import io.aiopslab.executor.domain.task.SubmissionDefaults;
import io.aiopslab.executor.domain.task.TaskSubmissionRules;
import io.aiopslab.executor.ports.conversations.ConversationQueryService;
import io.aiopslab.executor.ports.conversations.QueryConversations;
import io.aiopslab.executor.ports.engine.EngineSettings;
import io.aiopslab.executor.ports.engine.WorkerPool;
import io.aiopslab.executor.ports.health.CheckHealth;
import io.aiopslab.executor.ports.health.HealthService;
import io.aiopslab.executor.ports.tasks.CancelTask;
import io.aiopslab.executor.ports.tasks.QueryTasks;
import io.aiopslab.executor.ports.tasks.SubmitTasks;
import io.aiopslab.executor.ports.tasks.TaskEventListener;
import io.aiopslab.executor.ports.tasks.TaskEvents;
import io.aiopslab.executor.ports.tasks.TaskService;
import io.aiopslab.executor.ports.workers.ControlWorkers;
import io.aiopslab.executor.ports.workers.QueryWorkers;
import io.aiopslab.executor.ports.workers.WorkerProtocol;
import io.aiopslab.executor.ports.workers.WorkerProtocolService;
import io.aiopslab.executor.ports.workers.WorkerQueryService;
import io.aiopslab.executor.postgres.PostgresStore;
import io.aiopslab.executor.process.SimulatedTaskRunner;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;

/**
 * A running executor inside the host's JVM: the queue on the host's PostgreSQL, a pool of workers
 * running the host's {@link TaskRunner}, and every driving port — without HTTP. Build one with
 * {@link #builder()}; {@link #close()} shuts down gracefully (running tasks get the grace period,
 * then are handed back to the queue, never lost).
 *
 * <pre>{@code
 * try (var executor = EmbeddedExecutor.builder()
 *         .dataSource(hostDataSource)
 *         .runner(new MyRunner())
 *         .workers(4)
 *         .build()) {
 *   var task = executor.submit().submit(new SubmitTask(Map.of("problem_id", "demo-1"), null)).task();
 *   ...
 * }
 * }</pre>
 */
public final class EmbeddedExecutor implements AutoCloseable {

  private final PostgresStore store;
  private final WorkerPool pool;
  private final TaskService tasks;
  private final WorkerProtocolService protocol;
  private final WorkerQueryService workerQueries;
  private final ConversationQueryService conversations;
  private final HealthService health;
  private final TaskEvents events;
  private final TaskRunner runner;
  private final EngineSettings settings;
  private final AtomicBoolean closed = new AtomicBoolean();

  private EmbeddedExecutor(Builder b, PostgresStore store, AtomicBoolean started) {
    this.store = store;
    this.runner = b.runner;
    this.settings = b.settings;
    this.events =
        new TaskEvents(
            (message, error) ->
                System.getLogger(EmbeddedExecutor.class.getName())
                    .log(System.Logger.Level.WARNING, message, error));
    b.listeners.forEach(events::add);
    TaskQueue queue = store.queue();
    WorkerRegistry registry = store.workers();
    this.tasks =
        new TaskService(queue, store.logs(), new TaskSubmissionRules(b.submissionDefaults), events);
    this.pool =
        new WorkerPool(
            b.settings,
            queue,
            registry,
            store.logs(),
            store.conversations(),
            store.notifications(),
            b.runner,
            events,
            b.clock);
    this.protocol =
        new WorkerProtocolService(
            queue, registry, store.logs(), events, b.clock, b.settings.heartbeatTimeout());
    this.workerQueries = new WorkerQueryService(registry, queue, pool, b.clock);
    this.conversations = new ConversationQueryService(store.conversations(), queue);
    this.health =
        new HealthService(
            store.probe(),
            queue,
            registry,
            () -> started.get() && !closed.get(),
            b.clock,
            b.settings.version());
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Put tasks in the queue (single, idempotent, batch). */
  public SubmitTasks submit() {
    return tasks;
  }

  /** Read tasks, their logs and statistics. */
  public QueryTasks tasks() {
    return tasks;
  }

  /** Cancel a pending or running task (a running one is stopped wherever it runs). */
  public CancelTask cancel() {
    return tasks;
  }

  /** This node's worker pool: status, scale, stop, start. */
  public ControlWorkers workers() {
    return pool;
  }

  /** Registered workers of every node, with this node's live state. */
  public QueryWorkers workerQueries() {
    return workerQueries;
  }

  /** The protocol for workers in other processes (what the REST adapter serves). */
  public WorkerProtocol workerProtocol() {
    return protocol;
  }

  public QueryConversations conversations() {
    return conversations;
  }

  public CheckHealth health() {
    return health;
  }

  /** Listens to task state changes made by this node (submitted, started, finished). */
  public void addListener(TaskEventListener listener) {
    events.add(listener);
  }

  public TaskRunner runner() {
    return runner;
  }

  public EngineSettings settings() {
    return settings;
  }

  /** The queue itself, for operations (statistics gauges) and benchmarks. */
  public TaskQueue queue() {
    return store.queue();
  }

  /** The worker registry, for operations (gauges). */
  public WorkerRegistry registry() {
    return store.workers();
  }

  /** Graceful shutdown with the configured grace ({@code SHUTDOWN_GRACE_SECONDS}). */
  @Override
  public void close() {
    shutdown(settings.shutdownGrace());
  }

  /**
   * Stops claiming, waits up to {@code grace} for running tasks, hands back what still runs,
   * flushes logs and messages, then closes the store (and the pool if this executor opened it).
   * Calling it again while it waits makes it hand back at once.
   */
  public void shutdown(Duration grace) {
    if (!closed.compareAndSet(false, true)) {
      pool.shutdown(Duration.ZERO);
      return;
    }
    try {
      pool.shutdown(grace);
    } finally {
      store.close();
    }
  }

  /** Everything an executor needs; defaults as in the README's configuration table. */
  public static final class Builder {
    private DataSource dataSource;
    private String databaseUrl;
    private int poolSize = 20;
    private Object metricRegistry;
    private boolean migrate = true;
    private TaskRunner runner = new SimulatedTaskRunner();
    private EngineSettings settings;
    private SubmissionDefaults submissionDefaults = SubmissionDefaults.ORIGINAL;
    private Clock clock = Clock.systemUTC();
    private final List<TaskEventListener> listeners = new ArrayList<>();

    private Builder() {}

    /**
     * The host's PostgreSQL. One extra connection is taken from it for LISTEN/NOTIFY wake-ups and
     * kept for the executor's lifetime; size the host's pool accordingly. The host keeps owning it.
     */
    public Builder dataSource(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
      return this;
    }

    /**
     * A database URL ({@code postgresql://user:pass@host:5432/db}, {@code postgresql+asyncpg://},
     * {@code jdbc:postgresql:}); the executor opens and owns a pool of {@code poolSize}.
     */
    public Builder databaseUrl(String databaseUrl, int poolSize) {
      this.databaseUrl = Objects.requireNonNull(databaseUrl, "databaseUrl");
      this.poolSize = poolSize;
      return this;
    }

    /** A Micrometer MeterRegistry for the pool's {@code hikaricp_*} metrics (URL form only). */
    public Builder poolMetrics(Object meterRegistry) {
      this.metricRegistry = meterRegistry;
      return this;
    }

    /** Apply the schema migrations at build (default true). */
    public Builder migrate(boolean migrate) {
      this.migrate = migrate;
      return this;
    }

    /** What runs a task; default the simulated AIOpsLab backend. */
    public Builder runner(TaskRunner runner) {
      this.runner = Objects.requireNonNull(runner, "runner");
      return this;
    }

    /** All engine settings at once (node id, pool size, lease, intervals, grace, retention...). */
    public Builder settings(EngineSettings settings) {
      this.settings = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /** Shortcut: the default settings with this many internal workers. */
    public Builder workers(int numWorkers) {
      this.settings = current().withNumWorkers(numWorkers);
      return this;
    }

    public Builder submissionDefaults(SubmissionDefaults defaults) {
      this.submissionDefaults = Objects.requireNonNull(defaults, "defaults");
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public Builder listener(TaskEventListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    private EngineSettings current() {
      if (settings == null) {
        settings =
            EngineSettings.defaults(
                EngineSettings.sanitiseNodeId(hostName()),
                Version.current(),
                ProcessHandle.current().pid());
      }
      return settings;
    }

    /** Migrates, wires and starts the worker pool. */
    public EmbeddedExecutor build() {
      if ((dataSource == null) == (databaseUrl == null)) {
        throw new IllegalStateException("give exactly one of dataSource(...) or databaseUrl(...)");
      }
      current();
      PostgresStore store =
          dataSource != null
              ? PostgresStore.on(dataSource, migrate)
              : PostgresStore.open(databaseUrl, poolSize, metricRegistry, migrate);
      var started = new AtomicBoolean();
      try {
        var executor = new EmbeddedExecutor(this, store, started);
        executor.pool.open();
        started.set(true);
        return executor;
      } catch (RuntimeException e) {
        store.close();
        throw e;
      }
    }

    private static String hostName() {
      String env = System.getenv("HOSTNAME");
      if (env != null && !env.isBlank()) {
        return env;
      }
      try {
        return java.net.InetAddress.getLocalHost().getHostName();
      } catch (java.io.IOException e) {
        return "node";
      }
    }
  }

  /** The database probe behind health and readiness. */
  public StoreProbe probe() {
    return store.probe();
  }
}
