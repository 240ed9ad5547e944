package io.aiopslab.executor.ports.conversations;

import io.aiopslab.executor.domain.conversation.Conversation;
import io.aiopslab.executor.domain.conversation.ConversationPage;
import io.aiopslab.executor.domain.conversation.ConversationStatistics;
import io.aiopslab.executor.domain.conversation.MessagePage;
import java.util.List;

/** Driving port: read the LLM conversations runners recorded. Raw query values as sent. */
public interface QueryConversations {

  /**
   * @throws io.aiopslab.executor.domain.ValidationFailed task_id not a UUID, bad paging
   */
  ConversationPage list(String taskId, String modelName, String page, String pageSize);

  /**
   * @throws io.aiopslab.executor.domain.conversation.ConversationNotFound also for a non-UUID
   */
  Conversation get(String conversationId);

  MessagePage messages(String conversationId, String role, String limit);

  /**
   * @throws io.aiopslab.executor.domain.task.TaskNotFound unknown task
   */
  List<Conversation> ofTask(String taskId);

  ConversationStatistics statistics();
}
