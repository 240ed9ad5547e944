package io.aiopslab.executor.ports.contract;

import static io.aiopslab.executor.ports.contract.ContractSamples.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aiopslab.executor.domain.conversation.Conversation;
import io.aiopslab.executor.domain.conversation.ConversationEnd;
import io.aiopslab.executor.domain.conversation.ConversationMessage;
import io.aiopslab.executor.domain.conversation.ConversationPage;
import io.aiopslab.executor.domain.conversation.ConversationQuery;
import io.aiopslab.executor.domain.conversation.ConversationStatistics;
import io.aiopslab.executor.domain.conversation.MessagePage;
import io.aiopslab.executor.domain.spi.Conversations;
import io.aiopslab.executor.domain.task.Task;
import io.aiopslab.executor.domain.task.TaskId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The promises of {@link Conversations}, for any adapter. */
public abstract class ConversationsContract {

  private SpiFixture fixture;
  private Conversations conversations;

  protected abstract SpiFixture newFixture() throws Exception;

  @BeforeEach
  void openFixture() throws Exception {
    fixture = newFixture();
    conversations = fixture.conversations();
  }

  @AfterEach
  void closeFixture() throws Exception {
    fixture.close();
  }

  @Test
  void startedConversationIsFoundAsGiven() {
    Task task = submit();
    Conversation started = start(task, 0, "gpt-4o");

    Conversation found = find(started.id());

    assertEquals(started.taskId(), found.taskId());
    assertEquals(started.sessionId(), found.sessionId());
    assertEquals(started.startedAt(), found.startedAt());
    assertEquals("gpt-4o", found.modelName());
    assertEquals(Map.of("temperature", 0.5), found.llmConfig());
    assertEquals(Map.of("attempt", 1L), normalized(found.metadata()));
    assertEquals(0, found.totalMessages());
    assertNull(found.endedAt());
    assertNull(found.success());
    assertTrue(conversations.find(UUID.randomUUID()).isEmpty());
  }

  @Test
  void appendKeepsOrderAndCountsIntoTotalMessages() {
    Task task = submit();
    Conversation one = start(task, 0, "gpt-4o");
    Conversation two = start(task, 1, "gpt-4o");

    conversations.append(
        List.of(
            message(one, 1, "system", "you are an SRE"),
            message(two, 1, "user", "hello"),
            message(one, 2, "user", "find the fault"),
            message(one, 3, "assistant", "checking pods")));
    conversations.append(List.of(message(one, 4, "user", "and?")));

    assertEquals(4, find(one.id()).totalMessages());
    assertEquals(1, find(two.id()).totalMessages());
    MessagePage page = messages(one.id(), null, 100);
    assertEquals(4, page.totalMessages());
    assertEquals(one.id(), page.conversationId());
    assertEquals(
        List.of("you are an SRE", "find the fault", "checking pods", "and?"),
        page.messages().stream().map(ConversationMessage::content).toList());
    assertEquals(Map.of("step", 2L), normalized(page.messages().get(1).metadata()));
  }

  @Test
  void messagesFilterByRoleAndLimitWhileTotalCountsTheRole() {
    Task task = submit();
    Conversation c = start(task, 0, "gpt-4o");
    var batch = new ArrayList<ConversationMessage>();
    for (int i = 0; i < 6; i++) {
      batch.add(message(c, i + 1, i % 2 == 0 ? "user" : "assistant", "m" + i));
    }
    conversations.append(batch);

    MessagePage users = messages(c.id(), "user", 2);

    assertEquals(3, users.totalMessages());
    assertEquals(List.of("m0", "m2"), users.messages().stream().map(m -> m.content()).toList());
    assertTrue(users.messages().stream().allMatch(m -> m.role().equals("user")));
    MessagePage all = messages(c.id(), null, 4);
    assertEquals(6, all.totalMessages());
    assertEquals(4, all.messages().size());
    assertEquals(0, messages(c.id(), "tool", 10).totalMessages());
  }

  @Test
  void endRecordsOutcomeAndTokens() {
    Task task = submit();
    Conversation c = start(task, 0, "gpt-4o");
    Instant endedAt = c.startedAt().plusSeconds(42);

    conversations.end(new ConversationEnd(c.id(), endedAt, true, 1234));

    Conversation ended = find(c.id());
    assertEquals(endedAt, ended.endedAt());
    assertEquals(Boolean.TRUE, ended.success());
    assertEquals(1234, ended.totalTokens());
  }

