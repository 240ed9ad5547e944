package io.aiopslab.executor.embedded;

import io.aiopslab.executor.domain.log.LogLevel;
import io.aiopslab.executor.domain.run.RunEvents;
import io.aiopslab.executor.domain.run.RunOutcome;
import io.aiopslab.executor.domain.run.RunRequest;
import io.aiopslab.executor.domain.run.StopReason;
import io.aiopslab.executor.domain.spi.TaskRunner;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;

/** Runners an embedder would write: each is a few lines against the SPI. */
final class TestRunners {
  private TestRunners() {}

  /** Echoes {@code parameters.text}; problem {@code fail} fails with a partial result. */
  static TaskRunner echo() {
    return new TaskRunner() {
      @Override
      public String name() {
        return "echo";
      }

      @Override
      public RunOutcome run(RunRequest request, RunEvents events) {
        Object text = request.task().parameters().get("text");
        events.log(LogLevel.INFO, "echoing " + text, Map.of("attempt", request.attempt()));
        if (request.task().problemId().equals("fail")) {
          return new RunOutcome.Failed(Map.of("score", 0), "nothing to echo");
        }
        return new RunOutcome.Succeeded(Map.of("echo", String.valueOf(text)));
      }
    };
  }

  /**
   * Runs until stopped and reports each running request to {@code running}, so a test can look at
   * its stop signal.
   */
  static TaskRunner untilStopped(BlockingQueue<RunRequest> running) {
    return new TaskRunner() {
      @Override
      public String name() {
        return "until-stopped";
      }

      @Override
      public RunOutcome run(RunRequest request, RunEvents events) {
        running.add(request);
        try {
          request.stop().await(Duration.ofMinutes(1));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return new RunOutcome.Stopped(StopReason.SHUTDOWN);
        }
        return new RunOutcome.Stopped(request.stop().reason().orElse(StopReason.SHUTDOWN));
      }
    };
  }
}
