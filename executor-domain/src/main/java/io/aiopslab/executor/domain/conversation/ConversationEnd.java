package io.aiopslab.executor.domain.conversation;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** Closes a conversation when its attempt ends. */
public record ConversationEnd(
    UUID conversationId, Instant endedAt, Boolean success, long totalTokens) {
  public ConversationEnd {
    Objects.requireNonNull(conversationId, "conversationId");
    Objects.requireNonNull(endedAt, "endedAt");
  }
}
