package io.aiopslab.executor.ports.engine;

import static io.aiopslab.executor.ports.engine.EngineHarness.await;
import static io.aiopslab.executor.ports.engine.EngineHarness.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aiopslab.executor.domain.conversation.Conversation;
import io.aiopslab.executor.domain.log.LogEntry;
import io.aiopslab.executor.domain.task.Task;
import io.aiopslab.executor.domain.task.TaskStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EngineOutputTest {
  private EngineHarness harness;

  @AfterEach
  void closePool() {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void runnerLogsComeBeforeTheCompletionAndTheConversationIsRecorded() {
    harness = new EngineHarness(settings(1)).open();
    Task task =
        harness.submit(
            Map.of("script", "chatty", "lines", 3, "agent_config", Map.of("model", "gpt-4o")));

    harness.awaitStatus(task.id(), TaskStatus.COMPLETED);

    List<String> messages = messages(task);
    assertEquals(
        List.of(
            "Task created",
            "Task claimed by node-a-worker-001 (attempt 1)",
            "line 0",
            "line 1",
            "line 2",
            "Task completed"),
        messages);
    await(
        () ->
            harness.store.conversations().ofTask(task.id()).stream()
                .anyMatch(c -> c.endedAt() != null),
        "the conversation to end");
    Conversation conversation = harness.store.conversations().ofTask(task.id()).getFirst();
    assertEquals("gpt-4o", conversation.modelName());
    assertEquals(2, conversation.totalMessages());
    assertEquals(1234, conversation.totalTokens());
    assertEquals(Boolean.TRUE, conversation.success());
    assertNotNull(conversation.sessionId());
    assertEquals(
        List.of("system", "assistant"),
        harness.store.conversations().messages(conversation.id(), null, 10).messages().stream()
            .map(m -> m.role())
            .toList());
  }

  @Test
  void aTaskWithoutMessagesHasNoConversation() {
    harness = new EngineHarness(settings(1)).open();
    Task task = harness.submit(Map.of());

    harness.awaitStatus(task.id(), TaskStatus.COMPLETED);

    assertTrue(harness.store.conversations().ofTask(task.id()).isEmpty());
  }

  @Test
  void aRunawayTaskIsCutAtTheLimitAndTheCutIsReportedOnce() {
    harness =
        new EngineHarness(
                settings(1),
                null,
                new WorkerPool.Tuning(
                    Duration.ofMillis(20), 1_000, new ExecutionRecorder.Limits(5, 1)))
            .open();
    Task task = harness.submit(Map.of("script", "chatty", "lines", 8));

    harness.awaitStatus(task.id(), TaskStatus.COMPLETED);

    List<String> messages = messages(task);
    assertEquals(5, messages.stream().filter(m -> m.startsWith("line ")).count());
    assertTrue(
        messages.contains("Dropped 3 log lines beyond the limit of 5 per task"),
        messages.toString());
    assertTrue(
        messages.contains("Dropped 1 conversation messages beyond the limit of 1 per task"),
        messages.toString());
    await(
        () -> harness.store.conversations().ofTask(task.id()).getFirst().endedAt() != null,
        "the conversation to end");
    assertEquals(1, harness.store.conversations().ofTask(task.id()).getFirst().totalMessages());
  }

  private List<String> messages(Task task) {
    return harness.store.logs().list(task.id(), null, 1000).logs().stream()
        .map(LogEntry::message)
        .toList();
  }
}
