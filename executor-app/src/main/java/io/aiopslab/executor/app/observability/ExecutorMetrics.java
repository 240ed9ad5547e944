package io.aiopslab.executor.app.observability;

import io.aiopslab.executor.domain.spi.TaskQueue;
import io.aiopslab.executor.domain.spi.WorkerRegistry;
import io.aiopslab.executor.domain.task.Task;
import io.aiopslab.executor.domain.task.TaskStatistics;
import io.aiopslab.executor.domain.task.TaskStatus;
import io.aiopslab.executor.domain.worker.WorkerCounts;
import io.aiopslab.executor.ports.tasks.TaskEventListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Prometheus registry behind {@code /metrics} and the metrics API.md names. Task counters and
 * histograms come from task events of this node; queue and worker gauges from one statistics read
 * per scrape (at most one per second, so scrapes cannot load the database).
 */
public final class ExecutorMetrics implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ExecutorMetrics.class);
  private static final Duration GAUGE_MAX_AGE = Duration.ofSeconds(1);

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Clock clock;
  private volatile TaskQueue queue;
  private volatile WorkerRegistry workers;
  private final Counter submitted;
  private final Map<TaskStatus, Counter> finished = new EnumMap<>(TaskStatus.class);
  private final Timer waitTime;
  private final Timer runTime;
  private final Map<String, Timer> httpTimers = new ConcurrentHashMap<>();
  private final AtomicReference<Snapshot> snapshot = new AtomicReference<>();
  private final JvmGcMetrics gcMetrics = new JvmGcMetrics();

  private record Snapshot(long takenNanos, TaskStatistics tasks, WorkerCounts workers) {}

  public ExecutorMetrics(Clock clock) {
    this.clock = clock;
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    gcMetrics.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);

    submitted =
        Counter.builder("executor.tasks.submitted")
            .description("Tasks accepted by this node")
            .register(registry);
    for (TaskStatus status : TaskStatus.values()) {
      if (status.isFinal()) {
        finished.put(
            status,
            Counter.builder("executor.tasks.finished")
                .description("Tasks that reached a final state on this node")
                .tag("status", status.wireName())
                .register(registry));
      }
      Gauge.builder("task.queue.size", this, m -> m.current().tasks().count(status))
          .description("Tasks in the queue by status (all nodes)")
          .tag("status", status.wireName())
          .register(registry);
    }
    waitTime =
        Timer.builder("executor.task.wait")
            .description("Time from submission to start of an attempt")
            .publishPercentileHistogram()
            .register(registry);
    runTime =
        Timer.builder("executor.task.run")
            .description("Time from start to the end of an attempt")
            .publishPercentileHistogram()
            .register(registry);
    Gauge.builder("worker.count", this, m -> m.current().workers().idle())
        .tag("status", "idle")
        .register(registry);
    Gauge.builder("worker.count", this, m -> m.current().workers().busy())
        .tag("status", "busy")
        .register(registry);
    Gauge.builder("worker.count", this, m -> m.current().workers().offline())
        .tag("status", "offline")
        .register(registry);
    Gauge.builder("executor.queue.oldest.pending", this, ExecutorMetrics::oldestPendingSeconds)
        .description("Age of the oldest pending task")
        .baseUnit("seconds")
        .register(registry);
  }

  /** Where the queue and worker gauges read from (until then they show zeros). */
  public void watch(TaskQueue queue, WorkerRegistry workers) {
    this.queue = queue;
    this.workers = workers;
  }

  /** The registry, e.g. to hand to the connection pool for its {@code hikaricp_*} metrics. */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** Prometheus text exposition; refreshes the gauges' snapshot if it is older than a second. */
  public String scrape() {
    return registry.scrape();
  }

  /** Records one HTTP request; {@code endpoint} is the route template, never a raw path. */
  public void recordHttp(String method, String endpoint, int status, long nanos) {
    registry
        .counter(
            "http.requests",
            "method",
            method,
            "endpoint",
            endpoint,
            "status",
            Integer.toString(status))
        .increment();
    httpTimers
        .computeIfAbsent(
            method + " " + endpoint,
            key ->
                Timer.builder("http.request.duration")
                    .tag("method", method)
                    .tag("endpoint", endpoint)
                    .publishPercentileHistogram()
                    .register(registry))
        .record(Duration.ofNanos(nanos));
  }

  /** Task events of this node feed the counters and histograms. */
  public TaskEventListener taskListener() {
    return new TaskEventListener() {
      @Override
      public void submitted(Task task) {
        submitted.increment();
      }

      @Override
      public void started(Task task) {
        if (task.startedAt() != null) {
          waitTime.record(Duration.between(task.createdAt(), task.startedAt()).abs());
        }
      }

      @Override
      public void finished(Task task) {
        Counter counter = finished.get(task.status());
        if (counter != null) {
          counter.increment();
        }
        if (task.startedAt() != null && task.completedAt() != null) {
          runTime.record(Duration.between(task.startedAt(), task.completedAt()).abs());
        }
      }
    };
  }

  private Snapshot current() {
    Snapshot last = snapshot.get();
    long now = System.nanoTime();
    if (last != null && now - last.takenNanos() < GAUGE_MAX_AGE.toNanos()) {
      return last;
    }
    try {
      if (queue == null || workers == null) {
        throw new IllegalStateException("the queue is not open yet");
      }
      Snapshot fresh = new Snapshot(now, queue.statistics(), workers.counts());
      snapshot.set(fresh);
      return fresh;
    } catch (RuntimeException e) {
      LOG.warn("queue gauges not refreshed: {}", e.getMessage());
      if (last != null) {
        return last;
      }
      Snapshot empty =
          new Snapshot(
              now,
              new TaskStatistics(Map.of(), null, null, Map.of(), Map.of(), null),
              new WorkerCounts(0, 0, 0));
      snapshot.set(empty);
      return empty;
    }
  }

  private double oldestPendingSeconds() {
    var oldest = current().tasks().oldestPendingCreatedAt();
    return oldest == null
        ? 0.0
        : Math.max(0, Duration.between(oldest, clock.instant()).toMillis() / 1000.0);
  }

  @Override
  public void close() {
    gcMetrics.close();
    registry.close();
  }
}
