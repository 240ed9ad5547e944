package io.aiopslab.executor.domain.conversation;

import java.util.Map;

/** Aggregates over all conversations ({@code /api/v1/llm-conversations/stats/summary}). */
public record ConversationStatistics(
    long totalConversations,
    Map<String, Long> conversationsByModel,
    double averageMessagesPerConversation,
    long totalTokensConsumed,
    long successfulConversations) {

  public ConversationStatistics {
    conversationsByModel = Map.copyOf(conversationsByModel);
  }

  /** successful / total, 0.0 when there are none. */
  public double successRate() {
    return totalConversations == 0 ? 0.0 : (double) successfulConversations / totalConversations;
  }
}
