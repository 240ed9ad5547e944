package io.aiopslab.executor.bench;

import static io.aiopslab.executor.bench.Results.map;

import io.aiopslab.executor.domain.json.Json;
import io.aiopslab.executor.ports.engine.EngineSettings;
import io.aiopslab.executor.ports.tasks.TaskEventListener;
import io.aiopslab.executor.process.SimulatedTaskRunner;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * W5 — crash recovery: node A is the service as a child JVM ({@code java -cp <this classpath>
 * io.aiopslab.executor.app.Main}, configured through its environment) with N (500) internal
 * workers; N tasks of 5 s are submitted over its REST API; once the database shows all N running on
 * A, A gets SIGKILL. Node B (the library, in this JVM, N workers) is started right after the kill.
 * Figure: seconds from the kill until the database shows all N running on B — with default settings
 * that is bounded by the lease (15 s) plus the reaper period (10 s) plus B's startup. Then every
 * task must complete exactly once more: duplicate executions (B's runner entered twice for a task)
 * and duplicate completions ("Task completed" logged twice) must be 0.
 *
 * <p>{@code --quick}: lease 1 s, reaper every 0.5 s, tasks of 2 s.
 */
final class CrashWorkload {
  private CrashWorkload() {}

  private static final String MAIN = "io.aiopslab.executor.app.Main";

  static void run(BenchOptions o, ScratchDatabase db, Map<String, Object> out) throws Exception {
    int n = o.n();
    boolean quick = o.quick();
    Duration lease = quick ? Duration.ofSeconds(1) : EngineSettings.DEFAULT_LEASE;
    Duration check = quick ? Duration.ofMillis(500) : EngineSettings.DEFAULT_TIMEOUT_CHECK_INTERVAL;
    long taskMillis = quick ? 2_000 : 5_000;
    int maxWorkers = Math.max(512, n);

    int port = freePort();
    Path dir = Files.createTempDirectory("executor-bench-w5-");
    Path logFile = dir.resolve("node-a.log");
    var command = new ArrayList<String>();
    command.add(javaBinary());
    command.addAll(JvmOptions.tuning()); // the node runs as the driver does
    command.addAll(List.of("-cp", absoluteClassPath(), MAIN));
    var builder =
        new ProcessBuilder(command)
            .directory(dir.toFile()) // no stray .env is read
            .redirectErrorStream(true)
            .redirectOutput(logFile.toFile());
    var env = builder.environment();
    for (String inherited :
        List.of(
            "LEASE_SECONDS",
            "TIMEOUT_CHECK_INTERVAL",
            "WORKER_POLL_INTERVAL",
            "DATABASE_POOL_SIZE",
            "AUTO_START_WORKERS",
            "EXECUTOR_RUNNER",
            "EXECUTOR_BACKEND_TYPE")) {
      env.remove(inherited);
    }
    env.put("DATABASE_URL", db.databaseUrl());
    env.put("HOST", "127.0.0.1");
    env.put("PORT", Integer.toString(port));
    env.put("NODE_ID", "bench-a");
    env.put("NUM_INTERNAL_WORKERS", Integer.toString(n));
    env.put("MAX_INTERNAL_WORKERS", Integer.toString(maxWorkers));
    env.put("LOG_LEVEL", "WARN");
    if (quick) {
      env.put("LEASE_SECONDS", Double.toString(lease.toMillis() / 1000.0));
      env.put("TIMEOUT_CHECK_INTERVAL", Double.toString(check.toMillis() / 1000.0));
    }
    System.err.println("w5: node A log: " + logFile);

    Process nodeA = builder.start();
    try {
      long launched = System.nanoTime();
      waitReady(nodeA, port, logFile);
      long ready = System.nanoTime();
      try (var http = new HttpConnection("127.0.0.1", port)) {
        for (int i = 0; i < n; i += 1_000) {
          var tasks = new ArrayList<Object>();
          for (int k = i; k < Math.min(n, i + 1_000); k++) {
            tasks.add(TaskBodies.sleeping(k, taskMillis));
          }
          var response =
              http.post(
                  "/api/v1/tasks/batch",
                  Json.write(TaskBodies.batch(tasks)).getBytes(StandardCharsets.UTF_8));
          if (response.status() != 201) {
            throw new IllegalStateException(
                "node A: POST /api/v1/tasks/batch answered " + response.status());
          }
        }
      }
      long submitted = System.nanoTime();
      awaitCount(
          db,
          "SELECT count(*) FROM tasks WHERE status = 'running' AND worker_id LIKE 'bench-a-%'",
          n,
          Duration.ofSeconds(60),
          "all tasks running on node A");
      long allRunningOnA = System.nanoTime();

      long killed = System.nanoTime();
      nodeA.destroyForcibly(); // SIGKILL: no shutdown hook, no hand-back
      nodeA.waitFor();
      long stillRunning = db.count("SELECT count(*) FROM tasks WHERE status = 'running'");

      var runner = new CountingRunner(new SimulatedTaskRunner());
      EngineSettings settings =
          Nodes.settings("bench-b", n, true)
              .withMaxWorkers(maxWorkers)
              .withTimings(
                  lease,
                  EngineSettings.DEFAULT_POLL_INTERVAL,
                  check,
                  EngineSettings.DEFAULT_SHUTDOWN_GRACE);
      int poolSize = 20;
      try (var nodeB = Nodes.library(db, poolSize, settings, runner, TaskEventListener.NONE)) {
        long bStarted = System.nanoTime();
        long firstRerun = 0;
        long deadline = killed + TimeUnit.SECONDS.toNanos(180);
        long recovered;
        while (true) {
          long onB =
              db.count(
                  "SELECT count(*) FROM tasks WHERE worker_id LIKE 'bench-b-%'"
                      + " AND status IN ('running', 'completed')");
          long now = System.nanoTime();
          if (onB > 0 && firstRerun == 0) {
            firstRerun = now;
          }
          if (onB >= n) {
            recovered = now;
            break;
          }
          if (now > deadline) {
            throw new IllegalStateException(
                "timeout: " + onB + " of " + n + " tasks picked up by node B");
          }
          Thread.sleep(50);
        }
        awaitCount(
            db,
            "SELECT count(*) FROM tasks WHERE status IN ('completed', 'failed', 'timeout',"
                + " 'cancelled')",
            n,
            Duration.ofMillis(taskMillis).plusSeconds(120),
            "all tasks finished on node B");
        long finished = System.nanoTime();
        nodeB.workers().stop();

        long completed = db.count("SELECT count(*) FROM tasks WHERE status = 'completed'");
        long duplicateCompletions = DrainWorkload.duplicateCompletions(db);
        long notOnB = db.count("SELECT count(*) FROM tasks WHERE worker_id NOT LIKE 'bench-b-%'");
        out.put(
            "api",
            "node A: java -cp <bench classpath> "
                + MAIN
                + " (child JVM), SIGKILL; node B:"
                + " EmbeddedExecutor in the bench JVM");
        out.put(
            "settings",
            map(
                "tasks",
                n,
                "task_duration_ms",
                taskMillis,
                "node_a_env",
                map(
                    "NUM_INTERNAL_WORKERS",
                    n,
                    "MAX_INTERNAL_WORKERS",
                    maxWorkers,
                    "LEASE_SECONDS",
                    lease.toMillis() / 1000.0,
                    "TIMEOUT_CHECK_INTERVAL",
                    check.toMillis() / 1000.0),
                "timings_are_defaults",
                !quick,
                "node_b",
                map("internal_workers", n, "database_pool_size", poolSize)));
        out.put(
            "figures",
            map(
                "recovery_s",
                Results.round((recovered - killed) / 1e9, 2),
                "duplicates",
                runner.duplicates() + duplicateCompletions));
        out.put(
            "detail",
            map(
                "node_a_ready_s",
                Results.round((ready - launched) / 1e9, 2),
                "all_running_on_a_after_submit_s",
                Results.round((allRunningOnA - submitted) / 1e9, 2),
                "running_at_kill",
                stillRunning,
                "node_b_started_after_kill_s",
                Results.round((bStarted - killed) / 1e9, 2),
                "first_rerun_after_kill_s",
                Results.round((firstRerun - killed) / 1e9, 2),
                "all_finished_after_kill_s",
                Results.round((finished - killed) / 1e9, 2),
                "completed",
                completed,
                "finished_elsewhere_than_b",
                notOnB,
                "duplicate_executions",
                runner.duplicates(),
                "duplicate_completions",
                duplicateCompletions,
                "tasks_run_on_b",
                runner.tasksRun()));
        if (completed != n) {
          throw new IllegalStateException(completed + " of " + n + " tasks completed");
        }
      }
      // Kept for a look when the run fails; nothing to see when it passed.
      Files.deleteIfExists(logFile);
      Files.deleteIfExists(dir);
    } finally {
      if (nodeA.isAlive()) {
        nodeA.destroyForcibly();
      }
    }
  }

  private static void waitReady(Process node, int port, Path logFile) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (true) {
      if (!node.isAlive()) {
        throw new IllegalStateException(
            "node A exited with " + node.exitValue() + ":\n" + Files.readString(logFile));
      }
      try (var http = new HttpConnection("127.0.0.1", port)) {
        if (http.get("/ready").status() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "node A not ready after 90 s:\n" + Files.readString(logFile));
      }
      Thread.sleep(100);
    }
  }

  private static void awaitCount(
      ScratchDatabase db, String sql, long expected, Duration timeout, String what)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    long seen;
    while ((seen = db.count(sql)) < expected) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "timeout waiting for " + what + ": " + seen + " of " + expected);
      }
      Thread.sleep(20);
    }
  }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** The child starts in its own directory: a class path given relative to ours must not break. */
  private static String absoluteClassPath() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .map(entry -> Path.of(entry).toAbsolutePath().toString())
        .collect(Collectors.joining(File.pathSeparator));
  }

  private static String javaBinary() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }
}
