package io.aiopslab.executor.bench;

import io.aiopslab.executor.app.ExecutorNode;
import io.aiopslab.executor.app.config.ExecutorConfig;
import io.aiopslab.executor.domain.spi.TaskRunner;
import io.aiopslab.executor.embedded.EmbeddedExecutor;
import io.aiopslab.executor.embedded.Version;
import io.aiopslab.executor.ports.engine.EngineSettings;
import io.aiopslab.executor.ports.tasks.TaskEventListener;
import java.util.HashMap;
import java.util.Map;

/** How the workloads start an executor: the library, or the whole service in this JVM. */
final class Nodes {
  private Nodes() {}

  /** The documented defaults with this node id, pool size and auto-start. */
  static EngineSettings settings(String nodeId, int workers, boolean autoStart) {
    return EngineSettings.defaults(nodeId, Version.current(), ProcessHandle.current().pid())
        .withMaxWorkers(Math.max(EngineSettings.DEFAULT_MAX_WORKERS, workers))
        .withNumWorkers(workers)
        .withAutoStart(autoStart);
  }

  static EmbeddedExecutor library(
      ScratchDatabase db,
      int databasePoolSize,
      EngineSettings settings,
      TaskRunner runner,
      TaskEventListener listener) {
    return EmbeddedExecutor.builder()
        .databaseUrl(db.databaseUrl(), databasePoolSize)
        .settings(settings)
        .runner(runner)
        .listener(listener)
        .build();
  }

  /**
   * The full service (REST API, metrics, worker pool) on an ephemeral port of 127.0.0.1, configured
   * as an operator would through the environment; {@code extra} overrides the defaults given here.
   */
  static ExecutorNode service(ScratchDatabase db, Map<String, String> extra) {
    var env = new HashMap<String, String>();
    env.put("DATABASE_URL", db.databaseUrl());
    env.put("HOST", "127.0.0.1");
    env.put("PORT", "0");
    env.put("NODE_ID", "bench");
    env.put("LOG_LEVEL", "WARN");
    env.putAll(extra);
    return ExecutorNode.start(ExecutorConfig.from(env));
  }
}
