package io.aiopslab.executor.rest;

import io.aiopslab.executor.ports.conversations.QueryConversations;
import io.aiopslab.executor.ports.health.CheckHealth;
import io.aiopslab.executor.ports.tasks.CancelTask;
import io.aiopslab.executor.ports.tasks.QueryTasks;
import io.aiopslab.executor.ports.tasks.SubmitTasks;
import io.aiopslab.executor.ports.workers.ControlWorkers;
import io.aiopslab.executor.ports.workers.QueryWorkers;
import io.aiopslab.executor.ports.workers.WorkerProtocol;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Everything the HTTP adapter calls: the driving ports, the Prometheus text of {@code /metrics},
 * where request metrics go, the version shown by {@code /} and the request body limit in bytes.
 */
public record RestDependencies(
    SubmitTasks submitTasks,
    QueryTasks queryTasks,
    CancelTask cancelTask,
    WorkerProtocol workerProtocol,
    QueryWorkers queryWorkers,
    ControlWorkers controlWorkers,
    QueryConversations queryConversations,
    CheckHealth checkHealth,
    Supplier<String> metricsText,
    HttpMetrics httpMetrics,
    String version,
    long maxBodyBytes) {

  /** 1 MiB, the default of {@code MAX_BODY_BYTES}. */
  public static final long DEFAULT_MAX_BODY_BYTES = 1L << 20;

  public RestDependencies {
    Objects.requireNonNull(submitTasks, "submitTasks");
    Objects.requireNonNull(queryTasks, "queryTasks");
    Objects.requireNonNull(cancelTask, "cancelTask");
    Objects.requireNonNull(workerProtocol, "workerProtocol");
    Objects.requireNonNull(queryWorkers, "queryWorkers");
    Objects.requireNonNull(controlWorkers, "controlWorkers");
    Objects.requireNonNull(queryConversations, "queryConversations");
    Objects.requireNonNull(checkHealth, "checkHealth");
    metricsText = metricsText == null ? () -> "" : metricsText;
    httpMetrics = httpMetrics == null ? HttpMetrics.NONE : httpMetrics;
    Objects.requireNonNull(version, "version");
    if (maxBodyBytes < 1) {
      throw new IllegalArgumentException("maxBodyBytes must be positive");
    }
  }
}
