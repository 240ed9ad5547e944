package io.aiopslab.executor.domain.conversation;

import io.aiopslab.executor.domain.DomainException;

/** No conversation has this id. (HTTP 404) */
public final class ConversationNotFound extends DomainException {
  public ConversationNotFound(String id) {
    super("Conversation " + id + " not found");
  }
}
