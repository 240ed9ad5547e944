package io.aiopslab.executor.domain.log;

import java.util.List;

/** The newest entries matching a filter, oldest first, and how many matched in all. */
public record LogPage(List<LogEntry> logs, long total) {
  public LogPage {
    logs = List.copyOf(logs);
  }
}
