package io.aiopslab.executor.ports.fakes;

import io.aiopslab.executor.domain.log.LogEntry;
import io.aiopslab.executor.domain.log.LogLevel;
import io.aiopslab.executor.domain.log.LogPage;
import io.aiopslab.executor.domain.spi.TaskLogs;
import io.aiopslab.executor.domain.task.TaskId;
import java.util.List;

/** {@link TaskLogs} over the {@link InMemoryStore}; ids are assigned in append order. */
public final class InMemoryTaskLogs implements TaskLogs {

  private final InMemoryStore store;

  InMemoryTaskLogs(InMemoryStore store) {
    this.store = store;
  }

  @Override
  public void append(List<LogEntry> entries) {
    store.lockedRun(() -> entries.forEach(store::appendLog));
  }

  @Override
  public LogPage list(TaskId taskId, LogLevel level, int limit) {
    return store.locked(
        () -> {
          List<LogEntry> matching =
              store.logs.getOrDefault(taskId, List.of()).stream()
                  .filter(entry -> level == null || entry.level() == level)
                  .toList();
          int from = Math.max(0, matching.size() - limit);
          return new LogPage(matching.subList(from, matching.size()), matching.size());
        });
  }
}
