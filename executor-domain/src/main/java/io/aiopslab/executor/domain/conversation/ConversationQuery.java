package io.aiopslab.executor.domain.conversation;

import io.aiopslab.executor.domain.task.TaskId;

/** Filters and page of the conversation list (newest first). */
public record ConversationQuery(TaskId taskId, String modelName, int page, int pageSize) {
  public ConversationQuery {
    if (page < 1) {
      throw new IllegalArgumentException("page must be at least 1");
    }
    if (pageSize < 1 || pageSize > 100) {
      throw new IllegalArgumentException("page_size must be between 1 and 100");
    }
  }

  public long offset() {
    return (long) (page - 1) * pageSize;
  }
}
