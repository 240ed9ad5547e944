package io.aiopslab.executor.ports.conversations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.aiopslab.executor.domain.ValidationFailed;
import io.aiopslab.executor.domain.conversation.Conversation;
import io.aiopslab.executor.domain.conversation.ConversationMessage;
import io.aiopslab.executor.domain.conversation.ConversationNotFound;
import io.aiopslab.executor.domain.conversation.ConversationPage;
import io.aiopslab.executor.domain.conversation.MessagePage;
import io.aiopslab.executor.domain.task.NewTask;
import io.aiopslab.executor.domain.task.SubmissionDefaults;
import io.aiopslab.executor.domain.task.Task;
import io.aiopslab.executor.domain.task.TaskNotFound;
import io.aiopslab.executor.domain.task.TaskSubmissionRules;
import io.aiopslab.executor.ports.fakes.InMemoryStore;
import io.aiopslab.executor.ports.fakes.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Conversation reads as API.md "LLM conversations" and "Reads" describe them. */
class ConversationQueryServiceTest {

  private static final TaskSubmissionRules RULES =
      new TaskSubmissionRules(SubmissionDefaults.ORIGINAL);

  private final MutableClock clock = new MutableClock();
  private final InMemoryStore store = new InMemoryStore(clock);
  private final ConversationQueryService service =
      new ConversationQueryService(store.conversations(), store.queue());

  @Test
  void listFiltersByTaskAndModelNewestFirst() {
    Task a = task();
    Task b = task();
    Conversation first = conversation(a, "gpt-4");
    clock.advance(Duration.ofSeconds(1));
    Conversation second = conversation(a, "claude");
    clock.advance(Duration.ofSeconds(1));
    Conversation third = conversation(b, "gpt-4");

    assertEquals(
        List.of(third.id(), second.id(), first.id()), ids(service.list(null, null, null, null)));
    assertEquals(
        List.of(second.id(), first.id()), ids(service.list(a.id().toString(), null, null, null)));
    assertEquals(List.of(third.id(), first.id()), ids(service.list("", "gpt-4", null, null)));
    ConversationPage page = service.list(null, null, "2", "2");
    assertEquals(3, page.total());
    assertEquals(List.of(first.id()), ids(page));
    assertEquals(20, service.list(null, null, null, null).pageSize());
  }

  @Test
  void listRejectsATaskIdThatIsNotAUuid() {
    ValidationFailed e =
        assertThrows(ValidationFailed.class, () -> service.list("not-a-uuid", null, null, null));

    assertEquals("task_id", e.errors().getFirst().field());
  }

  @Test
  void listRejectsPagingOutOfBounds() {
    assertInvalid("page_size", null, "0");
    assertInvalid("page_size", null, "101");
    assertInvalid("page_size", null, "x");
    assertInvalid("page", "0", null);
    assertInvalid("page", "abc", null);
    assertEquals(100, service.list(null, null, "1", "100").pageSize());
    assertEquals(1, service.list(null, null, "1", "1").pageSize());
  }

  @Test
  void getOfAnUnknownOrNonUuidIdIsConversationNotFoundNamingTheId() {
    String unknown = UUID.randomUUID().toString();

    assertEquals(
        "Conversation " + unknown + " not found",
        assertThrows(ConversationNotFound.class, () -> service.get(unknown)).getMessage());
    assertEquals(
        "Conversation xyz not found",
        assertThrows(ConversationNotFound.class, () -> service.get("xyz")).getMessage());
    assertThrows(ConversationNotFound.class, () -> service.messages("xyz", null, null));
    assertThrows(ConversationNotFound.class, () -> service.messages(unknown, null, null));
  }

  @Test
  void getReturnsTheConversation() {
    Conversation started = conversation(task(), "gpt-4");

    Conversation found = service.get(started.id().toString());

    assertEquals(started.id(), found.id());
    assertEquals(Map.of("temperature", 0), found.llmConfig());
  }

  @Test
  void messagesFilterByRoleAndCountTheMatchesBeyondTheLimit() {
    Conversation c = conversation(task(), "gpt-4");
    store
        .conversations()
        .append(
            IntStream.range(0, 5)
                .mapToObj(
                    i ->
                        new ConversationMessage(
                            c.id(),
                            clock.instant().plusSeconds(i),
                            i % 2 == 0 ? "user" : "assistant",
                            "m" + i,
                            Map.of()))
                .toList());

    MessagePage users = service.messages(c.id().toString(), "user", "2");
    MessagePage all = service.messages(c.id().toString(), "", null);

    assertEquals(c.id(), users.conversationId());
    assertEquals(3, users.totalMessages());
    assertEquals(
        List.of("m0", "m2"), users.messages().stream().map(ConversationMessage::content).toList());
    assertEquals(5, all.totalMessages());
    assertEquals(5, all.messages().size());
  }

  @Test
  void messagesRejectALimitOutOfBounds() {
    String id = conversation(task(), "gpt-4").id().toString();

    for (String limit : List.of("0", "1001", "lots")) {
      ValidationFailed e =
          assertThrows(ValidationFailed.class, () -> service.messages(id, null, limit));
      assertEquals("limit", e.errors().getFirst().field(), "limit=" + limit);
    }
    assertEquals(0, service.messages(id, null, "1000").totalMessages());
  }

  @Test
  void conversationsOfATaskAreOldestFirst() {
    Task task = task();
    Conversation first = conversation(task, "a");
    clock.advance(Duration.ofSeconds(1));
    Conversation second = conversation(task, "b");
    conversation(task(), "other task");

    assertEquals(
        List.of(first.id(), second.id()),
        service.ofTask(task.id().toString()).stream().map(Conversation::id).toList());
    assertEquals(List.of(), service.ofTask(task().id().toString()));
  }

  @Test
  void conversationsOfAnUnknownOrNonUuidTaskAreTaskNotFound() {
    String unknown = UUID.randomUUID().toString();

    assertEquals(
        "Task " + unknown + " not found",
        assertThrows(TaskNotFound.class, () -> service.ofTask(unknown)).getMessage());
    assertThrows(TaskNotFound.class, () -> service.ofTask("nope"));
  }

  @Test
  void statisticsSummariseAllConversations() {
    conversation(task(), "gpt-4");
    conversation(task(), "gpt-4");

    var statistics = service.statistics();

    assertEquals(2, statistics.totalConversations());
    assertEquals(Map.of("gpt-4", 2L), statistics.conversationsByModel());
  }

  private Task task() {
    NewTask task = RULES.single(Map.of("problem_id", "p"), null);
    return store.queue().submit(List.of(task)).getFirst();
  }

  private Conversation conversation(Task task, String model) {
    var conversation =
        new Conversation(
            UUID.randomUUID(),
            task.id(),
            "session-" + UUID.randomUUID(),
            clock.instant(),
            null,
            model,
            0,
            0,
            null,
            Map.of("temperature", 0),
            Map.of());
    store.conversations().start(conversation);
    return conversation;
  }

  private void assertInvalid(String field, String page, String pageSize) {
    ValidationFailed e =
        assertThrows(ValidationFailed.class, () -> service.list(null, null, page, pageSize));
    assertEquals(field, e.errors().getFirst().field());
  }

  private static List<UUID> ids(ConversationPage page) {
    return page.conversations().stream().map(Conversation::id).toList();
  }
}
