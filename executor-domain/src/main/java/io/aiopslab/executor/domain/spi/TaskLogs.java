package io.aiopslab.executor.domain.spi;

import io.aiopslab.executor.domain.log.LogEntry;
import io.aiopslab.executor.domain.log.LogLevel;
import io.aiopslab.executor.domain.log.LogPage;
import io.aiopslab.executor.domain.task.TaskId;
import java.util.List;

/** Task log lines (driven port). Entries are appended in batches; order is append order. */
public interface TaskLogs {

  void append(List<LogEntry> entries);

  /**
   * The newest {@code limit} entries of the task (of {@code level} only, when given), oldest first;
   * {@code total} counts every entry matching the filter.
   */
  LogPage list(TaskId taskId, LogLevel level, int limit);
}
