package io.aiopslab.executor.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aiopslab.executor.domain.conversation.Conversation;
import io.aiopslab.executor.domain.conversation.ConversationEnd;
import io.aiopslab.executor.domain.conversation.ConversationMessage;
import io.aiopslab.executor.domain.conversation.ConversationNotFound;
import io.aiopslab.executor.domain.conversation.ConversationQuery;
import io.aiopslab.executor.domain.log.LogEntry;
import io.aiopslab.executor.domain.log.LogLevel;
import io.aiopslab.executor.domain.task.Task;
import io.aiopslab.executor.domain.task.TaskId;
import io.aiopslab.executor.domain.task.TaskNotFound;
import io.aiopslab.executor.domain.task.TaskStatus;
import io.aiopslab.executor.domain.worker.WorkerFilter;
import io.aiopslab.executor.domain.worker.WorkerNotFound;
import io.aiopslab.executor.domain.worker.WorkerRegistration;
import io.aiopslab.executor.domain.worker.WorkerSnapshot;
import io.aiopslab.executor.domain.worker.WorkerStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RegistryLogsConversationsIT {

  private static TestDatabases.TestDatabase database;
  private static PostgresStore store;

  @BeforeAll
  static void open() {
    database = TestDatabases.create();
    store = database.newStore(2);
  }

  @AfterAll
  static void close() {
    database.close();
  }

  @Test
  void reRegistrationReplacesDescriptionAndKeepsCounters() {
    var workers = store.workers();
    var first =
        workers.register(
            new WorkerRegistration("ext-1", "gpu", Map.of("max_parallel_tasks", 2), Map.of()));
    assertTrue(first.created());
    TaskId task = TaskId.generate();
    workers.assigned("ext-1", task);
    assertEquals(WorkerStatus.BUSY, workers.find("ext-1").orElseThrow().status());
    workers.released("ext-1", task, TaskStatus.COMPLETED);
    var idle = workers.find("ext-1").orElseThrow();
    assertEquals(WorkerStatus.IDLE, idle.status());
    assertNull(idle.currentTaskId());
    assertEquals(1, idle.tasksCompleted());

    var again =
        workers.register(new WorkerRegistration("ext-1", "cpu", Map.of(), Map.of("zone", "b")));
    assertFalse(again.created());
    assertEquals("cpu", again.worker().backendType());
    assertEquals(Map.of("zone", "b"), again.worker().metadata());
    assertEquals(1, again.worker().tasksCompleted());
    assertEquals(first.worker().registeredAt(), again.worker().registeredAt());
    assertEquals(2, first.worker().maxParallelTasks());
  }

  @Test
  void heartbeatsSyncAndSilenceMoveWorkerState() throws Exception {
    var workers = store.workers();
    workers.register(
        new WorkerRegistration("int-1", "orchestrator", Map.of(), Map.of("type", "internal")));
    workers.register(new WorkerRegistration("int-2", "orchestrator", Map.of(), Map.of()));
    assertThrows(WorkerNotFound.class, () -> workers.heartbeat("nobody", WorkerStatus.IDLE, null));

    TaskId task = TaskId.generate();
    workers.syncInternal(List.of(new WorkerSnapshot("int-1", WorkerStatus.BUSY, task, 5, 2)));
    var synced = workers.find("int-1").orElseThrow();
    assertEquals(WorkerStatus.BUSY, synced.status());
    assertEquals(task, synced.currentTaskId());
    assertEquals(5, synced.tasksCompleted());
    assertTrue(synced.isInternal());

    Thread.sleep(100); // silence on the database clock
    workers.heartbeat("int-1", WorkerStatus.IDLE, null);
    var silent = workers.markSilentOffline(Duration.ofMillis(50));
    assertTrue(silent.stream().anyMatch(w -> w.id().equals("int-2")));
    assertTrue(silent.stream().noneMatch(w -> w.id().equals("int-1")));
    assertEquals(WorkerStatus.OFFLINE, workers.find("int-2").orElseThrow().status());
    assertTrue(
        workers.list(new WorkerFilter(WorkerStatus.OFFLINE, null)).stream()
            .anyMatch(w -> w.id().equals("int-2")));
    workers.markOffline(List.of("int-1"));
    assertEquals(0, workers.counts().idle());
  }

  @Test
  void logsListTheNewestEntriesOldestFirstWithAnExactTotal() {
    Task task = store.queue().submit(List.of(Samples.task("logs"))).getFirst();
    var entries = new ArrayList<LogEntry>();
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    for (int i = 0; i < 10; i++) {
      entries.add(
          new LogEntry(
              null,
              task.id(),
              now,
              i % 2 == 0 ? LogLevel.INFO : LogLevel.ERROR,
              "line " + i,
              Map.of("i", i)));
    }
    store.logs().append(entries);

    var page = store.logs().list(task.id(), null, 3);
    assertEquals(11, page.total()); // "Task created" + 10
    assertEquals(
        List.of("line 7", "line 8", "line 9"),
        page.logs().stream().map(LogEntry::message).toList());
    assertEquals(Map.of("i", 9), page.logs().getLast().context());
    assertEquals(now, page.logs().getLast().timestamp());
    var errors = store.logs().list(task.id(), LogLevel.ERROR, 100);
    assertEquals(5, errors.total());
    assertEquals("line 1", errors.logs().getFirst().message());
  }

  @Test
  void conversationsKeepMessagesInOrderAndCountThem() {
    Task task = store.queue().submit(List.of(Samples.task("chat"))).getFirst();
    UUID id = UUID.randomUUID();
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    var conversations = store.conversations();
    conversations.start(
        new Conversation(
            id, task.id(), "s-1", now, null, "gpt-4o", 0, 0, null, Map.of("t", 0), Map.of()));
    assertThrows(
        TaskNotFound.class,
        () ->
            conversations.start(
                new Conversation(
                    UUID.randomUUID(),
                    TaskId.generate(),
                    "s",
                    now,
                    null,
                    "m",
                    0,
                    0,
                    null,
                    null,
                    null)));
    conversations.append(
        List.of(
            new ConversationMessage(id, now, "system", "be brief", null),
            new ConversationMessage(id, now, "user", "hi", null)));
    conversations.append(
        List.of(new ConversationMessage(id, now, "assistant", "hello", Map.of("tokens", 3))));
    conversations.end(new ConversationEnd(id, now.plusSeconds(1), true, 42));

    var messages = conversations.messages(id, null, 100);
    assertEquals(3, messages.totalMessages());
    assertEquals(
        List.of("be brief", "hi", "hello"),
        messages.messages().stream().map(ConversationMessage::content).toList());
    assertEquals(1, conversations.messages(id, "user", 100).totalMessages());
    var stored = conversations.find(id).orElseThrow();
    assertEquals(3, stored.totalMessages());
    assertEquals(42, stored.totalTokens());
    assertEquals(Boolean.TRUE, stored.success());
    assertEquals(List.of(stored), conversations.ofTask(task.id()));
    assertEquals(1, conversations.list(new ConversationQuery(task.id(), null, 1, 20)).total());
    var stats = conversations.statistics();
    assertEquals(1, stats.totalConversations());
    assertEquals(Map.of("gpt-4o", 1L), stats.conversationsByModel());
    assertEquals(3.0, stats.averageMessagesPerConversation());
    assertThrows(
        ConversationNotFound.class, () -> conversations.messages(UUID.randomUUID(), null, 10));
  }
}
