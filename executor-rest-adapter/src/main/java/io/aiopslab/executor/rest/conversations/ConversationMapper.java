package io.aiopslab.executor.rest.conversations;

import static io.aiopslab.executor.rest.json.Wire.object;
import static io.aiopslab.executor.rest.json.Wire.sorted;
import static io.aiopslab.executor.rest.json.Wire.text;
import static io.aiopslab.executor.rest.json.Wire.time;

import io.aiopslab.executor.domain.conversation.Conversation;
import io.aiopslab.executor.domain.conversation.ConversationMessage;
import io.aiopslab.executor.domain.conversation.ConversationPage;
import io.aiopslab.executor.domain.conversation.ConversationStatistics;
import io.aiopslab.executor.domain.conversation.MessagePage;
import java.util.List;
import java.util.Map;

/** Conversations, summaries, messages and statistics as the JSON of API.md. */
public final class ConversationMapper {
  private ConversationMapper() {}

  public static Map<String, Object> summary(Conversation c) {
    var json = object();
    json.put("id", text(c.id()));
    json.put("task_id", text(c.taskId()));
    json.put("session_id", c.sessionId());
    json.put("started_at", time(c.startedAt()));
    json.put("ended_at", time(c.endedAt()));
    json.put("model_name", c.modelName());
    json.put("total_messages", c.totalMessages());
    json.put("total_tokens", c.totalTokens());
    json.put("success", c.success());
    return json;
  }

  public static List<Map<String, Object>> summaries(List<Conversation> conversations) {
    return conversations.stream().map(ConversationMapper::summary).toList();
  }

  public static Map<String, Object> page(ConversationPage page) {
    var json = object();
    json.put("conversations", summaries(page.conversations()));
    json.put("total", page.total());
    json.put("page", page.page());
    json.put("page_size", page.pageSize());
    return json;
  }

  /** The summary plus {@code messages}, {@code llm_config} and {@code metadata}. */
  public static Map<String, Object> full(Conversation c, MessagePage messages) {
    Map<String, Object> json = summary(c);
    json.put("messages", messages.messages().stream().map(ConversationMapper::message).toList());
    json.put("llm_config", c.llmConfig());
    json.put("metadata", c.metadata());
    return json;
  }

  public static Map<String, Object> messages(MessagePage page) {
    var json = object();
    json.put("conversation_id", text(page.conversationId()));
    json.put("total_messages", page.totalMessages());
    json.put("messages", page.messages().stream().map(ConversationMapper::message).toList());
    return json;
  }

  static Map<String, Object> message(ConversationMessage m) {
    var json = object();
    json.put("timestamp", time(m.timestamp()));
    json.put("role", m.role());
    json.put("content", m.content());
    json.put("metadata", m.metadata());
    return json;
  }

  public static Map<String, Object> statistics(ConversationStatistics stats) {
    var json = object();
    json.put("total_conversations", stats.totalConversations());
    json.put("conversations_by_model", sorted(stats.conversationsByModel()));
    json.put("avg_messages_per_conversation", stats.averageMessagesPerConversation());
    json.put("total_tokens_consumed", stats.totalTokensConsumed());
    json.put("success_rate", stats.successRate());
    json.put("successful_conversations", stats.successfulConversations());
    return json;
  }
}
