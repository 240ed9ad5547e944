package io.aiopslab.executor.embedded;

import io.aiopslab.executor.domain.spi.StoreProbe;
import io.aiopslab.executor.domain.spi.TaskQueue;
import io.aiopslab.executor.domain.spi.TaskRunner;
import io.aiopslab.executor.domain.spi.WorkerRegistry;
import io.aiopslab.executor.domain.task.SubmissionDefaults;
import io.aiopslab.executor.domain.task.Task;
import io.aiopslab.executor.domain.task.TaskId;
import io.aiopslab.executor.domain.task.TaskNotFound;
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
import io.aiopslab.executor.ports.tasks.SubmitTasks.SubmitTask;
import io.aiopslab.executor.ports.tasks.SubmitTasks.SubmitTaskBatch;
import io.aiopslab.executor.ports.tasks.TaskEventListener;
import io.aiopslab.executor.ports.tasks.TaskEvents;
import io.aiopslab.executor.ports.tasks.TaskService;
import io.aiopslab.executor.ports.workers.ControlWorkers;
import io.aiopslab.executor.ports.workers.QueryWorkers;
import io.aiopslab.executor.ports.workers.WorkerProtocol;
import io.aiopslab.executor.ports.workers.WorkerProtocolService;
import io.aiopslab.executor.ports.workers.WorkerQueryService;
import io.aiopslab.executor.postgres.PostgresStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
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
 *         .listener(new TaskEventListener() {
 *           public void finished(Task task) { log.info("{} {}", task.id(), task.status()); }
 *         })
 *         .build()) {
 *   Task task = executor.submit(TaskRequest.of("demo-1").withParameter("text", "hello"));
 *   Task done = executor.whenFinished(task.id()).get(1, TimeUnit.MINUTES);
 * }
 * }</pre>
 *
 * What the executor guarantees (at-least-once, fencing, crash recovery) and the {@link TaskRunner}
 * contract are in the module's README.
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
  private final FinishWaiters waiters = new FinishWaiters();

  private EmbeddedExecutor(
      Builder b, EngineSettings settings, PostgresStore store, AtomicBoolean started) {
    this.store = store;
    this.runner = b.runner;
    this.settings = settings;
    this.events =
        new TaskEvents(
            (message, error) ->
                System.getLogger(EmbeddedExecutor.class.getName())
                    .log(System.Logger.Level.WARNING, message, error));
    b.listeners.forEach(events::add);
    events.add(waiters);
    TaskQueue queue = store.queue();
    WorkerRegistry registry = store.workers();
    this.pool =
        new WorkerPool(
            settings,
            queue,
            registry,
            store.logs(),
            store.conversations(),
            store.notifications(),
            b.runner,
            events,
            b.clock);
    this.tasks =
        new TaskService(
            queue,
            store.logs(),
            new TaskSubmissionRules(b.submissionDefaults, b.clock),
            events,
            pool.claimOnSubmit());
    this.protocol =
        new WorkerProtocolService(
            queue, registry, store.logs(), events, b.clock, settings.heartbeatTimeout());
    this.workerQueries = new WorkerQueryService(registry, queue, pool, b.clock);
    this.conversations = new ConversationQueryService(store.conversations(), queue);
    this.health =
        new HealthService(
            store.probe(),
            queue,
            registry,
            () -> started.get() && !closed.get(),
            b.clock,
            settings.version());
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Put tasks in the queue (single, idempotent, batch). */
  public SubmitTasks submit() {
    return tasks;
  }

  /**
   * Queues one task and returns it as stored (pending). With an idempotency key, a repeat returns
   * the first task.
   *
   * @throws io.aiopslab.executor.domain.ValidationFailed the request breaks a submission rule (the
   *     message names the field)
   * @throws io.aiopslab.executor.domain.task.IdempotencyConflict the key is taken by another body
   */
  public Task submit(TaskRequest request) {
    Objects.requireNonNull(request, "request");
    return tasks.submit(new SubmitTask(request.body(), request.idempotencyKey())).task();
  }

  /** Queues 1–1000 tasks in one transaction, all or nothing; idempotency keys are not allowed. */
  public List<Task> submitAll(List<TaskRequest> requests) {
    Objects.requireNonNull(requests, "requests");
    List<Object> bodies = new ArrayList<>(requests.size());
    for (TaskRequest request : requests) {
      if (request.idempotencyKey() != null) {
        throw new IllegalArgumentException(
            "idempotency keys apply to single submits; use submit(TaskRequest) for " + request);
      }
      bodies.add(request.body());
    }
    return tasks.submitBatch(new SubmitTaskBatch(Map.of("tasks", bodies)));
  }

  /**
   * Completes with the task once it reaches a final state (completed, failed, timeout, cancelled),
   * driven by this node's task events, not by polling: at once when it is already final, and
   * exceptionally with {@link TaskNotFound} for an unknown id or {@link IllegalStateException} when
   * this executor closes first. A task that another node sharing the database finishes is not seen
   * (read it with {@link #tasks()}). Bound the wait with {@code get(timeout, unit)} or {@code
   * orTimeout}.
   */
  public CompletableFuture<Task> whenFinished(TaskId taskId) {
    Objects.requireNonNull(taskId, "taskId");
    if (closed.get()) {
      return CompletableFuture.failedFuture(closedBefore(taskId));
    }
    CompletableFuture<Task> future = waiters.register(taskId);
    // The task may have finished before the registration: one read closes that gap.
    try {
      store
          .queue()
          .find(taskId)
          .ifPresentOrElse(
              task -> {
                if (task.status().isFinal()) {
                  waiters.complete(task);
                }
              },
              () -> waiters.fail(taskId, new TaskNotFound(taskId)));
    } catch (RuntimeException e) {
      waiters.fail(taskId, e);
    }
    return future.copy();
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
      waiters.failAll(EmbeddedExecutor::closedBefore);
      store.close();
    }
  }

  private static IllegalStateException closedBefore(TaskId taskId) {
    return new IllegalStateException("the executor closed before task " + taskId + " finished");
  }

  /** The futures of {@link #whenFinished}, completed by this node's finished events. */
  private static final class FinishWaiters implements TaskEventListener {
    private final Map<TaskId, CompletableFuture<Task>> waiting = new ConcurrentHashMap<>();

    CompletableFuture<Task> register(TaskId taskId) {
      return waiting.computeIfAbsent(taskId, id -> new CompletableFuture<>());
    }

    @Override
    public void finished(Task task) {
      complete(task);
    }

    void complete(Task task) {
      CompletableFuture<Task> future = waiting.remove(task.id());
      if (future != null) {
        future.complete(task);
      }
    }

    void fail(TaskId taskId, Throwable error) {
      CompletableFuture<Task> future = waiting.remove(taskId);
      if (future != null) {
        future.completeExceptionally(error);
      }
    }

    void failAll(java.util.function.Function<TaskId, ? extends Throwable> error) {
      for (TaskId taskId : List.copyOf(waiting.keySet())) {
        fail(taskId, error.apply(taskId));
      }
    }
  }

  /**
   * Everything an executor needs. Required: exactly one of {@link #dataSource} or {@link
   * #databaseUrl}, and a {@link #runner}. Everything else has the service's defaults (README,
   * "Configuration"). {@link #build()} checks the whole configuration and fails with a message
   * naming the setting before it touches the database.
   */
  public static final class Builder {
    private DataSource dataSource;
    private String databaseUrl;
    private int poolSize;
    private Object metricRegistry;
    private boolean migrate = true;
    private TaskRunner runner;
    private EngineSettings settings;
    private Integer workers;
    private String nodeId;
    private SubmissionDefaults submissionDefaults = SubmissionDefaults.ORIGINAL;
    private Clock clock = Clock.systemUTC();
    private final List<TaskEventListener> listeners = new ArrayList<>();

    private Builder() {}

    /**
     * The host's PostgreSQL. One extra connection is taken from it for LISTEN/NOTIFY wake-ups and
     * kept for the executor's lifetime; size the host's pool accordingly (and exempt it from leak
     * detection). The host keeps owning it: {@link #close()} leaves it open.
     */
    public Builder dataSource(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
      return this;
    }

    /**
     * A database URL ({@code postgresql://user:pass@host:5432/db}, {@code postgresql+asyncpg://},
     * {@code jdbc:postgresql:}); the executor opens and owns a pool of {@code poolSize} (plus one
     * LISTEN connection outside it) and closes it on {@link #close()}.
     */
    public Builder databaseUrl(String databaseUrl, int poolSize) {
      this.databaseUrl = Objects.requireNonNull(databaseUrl, "databaseUrl");
      if (poolSize < 1) {
        throw new IllegalArgumentException("poolSize must be at least 1, was " + poolSize);
      }
      this.poolSize = poolSize;
      return this;
    }

    /** A Micrometer MeterRegistry for the pool's {@code hikaricp_*} metrics (URL form only). */
    public Builder poolMetrics(Object meterRegistry) {
      this.metricRegistry = Objects.requireNonNull(meterRegistry, "meterRegistry");
      return this;
    }

    /**
     * Apply the schema migrations at build (default true). Safe with several nodes starting at
     * once; a database already up to date is left as it is. With false, the schema must exist.
     */
    public Builder migrate(boolean migrate) {
      this.migrate = migrate;
      return this;
    }

    /**
     * What runs a task (required): the host's own {@link TaskRunner}, {@code new
     * SimulatedTaskRunner()} (fake AIOpsLab runs) or a {@code ProcessTaskRunner}.
     */
    public Builder runner(TaskRunner runner) {
      this.runner = Objects.requireNonNull(runner, "runner");
      return this;
    }

    /**
     * All engine settings at once (node id, pool size, lease, intervals, grace, retention...);
     * {@link #workers} and {@link #nodeId}, when given, override theirs whatever the call order.
     */
    public Builder settings(EngineSettings settings) {
      this.settings = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /**
     * How many tasks this executor runs at once ({@code NUM_INTERNAL_WORKERS}, default 3); 0 only
     * submits and queries. Raises the scale limit ({@code MAX_INTERNAL_WORKERS}) when above it.
     */
    public Builder workers(int numWorkers) {
      if (numWorkers < 0 || numWorkers > EngineSettings.MAX_POOL_SIZE) {
        throw new IllegalArgumentException(
            "workers must be between 0 and "
                + EngineSettings.MAX_POOL_SIZE
                + ", was "
                + numWorkers);
      }
      this.workers = numWorkers;
      return this;
    }

    /**
     * This executor's name ({@code NODE_ID}, default the host name): its workers are {@code
     * <nodeId>-worker-001}... It must be unique among the executors sharing a database that run at
     * the same time; a restart under the same id hands back what the previous life left running.
     */
    public Builder nodeId(String nodeId) {
      this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
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

    /** Receives this node's task events from the first submit on (see {@link #addListener}). */
    public Builder listener(TaskEventListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /** The engine settings build() will use: the given ones (or defaults) plus the overrides. */
    EngineSettings effectiveSettings() {
      EngineSettings effective =
          settings != null
              ? settings
              : EngineSettings.defaults(
                  EngineSettings.defaultNodeId(), Version.current(), ProcessHandle.current().pid());
      if (nodeId != null) {
        effective = withNodeId(effective, nodeId);
      }
      if (workers != null) {
        if (workers > effective.maxWorkers()) {
          effective = effective.withMaxWorkers(workers);
        }
        effective = effective.withNumWorkers(workers);
      }
      return effective;
    }

    /** Checks the configuration, migrates, wires and starts the worker pool. */
    public EmbeddedExecutor build() {
      if (dataSource == null && databaseUrl == null) {
        throw new IllegalStateException(
            "no database: give dataSource(...) (the host's pool) or databaseUrl(url, poolSize)");
      }
      if (dataSource != null && databaseUrl != null) {
        throw new IllegalStateException(
            "give only one of dataSource(...) or databaseUrl(...), not both");
      }
      if (runner == null) {
        throw new IllegalStateException(
            "no runner: give runner(...) — your own TaskRunner, new SimulatedTaskRunner() or a"
                + " ProcessTaskRunner");
      }
      if (metricRegistry != null && dataSource != null) {
        throw new IllegalStateException(
            "poolMetrics(...) applies to databaseUrl(...) only; the host's DataSource reports its"
                + " own metrics");
      }
      EngineSettings effective;
      try {
        effective = effectiveSettings();
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException("invalid engine settings: " + e.getMessage(), e);
      }
      if (dataSource != null) {
        checkDatabase(dataSource, migrate);
      }
      PostgresStore store =
          dataSource != null
              ? PostgresStore.on(dataSource, migrate)
              : PostgresStore.open(databaseUrl, poolSize, metricRegistry, migrate);
      var started = new AtomicBoolean();
      try {
        var executor = new EmbeddedExecutor(this, effective, store, started);
        executor.pool.open();
        started.set(true);
        return executor;
      } catch (RuntimeException e) {
        store.close();
        throw e;
      }
    }

    /** A DataSource of another database, or a schema that is not there, fails here, not later. */
    private static void checkDatabase(DataSource dataSource, boolean migrate) {
      try (Connection connection = dataSource.getConnection()) {
        String product = connection.getMetaData().getDatabaseProductName();
        if (!"PostgreSQL".equals(product)) {
          throw new IllegalStateException(
              "the executor needs PostgreSQL; the DataSource is connected to " + product);
        }
        if (!migrate) {
          try (Statement statement = connection.createStatement();
              ResultSet row = statement.executeQuery("SELECT to_regclass('tasks') IS NOT NULL")) {
            if (!row.next() || !row.getBoolean(1)) {
              throw new IllegalStateException(
                  "the database has no executor schema (table tasks); build once with"
                      + " migrate(true)");
            }
          }
        }
      } catch (SQLException e) {
        throw new IllegalStateException(
            "cannot connect through the DataSource: " + e.getMessage(), e);
      }
    }

    private static EngineSettings withNodeId(EngineSettings s, String nodeId) {
      return new EngineSettings(
          nodeId,
          s.numWorkers(),
          s.maxWorkers(),
          s.autoStart(),
          s.backendType(),
          s.lease(),
          s.pollInterval(),
          s.heartbeatTimeout(),
          s.timeoutCheckInterval(),
          s.shutdownGrace(),
          s.retention(),
          s.prefetch(),
          s.version(),
          s.pid());
    }
  }

  /** The database probe behind health and readiness. */
  public StoreProbe probe() {
    return store.probe();
  }
}
