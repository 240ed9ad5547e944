package io.aiopslab.executor.ports.contract;

import static io.aiopslab.executor.ports.contract.ContractSamples.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aiopslab.executor.domain.log.LogEntry;
import io.aiopslab.executor.domain.log.LogLevel;
import io.aiopslab.executor.domain.log.LogPage;
import io.aiopslab.executor.domain.spi.TaskLogs;
import io.aiopslab.executor.domain.task.Task;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The promises of {@link TaskLogs}, for any adapter. Each task already has its "Task created" entry
 * (level info) from the queue, which the counts below include.
 */
public abstract class TaskLogsContract {

  private SpiFixture fixture;
  private TaskLogs logs;

  protected abstract SpiFixture newFixture() throws Exception;

  @BeforeEach
  void openFixture() throws Exception {
    fixture = newFixture();
    logs = fixture.logs();
  }

  @AfterEach
  void closeFixture() throws Exception {
    fixture.close();
  }

  @Test
  void listReturnsTheNewestEntriesOldestFirstAndCountsAll() {
    Task task = submit();
    appendLines(task, 10, LogLevel.DEBUG);

    LogPage page = list(task, null, 3);

    assertEquals(11, page.total());
    assertEquals(List.of("line 7", "line 8", "line 9"), messages(page));
    assertTrue(page.logs().get(0).id() < page.logs().get(1).id());
    assertTrue(page.logs().get(1).id() < page.logs().get(2).id());
  }

  @Test
  void aLimitAboveTheCountReturnsEverythingInAppendOrder() {
    Task task = submit();
    appendLines(task, 2, LogLevel.INFO);

    LogPage page = list(task, null, 1000);

    assertEquals(List.of("Task created", "line 0", "line 1"), messages(page));
    assertEquals(3, page.total());
  }

  @Test
  void levelFilterMatchesExactlyAndTotalCountsTheMatches() {
    Task task = submit();
    var entries = new ArrayList<LogEntry>();
    Instant at = task.createdAt();
    LogLevel[] levels = {
      LogLevel.WARNING, LogLevel.ERROR, LogLevel.WARNING, LogLevel.INFO, LogLevel.WARNING
    };
    for (int i = 0; i < levels.length; i++) {
      entries.add(LogEntry.of(task.id(), at.plusMillis(i + 1), levels[i], "entry " + i));
    }
    logs.append(entries);

    LogPage warnings = list(task, LogLevel.WARNING, 2);

    assertEquals(3, warnings.total());
    assertEquals(List.of("entry 2", "entry 4"), messages(warnings));
    assertTrue(warnings.logs().stream().allMatch(e -> e.level() == LogLevel.WARNING));
    assertEquals(2, list(task, LogLevel.INFO, 100).total()); // "Task created" and entry 3
    assertEquals(0, list(task, LogLevel.CRITICAL, 100).total());
    assertEquals(List.of(), list(task, LogLevel.CRITICAL, 100).logs());
  }

  @Test
  void entriesKeepTheirFieldsAndStayWithTheirTask() {
    Task task = submit();
    Task other = submit();
    Instant at = task.createdAt().plusMillis(5);
    logs.append(
        List.of(
            new LogEntry(
                null,
                task.id(),
                at,
                LogLevel.ERROR,
                "disk full",
                Map.of("step", 3L, "node", "n-1")),
            LogEntry.of(other.id(), at, LogLevel.ERROR, "other task")));

    LogEntry entry = list(task, LogLevel.ERROR, 10).logs().getFirst();

    assertNotNull(entry.id());
    assertEquals(task.id(), entry.taskId());
    assertEquals(at, entry.timestamp());
    assertEquals("disk full", entry.message());
    assertEquals(3L, ((Number) entry.context().get("step")).longValue());
    assertEquals("n-1", entry.context().get("node"));
    assertEquals(1, list(task, LogLevel.ERROR, 10).total());
    assertEquals(List.of("other task"), messages(list(other, LogLevel.ERROR, 10)));
  }

  @Test
  void anOverlongMessageIsCut() {
    Task task = submit();
    logs.append(
        List.of(
            LogEntry.of(
                task.id(),
                task.createdAt(),
                LogLevel.INFO,
                "x".repeat(LogEntry.MAX_MESSAGE_LENGTH + 100))));

    String stored = list(task, null, 1).logs().getFirst().message();

    assertTrue(stored.endsWith("… [truncated]"));
    assertTrue(stored.length() < LogEntry.MAX_MESSAGE_LENGTH + 100);
  }

  private Task submit() {
    return fixture.queue().submit(List.of(task("p-logs"))).getFirst();
  }

  private void appendLines(Task task, int count, LogLevel level) {
    var entries = new ArrayList<LogEntry>();
    for (int i = 0; i < count; i++) {
      entries.add(LogEntry.of(task.id(), task.createdAt().plusMillis(i + 1), level, "line " + i));
    }
    logs.append(entries);
  }

  private LogPage list(Task task, LogLevel level, int limit) {
    fixture.flush();
    return logs.list(task.id(), level, limit);
  }

  private static List<String> messages(LogPage page) {
    return page.logs().stream().map(LogEntry::message).toList();
  }
}
