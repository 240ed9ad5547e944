package io.aiopslab.executor.domain.conversation;

import java.util.List;
import java.util.UUID;

/** Messages of a conversation in order (at most the limit), and how many match the role filter. */
public record MessagePage(
    UUID conversationId, long totalMessages, List<ConversationMessage> messages) {
  public MessagePage {
    messages = List.copyOf(messages);
  }
}
