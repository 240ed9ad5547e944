package io.aiopslab.executor.ports.fakes;

import static io.aiopslab.executor.ports.fakes.InMemoryStore.UUID_ORDER;
import static io.aiopslab.executor.ports.fakes.InMemoryStore.frozen;

import io.aiopslab.executor.domain.conversation.Conversation;
import io.aiopslab.executor.domain.conversation.ConversationEnd;
import io.aiopslab.executor.domain.conversation.ConversationMessage;
import io.aiopslab.executor.domain.conversation.ConversationNotFound;
import io.aiopslab.executor.domain.conversation.ConversationPage;
import io.aiopslab.executor.domain.conversation.ConversationQuery;
import io.aiopslab.executor.domain.conversation.ConversationStatistics;
import io.aiopslab.executor.domain.conversation.MessagePage;
import io.aiopslab.executor.domain.spi.Conversations;
import io.aiopslab.executor.domain.task.TaskId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * {@link Conversations} over the {@link InMemoryStore}. Appending to, ending or reading messages of
 * an unknown conversation throws {@link ConversationNotFound} (a whole append batch is refused);
 * conversations without a model name are left out of {@code conversationsByModel}.
 */
public final class InMemoryConversations implements Conversations {

  private static final Comparator<Conversation> OLDEST_FIRST =
      Comparator.comparing(Conversation::startedAt).thenComparing(Conversation::id, UUID_ORDER);

  private final InMemoryStore store;

  InMemoryConversations(InMemoryStore store) {
    this.store = store;
  }

  @Override
  public void start(Conversation conversation) {
    store.lockedRun(
        () -> {
          if (store.conversations.containsKey(conversation.id())) {
            throw new IllegalArgumentException(
                "conversation " + conversation.id() + " already exists");
          }
          store.conversations.put(
              conversation.id(),
              new Conversation(
                  conversation.id(),
                  conversation.taskId(),
                  conversation.sessionId(),
                  conversation.startedAt(),
                  conversation.endedAt(),
                  conversation.modelName(),
                  conversation.totalMessages(),
                  conversation.totalTokens(),
                  conversation.success(),
                  frozen(conversation.llmConfig()),
                  frozen(conversation.metadata())));
          store.messages.put(conversation.id(), new ArrayList<>());
        });
  }

  @Override
  public void append(List<ConversationMessage> messages) {
    store.lockedRun(
        () -> {
          for (ConversationMessage message : messages) {
            require(message.conversationId());
          }
          for (ConversationMessage message : messages) {
            store
                .messages
                .get(message.conversationId())
                .add(
                    new ConversationMessage(
                        message.conversationId(),
                        message.timestamp(),
                        message.role(),
                        message.content(),
                        frozen(message.metadata())));
            Conversation c = store.conversations.get(message.conversationId());
            store.conversations.put(
                c.id(),
                new Conversation(
                    c.id(),
                    c.taskId(),
                    c.sessionId(),
                    c.startedAt(),
                    c.endedAt(),
                    c.modelName(),
                    c.totalMessages() + 1,
                    c.totalTokens(),
                    c.success(),
                    c.llmConfig(),
                    c.metadata()));
          }
        });
  }

  @Override
  public void end(ConversationEnd end) {
    store.lockedRun(
        () -> {
          Conversation c = require(end.conversationId());
          store.conversations.put(
              c.id(),
              new Conversation(
                  c.id(),
                  c.taskId(),
                  c.sessionId(),
                  c.startedAt(),
                  end.endedAt(),
                  c.modelName(),
                  c.totalMessages(),
                  end.totalTokens(),
                  end.success(),
                  c.llmConfig(),
                  c.metadata()));
        });
  }

  @Override
  public ConversationPage list(ConversationQuery query) {
    return store.locked(
        () -> {
          List<Conversation> matching =
              store.conversations.values().stream()
                  .filter(c -> query.taskId() == null || query.taskId().equals(c.taskId()))
                  .filter(c -> query.modelName() == null || query.modelName().equals(c.modelName()))
                  .sorted(
                      Comparator.comparing(Conversation::startedAt)
                          .reversed()
                          .thenComparing(Conversation::id, UUID_ORDER))
                  .toList();
          return new ConversationPage(
              matching.stream().skip(query.offset()).limit(query.pageSize()).toList(),
              matching.size(),
              query.page(),
              query.pageSize());
        });
  }

  @Override
  public Optional<Conversation> find(UUID id) {
    return store.locked(() -> Optional.ofNullable(store.conversations.get(id)));
  }

  @Override
  public MessagePage messages(UUID conversationId, String role, int limit) {
    return store.locked(
        () -> {
          require(conversationId);
          List<ConversationMessage> matching =
              store.messages.get(conversationId).stream()
                  .filter(m -> role == null || role.equals(m.role()))
                  .toList();
          return new MessagePage(
              conversationId,
              matching.size(),
              matching.subList(0, Math.min(limit, matching.size())));
        });
  }

  @Override
  public List<Conversation> ofTask(TaskId taskId) {
    return store.locked(
        () ->
            store.conversations.values().stream()
                .filter(c -> c.taskId().equals(taskId))
                .sorted(OLDEST_FIRST)
                .toList());
  }

  @Override
  public ConversationStatistics statistics() {
    return store.locked(
        () -> {
          var byModel = new HashMap<String, Long>();
          long messages = 0;
          long tokens = 0;
          long successful = 0;
          for (Conversation c : store.conversations.values()) {
            if (c.modelName() != null) {
              byModel.merge(c.modelName(), 1L, Long::sum);
            }
            messages += c.totalMessages();
            tokens += c.totalTokens();
            if (Boolean.TRUE.equals(c.success())) {
              successful++;
            }
          }
          int total = store.conversations.size();
          return new ConversationStatistics(
              total, byModel, total == 0 ? 0.0 : (double) messages / total, tokens, successful);
        });
  }

  private Conversation require(UUID id) {
    Conversation conversation = store.conversations.get(id);
    if (conversation == null) {
      throw new ConversationNotFound(id.toString());
    }
    return conversation;
  }
}
