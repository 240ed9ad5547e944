package io.aiopslab.executor.domain.conversation;

import java.util.List;

/** One page of conversation summaries and the number matching the filters. */
public record ConversationPage(
    List<Conversation> conversations, long total, int page, int pageSize) {
  public ConversationPage {
    conversations = List.copyOf(conversations);
  }
}
