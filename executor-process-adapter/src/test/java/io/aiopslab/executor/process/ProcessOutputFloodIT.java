package io.aiopslab.executor.process;

import static io.aiopslab.executor.process.TestRuns.request;
import static io.aiopslab.executor.process.TestRuns.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aiopslab.executor.domain.log.LogLevel;
import io.aiopslab.executor.domain.run.RunEvents;
import io.aiopslab.executor.domain.run.RunOutcome;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs with {@code -Xmx128m} (see the pom): each test pushes hundreds of megabytes through the
 * runner, which only passes if output is streamed with bounded buffers.
 */
class ProcessOutputFloodIT {

  @TempDir Path root;

  /** Counts everything, keeps only the runner's own notes (entries without a stream). */
  static class CountingEvents implements RunEvents {
    final AtomicLong streamLogs = new AtomicLong();
    final List<String> notes = new CopyOnWriteArrayList<>();

    @Override
    public void log(LogLevel level, String message, Map<String, Object> context) {
      if (context.containsKey("stream")) {
        streamLogs.incrementAndGet();
      } else {
        notes.add(message.length() > 200 ? message.substring(0, 200) : message);
      }
    }

    @Override
    public void message(String role, String content, Map<String, Object> metadata) {}

    @Override
    public void progress(Map<String, Object> progress) {}
  }

  @Test
  void aMillionLinesOfOutputAreStreamedAndCappedAtTheLogLimit() {
    String line = "y".repeat(200);
    var config =
        ProcessRunnerConfig.of(
            List.of(
                "sh",
                "-c",
                "yes "
                    + line
                    + " | head -n 1000000; echo '{\"event\":\"result\",\"result\":{\"success\":true}}'"),
            root);
    var events = new CountingEvents();

    RunOutcome outcome = new ProcessTaskRunner(config).run(request(task("p-1", "{}")), events);

    assertInstanceOf(RunOutcome.Succeeded.class, outcome, "the result after the flood was read");
    assertEquals(ProcessRunnerConfig.DEFAULT_MAX_LOG_LINES, events.streamLogs.get());
    assertTrue(
        events.notes.contains("Dropped 990000 log lines over the limit of 10000 per task"),
        events.notes.toString());
  }

  @Test
  void aHugeLineWithoutNewlineIsTruncatedWithoutBufferingIt() {
    var config =
        ProcessRunnerConfig.of(
            List.of(
                "sh",
                "-c",
                "head -c 300000000 /dev/zero | tr '\\0' x; echo; printf '{'; head -c 300000000 /dev/zero | tr '\\0' x"),
            root);
    var messages = new CopyOnWriteArrayList<String>();
    RunEvents events =
        new CountingEvents() {
          @Override
          public void log(LogLevel level, String message, Map<String, Object> context) {
            if (context.containsKey("stream")) {
              messages.add(message);
            }
          }
        };

    new ProcessTaskRunner(config).run(request(task("p-1", "{}")), events);

    assertEquals(
        List.of(
            "x".repeat(16384) + " [truncated, 300000000 bytes in total]",
            "{" + "x".repeat(16383) + " [truncated, 300000001 bytes in total]"),
        messages);
  }
}
