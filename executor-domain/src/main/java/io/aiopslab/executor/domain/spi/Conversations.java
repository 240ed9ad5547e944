package io.aiopslab.executor.domain.spi;

import io.aiopslab.executor.domain.conversation.Conversation;
import io.aiopslab.executor.domain.conversation.ConversationEnd;
import io.aiopslab.executor.domain.conversation.ConversationMessage;
import io.aiopslab.executor.domain.conversation.ConversationPage;
import io.aiopslab.executor.domain.conversation.ConversationQuery;
import io.aiopslab.executor.domain.conversation.ConversationStatistics;
import io.aiopslab.executor.domain.conversation.MessagePage;
import io.aiopslab.executor.domain.task.TaskId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** LLM conversations written by runners (driven port). Messages are rows, appended in batches. */
public interface Conversations {

  void start(Conversation conversation);

  /** Appends messages (of any conversations) in order and counts them into total_messages. */
  void append(List<ConversationMessage> messages);

  void end(ConversationEnd end);

  ConversationPage list(ConversationQuery query);

  Optional<Conversation> find(UUID id);

  /** Messages in order, of {@code role} only when given, at most {@code limit}. */
  MessagePage messages(UUID conversationId, String role, int limit);

  /** Summaries of a task's conversations, oldest first. */
  List<Conversation> ofTask(TaskId taskId);

  ConversationStatistics statistics();
}