  @Test
  void listIsNewestFirstWithFiltersAndExactTotals() {
    Task first = submit();
    Task second = submit();
    var started = new ArrayList<Conversation>();
    for (int i = 0; i < 5; i++) {
      started.add(start(i < 3 ? first : second, i, i % 2 == 0 ? "gpt-4o" : "claude"));
    }

    ConversationPage page1 = conversations.list(new ConversationQuery(null, null, 1, 2));
    ConversationPage page3 = conversations.list(new ConversationQuery(null, null, 3, 2));

    assertEquals(5, page1.total());
    assertEquals(
        List.of(started.get(4).id(), started.get(3).id()),
        page1.conversations().stream().map(Conversation::id).toList());
    assertEquals(
        List.of(started.get(0).id()),
        page3.conversations().stream().map(Conversation::id).toList());
    assertEquals(3, page3.page());
    assertEquals(2, page3.pageSize());
    var seen = new HashSet<UUID>();
    for (int page = 1; page <= 3; page++) {
      conversations
          .list(new ConversationQuery(null, null, page, 2))
          .conversations()
          .forEach(c -> seen.add(c.id()));
    }
    assertEquals(5, seen.size());
    assertEquals(3, conversations.list(new ConversationQuery(first.id(), null, 1, 20)).total());
    assertEquals(2, conversations.list(new ConversationQuery(null, "claude", 1, 20)).total());
    ConversationPage both = conversations.list(new ConversationQuery(second.id(), "gpt-4o", 1, 20));
    assertEquals(
        List.of(started.get(4).id()), both.conversations().stream().map(Conversation::id).toList());
    assertEquals(
        0, conversations.list(new ConversationQuery(TaskId.generate(), null, 1, 20)).total());
  }

  @Test
  void ofTaskListsATasksConversationsOldestFirst() {
    Task task = submit();
    Task other = submit();
    Conversation later = start(task, 2, "gpt-4o");
    Conversation earlier = start(task, 1, "gpt-4o");
    start(other, 0, "gpt-4o");

    List<Conversation> ofTask = conversations.ofTask(task.id());

    assertEquals(List.of(earlier.id(), later.id()), ofTask.stream().map(Conversation::id).toList());
    assertEquals(List.of(), conversations.ofTask(TaskId.generate()));
  }

  @Test
  void statisticsAggregateEveryConversation() {
    ConversationStatistics empty = conversations.statistics();
    assertEquals(0, empty.totalConversations());
    assertEquals(0.0, empty.averageMessagesPerConversation());
    assertEquals(0.0, empty.successRate());

    Task task = submit();
    Conversation a = start(task, 0, "gpt-4o");
    Conversation b = start(task, 1, "gpt-4o");
    Conversation c = start(task, 2, "claude");
    conversations.append(
        List.of(
            message(a, 1, "user", "1"), message(a, 2, "user", "2"), message(b, 1, "user", "3")));
    conversations.end(new ConversationEnd(a.id(), a.startedAt().plusSeconds(1), true, 100));
    conversations.end(new ConversationEnd(b.id(), b.startedAt().plusSeconds(1), false, 50));

    ConversationStatistics stats = conversations.statistics();

    assertEquals(3, stats.totalConversations());
    assertEquals(Map.of("gpt-4o", 2L, "claude", 1L), stats.conversationsByModel());
    assertEquals(1.0, stats.averageMessagesPerConversation(), 1e-9);
    assertEquals(150, stats.totalTokensConsumed());
    assertEquals(1, stats.successfulConversations());
    assertEquals(1.0 / 3, stats.successRate(), 1e-9);
    assertNull(find(c.id()).success());
  }

  private Task submit() {
    return fixture.queue().submit(List.of(task("p-conversation"))).getFirst();
  }

  /** A conversation started {@code order} seconds after the task was created. */
  private Conversation start(Task task, int order, String model) {
    var conversation =
        new Conversation(
            UUID.randomUUID(),
            task.id(),
            "session-" + order,
            task.createdAt().plusSeconds(order),
            null,
            model,
            0,
            0,
            null,
            Map.of("temperature", 0.5),
            Map.of("attempt", 1));
    conversations.start(conversation);
    return conversation;
  }

  private static ConversationMessage message(Conversation c, int step, String role, String text) {
    return new ConversationMessage(
        c.id(), c.startedAt().plusMillis(step), role, text, Map.of("step", step));
  }

  private Conversation find(UUID id) {
    fixture.flush();
    return conversations.find(id).orElseThrow();
  }

  private MessagePage messages(UUID id, String role, int limit) {
    fixture.flush();
    return conversations.messages(id, role, limit);
  }

  private static Map<String, Object> normalized(Map<String, Object> map) {
    var copy = new java.util.LinkedHashMap<String, Object>();
    map.forEach(
        (k, v) ->
            copy.put(
                k, v instanceof Number n && !(v instanceof Double) ? (Object) n.longValue() : v));
    return copy;
  }
}
