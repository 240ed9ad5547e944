package io.aiopslab.executor.ports.conversations;

import io.aiopslab.executor.domain.ValidationFailed;
import io.aiopslab.executor.domain.conversation.Conversation;
import io.aiopslab.executor.domain.conversation.ConversationNotFound;
import io.aiopslab.executor.domain.conversation.ConversationPage;
import io.aiopslab.executor.domain.conversation.ConversationQuery;
import io.aiopslab.executor.domain.conversation.ConversationStatistics;
import io.aiopslab.executor.domain.conversation.MessagePage;
import io.aiopslab.executor.domain.spi.Conversations;
import io.aiopslab.executor.domain.spi.TaskQueue;
import io.aiopslab.executor.domain.task.TaskId;
import io.aiopslab.executor.domain.task.TaskNotFound;
import io.aiopslab.executor.ports.RequestParameters;
import java.util.List;
import java.util.UUID;

/** Reads of recorded conversations. */
public final class ConversationQueryService implements QueryConversations {

  private final Conversations conversations;
  private final TaskQueue queue;

  public ConversationQueryService(Conversations conversations, TaskQueue queue) {
    this.conversations = conversations;
    this.queue = queue;
  }

  @Override
  public ConversationPage list(String taskId, String modelName, String page, String pageSize) {
    TaskId task = null;
    if (taskId != null && !taskId.isEmpty()) {
      task =
          TaskId.parse(taskId).orElseThrow(() -> ValidationFailed.of("task_id", "must be a UUID"));
    }
    int p = RequestParameters.intParam(page, "page", 1, 1_000_000, 1);
    int size = RequestParameters.intParam(pageSize, "page_size", 1, 100, 20);
    String model = modelName == null || modelName.isEmpty() ? null : modelName;
    return conversations.list(new ConversationQuery(task, model, p, size));
  }

  @Override
  public Conversation get(String conversationId) {
    return conversations
        .find(parse(conversationId))
        .orElseThrow(() -> new ConversationNotFound(conversationId));
  }

  @Override
  public MessagePage messages(String conversationId, String role, String limit) {
    int max = RequestParameters.intParam(limit, "limit", 1, 1000, 100);
    Conversation conversation = get(conversationId);
    String wantedRole = role == null || role.isEmpty() ? null : role;
    return conversations.messages(conversation.id(), wantedRole, max);
  }

  @Override
  public List<Conversation> ofTask(String taskId) {
    TaskId id = TaskId.parse(taskId).orElseThrow(() -> new TaskNotFound(taskId));
    if (queue.find(id).isEmpty()) {
      throw new TaskNotFound(id);
    }
    return conversations.ofTask(id);
  }

  @Override
  public ConversationStatistics statistics() {
    return conversations.statistics();
  }

  private static UUID parse(String id) {
    return TaskId.parse(id).map(TaskId::value).orElseThrow(() -> new ConversationNotFound(id));
  }
}
