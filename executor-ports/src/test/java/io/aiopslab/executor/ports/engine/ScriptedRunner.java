package io.aiopslab.executor.ports.engine;

import io.aiopslab.executor.domain.log.LogLevel;
import io.aiopslab.executor.domain.run.RunEvents;
import io.aiopslab.executor.domain.run.RunOutcome;
import io.aiopslab.executor.domain.run.RunRequest;
import io.aiopslab.executor.domain.run.StopReason;
import io.aiopslab.executor.domain.spi.TaskRunner;
import io.aiopslab.executor.domain.task.TaskId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A runner the test controls through {@code parameters.script}: {@code succeed} (default) returns
 * at once; {@code fail} fails with a result; {@code block} waits until {@link #release} or a stop;
 * {@code stubborn} waits for {@link #release} only, ignoring stops; {@code chatty} writes {@code
 * parameters.lines} log lines and two conversation messages, then succeeds.
 */
final class ScriptedRunner implements TaskRunner {
  /** Parameters of a task whose run blocks until the test releases or stops it. */
  static final Map<String, Object> BLOCK = Map.of("script", "block");

  final ConcurrentLinkedQueue<RunRequest> started = new ConcurrentLinkedQueue<>();
  final Map<TaskId, StopReason> stoppedWith = new ConcurrentHashMap<>();

  /** The most runs in progress at one time. */
  final AtomicInteger mostAtOnce = new AtomicInteger();

  private final AtomicInteger running = new AtomicInteger();
  private final Map<TaskId, CountDownLatch> releases = new ConcurrentHashMap<>();
  private final Map<TaskId, RunOutcome> releasedWith = new ConcurrentHashMap<>();

  @Override
  public String name() {
    return "scripted";
  }

  @Override
  public RunOutcome run(RunRequest request, RunEvents events) {
    mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
    try {
      return script(request, events);
    } finally {
      running.decrementAndGet();
    }
  }

  private RunOutcome script(RunRequest request, RunEvents events) {
    started.add(request);
    String script = String.valueOf(request.task().parameters().getOrDefault("script", "succeed"));
    TaskId id = request.task().id();
    switch (script) {
      case "fail" -> {
        return new RunOutcome.Failed(Map.of("success", false, "steps", 3), "agent gave up");
      }
      case "block", "stubborn" -> {
        CountDownLatch latch = latch(id);
        if (script.equals("block")) {
          request.stop().onStop(latch::countDown);
        }
        try {
          latch.await();
        } catch (InterruptedException e) {
          return new RunOutcome.Stopped(StopReason.SHUTDOWN);
        }
        if (script.equals("block") && request.stop().isStopped()) {
          StopReason reason = request.stop().reason().orElseThrow();
          stoppedWith.put(id, reason);
          return new RunOutcome.Stopped(reason);
        }
        return releasedWith.getOrDefault(id, new RunOutcome.Succeeded(Map.of("success", true)));
      }
      case "chatty" -> {
        int lines = ((Number) request.task().parameters().getOrDefault("lines", 3)).intValue();
        for (int i = 0; i < lines; i++) {
          events.log(LogLevel.INFO, "line " + i, Map.of("i", i));
        }
        events.message("system", "You are an SRE agent", Map.of());
        events.message("assistant", "exec_shell(\"kubectl get pods\")", Map.of("step", 1));
        events.tokensUsed(1234);
        return new RunOutcome.Succeeded(Map.of("success", true));
      }
      default -> {
        return new RunOutcome.Succeeded(Map.of("success", true, "problem", script));
      }
    }
  }

  void release(TaskId id) {
    latch(id).countDown();
  }

  void release(TaskId id, RunOutcome outcome) {
    releasedWith.put(id, outcome);
    release(id);
  }

  List<TaskId> startedIds() {
    return started.stream().map(r -> r.task().id()).toList();
  }

  boolean hasStarted(TaskId id) {
    return startedIds().contains(id);
  }

  private CountDownLatch latch(TaskId id) {
    return releases.computeIfAbsent(id, k -> new CountDownLatch(1));
  }
}
