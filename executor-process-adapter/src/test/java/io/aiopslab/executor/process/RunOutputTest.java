package io.aiopslab.executor.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aiopslab.executor.domain.log.LogLevel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunOutputTest {

  private final RecordingEvents events = new RecordingEvents();
  private final RunOutput output =
      new RunOutput(
          events, ProcessRunnerConfig.of(List.of("x"), Path.of("/tmp")).withLimits(64, 4096, 3, 2));

  private void stdout(String line) {
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    output.stdout(bytes, bytes.length, bytes.length);
  }

  private void stderr(String line) {
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    output.stderr(bytes, bytes.length, bytes.length);
  }

  @Test
  void logLevelsAreReadLeniently() {
    stdout("{\"event\":\"log\",\"level\":\"WARN\",\"message\":\"w\"}");
    stdout("{\"event\":\"log\",\"level\":\"fatal\",\"message\":\"f\"}");
    stdout("{\"event\":\"log\",\"level\":\"chatty\",\"message\":{\"structured\":true}}");

    assertEquals(
        List.of(
            new RecordingEvents.Log(LogLevel.WARNING, "w", Map.of()),
            new RecordingEvents.Log(LogLevel.CRITICAL, "f", Map.of()),
            new RecordingEvents.Log(LogLevel.INFO, "{\"structured\":true}", Map.of())),
        events.logs);
  }

  @Test
  void malformedEventsAreWarnings() {
    stdout("{\"event\":\"message\",\"content\":\"no role\"}");
    stdout("{\"event\":\"teleport\"}");

    assertEquals(2, events.logMessages(LogLevel.WARNING).size());
    assertTrue(events.messages.isEmpty());
  }

  @Test
  void theLastResultWinsAndAResultWithoutAWrapperIsTheEventItself() {
    stdout("{\"event\":\"result\",\"result\":{\"success\":false}}");
    stdout("{\"event\":\"result\",\"success\":true,\"score\":1}");

    assertEquals(Optional.of(Map.of("success", true, "score", 1L)), output.result());
  }

  @Test
  void messagesAndLogsHaveSeparateLimitsAndEachDropIsCountedOnce() {
    for (int i = 0; i < 5; i++) {
      stdout("{\"event\":\"message\",\"role\":\"user\",\"content\":\"m" + i + "\"}");
      stderr("e" + i);
    }
    output.close();
    stdout("after close");

    assertEquals(2, events.messages.size());
    assertEquals(List.of("e0", "e1", "e2"), events.logMessages(LogLevel.WARNING).subList(0, 3));
    assertEquals(
        List.of(
            "Dropped 2 log lines over the limit of 3 per task",
            "Dropped 3 conversation messages over the limit of 2 per task"),
        events.logMessages(LogLevel.WARNING).subList(3, 5));
    assertEquals(5, events.logs.size());
    assertEquals("e0\ne1\ne2\ne3\ne4", output.stderrTail(), "the tail sees every stderr line");
  }

  @Test
  void longEventMessagesAreCutToTheLineLength() {
    stdout("{\"event\":\"log\",\"message\":\"" + "m".repeat(100) + "\"}");

    assertEquals(
        "m".repeat(64) + " [truncated, 100 chars in total]", events.logs.getFirst().message());
  }
}
