package io.aiopslab.executor.domain.conversation;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/** One turn of a conversation: role (system, user, assistant, tool, ...), content, metadata. */
public record ConversationMessage(
    UUID conversationId,
    Instant timestamp,
    String role,
    String content,
    Map<String, Object> metadata) {

  /** Longer contents are cut so one message cannot bloat the table. */
  public static final int MAX_CONTENT_LENGTH = 1 << 20;

  public ConversationMessage {
    Objects.requireNonNull(conversationId, "conversationId");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(role, "role");
    content = content == null ? "" : content;
    if (content.length() > MAX_CONTENT_LENGTH) {
      content = content.substring(0, MAX_CONTENT_LENGTH) + "… [truncated]";
    }
    metadata = metadata == null ? Map.of() : metadata;
  }
}
