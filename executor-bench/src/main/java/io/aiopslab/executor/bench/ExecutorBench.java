package io.aiopslab.executor.bench;

import io.aiopslab.executor.app.config.ExecutorConfig;
import io.aiopslab.executor.app.observability.LoggingSetup;
import io.aiopslab.executor.domain.json.Json;
import io.aiopslab.executor.embedded.Version;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The executor's driver for the peer benchmark (/work/shared/peer-bench, issue 7): runs one
 * workload in a scratch database of its own (created, then dropped) and prints exactly one JSON
 * line on stdout — {@code {"peer":"task-executor","version":...,"workload":...,"settings":{...},
 * "figures":{...},"detail":{...}}} — with everything else (logs, progress) on stderr.
 *
 * <pre>
 * java -jar executor-bench/target/executor-bench.jar --workload w1|w1b|w1c|w2|w3|w4|w5
 *      [--c N] [--n N] [--quick]
 * </pre>
 *
 * The server comes from {@code PGHOST PGPORT PGUSER PGPASSWORD PGDATABASE} (default
 * postgres@127.0.0.1:5432, database postgres); the role needs CREATEDB. Workloads: see {@link
 * EnqueueWorkload} (w1, w1b, w1c), {@link DrainWorkload} (w2), {@link LatencyWorkload} (w3), {@link
 * ScaleWorkload} (w4), {@link CrashWorkload} (w5). Exit code 0 with the line, 1 without it.
 */
public final class ExecutorBench {
  private ExecutorBench() {}

  public static void main(String[] args) {
    // stdout carries the result line only: whatever else writes to it lands on stderr.
    PrintStream result = System.out;
    System.setOut(System.err);
    System.setProperty("org.jooq.no-logo", "true");
    System.setProperty("org.jooq.no-tips", "true");
    System.setProperty("liquibase.analytics.enabled", "false");
    LoggingSetup.apply(ExecutorConfig.from(Map.of("LOG_LEVEL", "WARN")));

    BenchOptions options;
    try {
      options = BenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    try {
      Map<String, Object> line = run(options, PgServer.fromEnvironment(System.getenv()));
      result.println(Json.write(line));
      result.flush();
      System.exit(0);
    } catch (Throwable e) {
      System.err.println("executor-bench " + options.workload() + " failed:");
      e.printStackTrace();
      System.exit(1);
    }
  }

  static Map<String, Object> run(BenchOptions o, PgServer server) throws Exception {
    var out = new LinkedHashMap<String, Object>();
    out.put("peer", "task-executor");
    out.put("version", Version.current());
    out.put("workload", o.workload());
    out.put("variant", o.variant());
    out.put("n", o.n());
    if (o.c() > 0) {
      out.put("c", o.c());
    }
    out.put("quick", o.quick());
    out.put("java", System.getProperty("java.version"));
    out.put("jvm_options", JvmOptions.tuning());
    String loadBefore = loadAverage();
    long t0 = System.nanoTime();
    try (ScratchDatabase db = server.createScratch()) {
      System.err.printf(
          "executor-bench %s n=%d c=%d%s in scratch database %s%n",
          o.workload(), o.n(), o.c(), o.quick() ? " (quick)" : "", db.name());
      switch (o.workload()) {
        case "w1" -> EnqueueWorkload.library(o, db, out);
        case "w1b" -> EnqueueWorkload.restBatch(o, db, out);
        case "w1c" -> EnqueueWorkload.restSingle(o, db, out);
        case "w2" -> DrainWorkload.run(o, db, out);
        case "w3" -> LatencyWorkload.run(o, db, out);
        case "w4" -> ScaleWorkload.run(o, db, out);
        case "w5" -> CrashWorkload.run(o, db, out);
        default -> throw new IllegalArgumentException("unknown workload " + o.workload());
      }
    }
    // The box is shared: the 1-minute load average says how much else competed for its cores.
    out.put(
        "machine",
        Results.map("load_avg_1m_before", loadBefore, "load_avg_1m_after", loadAverage()));
    System.err.printf(
        "executor-bench %s done in %.1f s: %s%n",
        o.workload(), (System.nanoTime() - t0) / 1e9, out.get("figures"));
    return out;
  }

  private static String loadAverage() {
    try {
      return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0];
    } catch (java.io.IOException | RuntimeException e) {
      return null;
    }
  }
}
