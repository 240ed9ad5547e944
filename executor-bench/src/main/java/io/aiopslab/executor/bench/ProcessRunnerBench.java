package io.aiopslab.executor.bench;

import io.aiopslab.executor.domain.log.LogLevel;
import io.aiopslab.executor.domain.run.RunEvents;
import io.aiopslab.executor.domain.run.RunOutcome;
import io.aiopslab.executor.domain.run.RunRequest;
import io.aiopslab.executor.domain.run.StopSignal;
import io.aiopslab.executor.domain.task.Task;
import io.aiopslab.executor.domain.task.TaskId;
import io.aiopslab.executor.domain.task.TaskStatus;
import io.aiopslab.executor.process.ProcessRunnerConfig;
import io.aiopslab.executor.process.ProcessTaskRunner;
import io.aiopslab.executor.process.SimulatedTaskRunner;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runner figures: (1) the process runner's cost per task (spawn a process that prints a result,
 * read it, decide the outcome) against a bare {@code ProcessBuilder} spawn of the same command; (2)
 * heap while a process prints a million lines; (3) instant simulated runs per second.
 *
 * <pre>
 * ./mvnw -pl executor-bench -am package -DskipTests
 * java -cp "executor-bench/target/classes:executor-process-adapter/target/classes:executor-domain/target/classes" \
 *   io.aiopslab.executor.bench.ProcessRunnerBench [runs]
 * </pre>
 */
public final class ProcessRunnerBench {

  private static final String RESULT_LINE =
      "echo '{\"event\":\"result\",\"result\":{\"success\":true}}'";

  private ProcessRunnerBench() {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    Path root = Files.createTempDirectory("process-runner-bench");
    List<String> command = List.of("sh", "-c", RESULT_LINE);

    double bare = medianMillis(runs, () -> new ProcessBuilder(command).start().waitFor());
    var runner = new ProcessTaskRunner(ProcessRunnerConfig.of(command, root));
    double viaRunner =
        medianMillis(
            runs,
            () -> {
              RunOutcome outcome = runner.run(request(), RunEvents.NONE);
              if (!(outcome instanceof RunOutcome.Succeeded)) {
                throw new IllegalStateException("unexpected outcome " + outcome);
              }
            });
    System.out.printf(
        "process spawn, bare ProcessBuilder:   median %.2f ms over %d runs%n", bare, runs);
    System.out.printf(
        "process runner (task.json, setsid, readers, outcome): median %.2f ms; overhead %.2f ms%n",
        viaRunner, viaRunner - bare);

    floodHeap(root);
    simulatedThroughput();
  }

  private static void floodHeap(Path root) throws Exception {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    var runner =
        new ProcessTaskRunner(
            ProcessRunnerConfig.of(
                List.of(
                    "sh", "-c", "yes " + "y".repeat(100) + " | head -n 1000000; " + RESULT_LINE),
                root));
    var lines = new AtomicLong();
    RunEvents counting =
        new RunEvents() {
          @Override
          public void log(LogLevel level, String message, Map<String, Object> context) {
            lines.incrementAndGet();
          }

          @Override
          public void message(String role, String content, Map<String, Object> metadata) {}

          @Override
          public void progress(Map<String, Object> progress) {}
        };
    System.gc();
    long before = memory.getHeapMemoryUsage().getUsed();
    var peak = new AtomicLong(before);
    var running = new AtomicBoolean(true);
    Thread sampler =
        Thread.ofPlatform()
            .daemon()
            .start(
                () -> {
                  while (running.get()) {
                    peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                      Thread.sleep(5);
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                });
    long start = System.nanoTime();
    RunOutcome outcome = runner.run(request(), counting);
    long millis = (System.nanoTime() - start) / 1_000_000;
    running.set(false);
    sampler.join();
    System.gc();
    long after = memory.getHeapMemoryUsage().getUsed();
    System.out.printf(
        "flood of 1,000,000 lines (101 MB) in %d ms, outcome %s, %d log entries reported;"
            + " heap used before %.1f MiB, peak %.1f MiB (max heap %.0f MiB), after GC %.1f MiB%n",
        millis,
        outcome.getClass().getSimpleName(),
        lines.get(),
        mib(before),
        mib(peak.get()),
        mib(memory.getHeapMemoryUsage().getMax()),
        mib(after));
  }

  private static void simulatedThroughput() {
    var runner = new SimulatedTaskRunner();
    Task task =
        task(
            Map.of(
                "max_steps", 30,
                "agent_config", Map.of("model", "gpt-4o"),
                "simulation", Map.of("duration_ms", 0)));
    int warmup = 200_000;
    int count = 1_000_000;
    for (int i = 0; i < warmup; i++) {
      runner.run(request(task), RunEvents.NONE);
    }
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      runner.run(request(task), RunEvents.NONE);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "simulated runner, duration_ms 0: %.0f runs/s on one thread%n", count / seconds);
  }

  interface Body {
    void run() throws Exception;
  }

  private static double medianMillis(int runs, Body body) throws Exception {
    for (int i = 0; i < Math.max(10, runs / 10); i++) {
      body.run();
    }
    double[] millis = new double[runs];
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      body.run();
      millis[i] = (System.nanoTime() - start) / 1e6;
    }
    Arrays.sort(millis);
    return millis[runs / 2];
  }

  private static double mib(long bytes) {
    return bytes / (1024.0 * 1024.0);
  }

  private static Task task(Map<String, Object> parameters) {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    return new Task(
        TaskId.generate(),
        "bench-detection-1",
        TaskStatus.RUNNING,
        parameters,
        5,
        null,
        30,
        "bench-worker",
        1,
        3,
        null,
        null,
        null,
        now,
        now,
        now,
        null);
  }

  private static RunRequest request(Task task) {
    return new RunRequest(task, "bench-worker", 1, UUID.randomUUID(), "bench", new StopSignal());
  }

  private static RunRequest request() {
    return request(task(Map.of("max_steps", 10)));
  }
}
