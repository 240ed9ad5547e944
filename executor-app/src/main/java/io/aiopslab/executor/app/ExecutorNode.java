package io.aiopslab.executor.app;

import io.aiopslab.executor.app.config.ExecutorConfig;
import io.aiopslab.executor.app.observability.ExecutorMetrics;
import io.aiopslab.executor.domain.spi.TaskRunner;
import io.aiopslab.executor.embedded.EmbeddedExecutor;
import io.aiopslab.executor.embedded.Version;
import io.aiopslab.executor.ports.engine.EngineSettings;
import io.aiopslab.executor.ports.health.CheckHealth;
import io.aiopslab.executor.process.ProcessRunnerConfig;
import io.aiopslab.executor.process.ProcessTaskRunner;
import io.aiopslab.executor.process.SimulatedTaskRunner;
import io.aiopslab.executor.rest.HttpMetrics;
import io.aiopslab.executor.rest.RestApi;
import io.aiopslab.executor.rest.RestDependencies;
import io.aiopslab.executor.rest.RestServer;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running node: the composition root. Builds everything by hand from the config — database
 * (embedded unless DATABASE_URL), the core ({@link EmbeddedExecutor}), metrics, the HTTP server —
 * and takes it down in the order DESIGN.md gives.
 */
public final class ExecutorNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ExecutorNode.class);

  private final ExecutorConfig config;
  private final EmbeddedDatabase embeddedDatabase;
  private final ExecutorMetrics metrics;
  private final EmbeddedExecutor executor;
  private final RestServer server;
  private final AtomicBoolean accepting;
  private final AtomicBoolean closing = new AtomicBoolean();

  private ExecutorNode(
      ExecutorConfig config,
      EmbeddedDatabase embeddedDatabase,
      ExecutorMetrics metrics,
      EmbeddedExecutor executor,
      RestServer server,
      AtomicBoolean accepting) {
    this.config = config;
    this.accepting = accepting;
    this.embeddedDatabase = embeddedDatabase;
    this.metrics = metrics;
    this.executor = executor;
    this.server = server;
  }

  public static ExecutorNode start(ExecutorConfig config) {
    Clock clock = Clock.systemUTC();
    EmbeddedDatabase embedded =
        config.embeddedDatabase() ? EmbeddedDatabase.start(config.embeddedDataDir()) : null;
    String databaseUrl = embedded != null ? embedded.url() : config.databaseUrl();
    ExecutorMetrics metrics = config.metricsEnabled() ? new ExecutorMetrics(clock) : null;
    EmbeddedExecutor executor = null;
    try {
      var builder =
          EmbeddedExecutor.builder()
              .databaseUrl(databaseUrl, config.databasePoolSize())
              .runner(runner(config))
              .settings(engineSettings(config))
              .submissionDefaults(config.submissionDefaults())
              .clock(clock);
      if (metrics != null) {
        builder.poolMetrics(metrics.registry()).listener(metrics.taskListener());
      }
      executor = builder.build();
      if (metrics != null) {
        metrics.watch(executor.queue(), executor.registry());
      }
      var accepting = new AtomicBoolean(true); // readiness goes down first on shutdown
      CheckHealth health = new NodeHealth(executor.health(), accepting::get);
      RestDependencies dependencies =
          new RestDependencies(
              executor.submit(),
              executor.tasks(),
              executor.cancel(),
              executor.workerProtocol(),
              executor.workerQueries(),
              executor.workers(),
              executor.conversations(),
              health,
              metrics != null
                  ? metrics::scrape
                  : () -> "# metrics disabled (ENABLE_METRICS=false)\n",
              metrics != null ? metrics::recordHttp : HttpMetrics.NONE,
              Version.current(),
              config.maxBodyBytes());
      RestServer server =
          RestServer.start(
              config.host(),
              config.port(),
              RestApi.resourceConfig(dependencies),
              Duration.ofSeconds(5));
      return new ExecutorNode(config, embedded, metrics, executor, server, accepting);
    } catch (RuntimeException e) {
      if (executor != null) {
        executor.shutdown(Duration.ZERO);
      }
      if (metrics != null) {
        metrics.close();
      }
      if (embedded != null) {
        embedded.close();
      }
      throw e;
    }
  }

  public URI baseUri() {
    return server.baseUri();
  }

  public EmbeddedExecutor executor() {
    return executor;
  }

  /** One line a person reads to know what runs where. */
  public String banner() {
    String database =
        embeddedDatabase != null
            ? "embedded PostgreSQL (data in " + embeddedDatabase.dataDirectory() + ")"
            : "PostgreSQL at " + redact(config.databaseUrl());
    return "Task Executor "
        + Version.current()
        + " serving "
        + server.baseUri()
        + " (node "
        + config.nodeId()
        + ", database: "
        + database
        + ", runner: "
        + executor.runner().name()
        + ", workers: "
        + config.numInternalWorkers()
        + (config.autoStartWorkers() ? "" : " stopped")
        + ")";
  }

  /**
   * Graceful shutdown: readiness down → HTTP stops accepting (in-flight requests finish) → stop
   * claiming → wait up to the grace → hand back what still runs → close the pool and database.
   */
  @Override
  public void close() {
    shutdown(config.shutdownGrace());
  }

  public void shutdown(Duration grace) {
    if (!closing.compareAndSet(false, true)) {
      // A second request (second SIGTERM): hand back at once.
      executor.shutdown(Duration.ZERO);
      return;
    }
    LOG.info("Shutting down (grace {} s)", grace.toSeconds());
    accepting.set(false);
    try {
      server.close();
    } finally {
      try {
        executor.shutdown(grace);
      } finally {
        if (metrics != null) {
          metrics.close();
        }
        if (embeddedDatabase != null) {
          embeddedDatabase.close();
        }
        LOG.info("Stopped");
      }
    }
  }

  private static TaskRunner runner(ExecutorConfig config) {
    return switch (config.runner()) {
      case SIMULATED -> new SimulatedTaskRunner();
      case PROCESS -> {
        ExecutorConfig.ProcessSettings p = config.process();
        var runnerConfig =
            ProcessRunnerConfig.of(p.command(), p.workDir().toAbsolutePath())
                .withGracePeriod(p.stopGrace())
                .withCluster(p.clusterPrefix(), p.kubeconfigDir());
        yield new ProcessTaskRunner(runnerConfig);
      }
    };
  }

  static EngineSettings engineSettings(ExecutorConfig config) {
    return new EngineSettings(
        config.nodeId(),
        config.numInternalWorkers(),
        config.maxInternalWorkers(),
        config.autoStartWorkers(),
        config.backendType(),
        config.lease(),
        config.workerPollInterval(),
        config.workerHeartbeatTimeout(),
        config.timeoutCheckInterval(),
        config.shutdownGrace(),
        config.retention(),
        config.workerPrefetch(),
        Version.current(),
        ProcessHandle.current().pid());
  }

  /** The URL without its password, in the user-info or the JDBC query form. */
  static String redact(String url) {
    return url.replaceAll("//([^:/@]+):[^@]*@", "//$1:***@")
        .replaceAll("(?i)([?&]password=)[^&]*", "$1***");
  }
}
