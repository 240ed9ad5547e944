package io.aiopslab.executor.rest;

import static io.aiopslab.executor.rest.TaskApiIT.assertField;
import static io.aiopslab.executor.rest.TaskApiIT.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.aiopslab.executor.domain.conversation.Conversation;
import io.aiopslab.executor.domain.conversation.ConversationEnd;
import io.aiopslab.executor.domain.conversation.ConversationMessage;
import io.aiopslab.executor.domain.task.TaskId;
import io.aiopslab.executor.rest.ApiFixture.Reply;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ConversationApiIT {
  static ApiFixture api;
  static String taskId;
  static UUID conversationId;

  @BeforeAll
  static void start() {
    api = new ApiFixture();
    taskId = api.submit("talkative");
    conversationId = UUID.randomUUID();
    Instant at = api.clock.instant();
    var conversations = api.store.conversations();
    conversations.start(
        new Conversation(
            conversationId,
            TaskId.parse(taskId).orElseThrow(),
            "session-1",
            at,
            null,
            "gpt-4o",
            0,
            0,
            null,
            Map.of("temperature", 0.2),
            Map.of("attempt", 1)));
    conversations.append(
        List.of(
            new ConversationMessage(conversationId, at, "system", "You are an SRE.", Map.of()),
            new ConversationMessage(conversationId, at.plusSeconds(1), "user", "Find it", Map.of()),
            new ConversationMessage(
                conversationId, at.plusSeconds(2), "assistant", "Found ✓", Map.of("tokens", 7))));
    conversations.end(new ConversationEnd(conversationId, at.plusSeconds(3), true, 123));
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void listShowsSummariesWithPaging() {
    Reply reply = api.get("/api/v1/llm-conversations?task_id=" + taskId);
    assertEquals(200, reply.status(), reply::toString);
    JsonNode json = reply.json();
    assertEquals(1, json.get("total").asInt());
    assertEquals(1, json.get("page").asInt());
    assertEquals(20, json.get("page_size").asInt());
    JsonNode summary = json.get("conversations").get(0);
    assertEquals(conversationId.toString(), summary.get("id").asText());
    assertEquals(taskId, summary.get("task_id").asText());
    assertEquals("session-1", summary.get("session_id").asText());
    assertEquals("2026-01-01T00:00:00Z", summary.get("started_at").asText());
    assertEquals("2026-01-01T00:00:03Z", summary.get("ended_at").asText());
    assertEquals("gpt-4o", summary.get("model_name").asText());
    assertEquals(3, summary.get("total_messages").asInt());
    assertEquals(123, summary.get("total_tokens").asInt());
    assertTrue(summary.get("success").asBoolean());
    assertEquals(9, summary.size());

    assertEquals(
        0, api.get("/api/v1/llm-conversations?model_name=claude").json().get("total").asInt());
    assertField(api.get("/api/v1/llm-conversations?task_id=not-a-uuid"), "task_id");
    assertField(api.get("/api/v1/llm-conversations?page_size=101"), "page_size");
    assertField(api.get("/api/v1/llm-conversations?page=abc"), "page");
  }

  @Test
  void getShowsTheFullConversation() {
    Reply reply = api.get("/api/v1/llm-conversations/" + conversationId);
    assertEquals(200, reply.status(), reply::toString);
    JsonNode json = reply.json();
    assertEquals(3, json.get("messages").size());
    assertEquals("system", json.get("messages").get(0).get("role").asText());
    assertEquals("Found ✓", json.get("messages").get(2).get("content").asText());
    assertEquals(7, json.get("messages").get(2).get("metadata").get("tokens").asInt());
    assertEquals("2026-01-01T00:00:02Z", json.get("messages").get(2).get("timestamp").asText());
    assertEquals(0.2, json.get("llm_config").get("temperature").asDouble());
    assertEquals(1, json.get("metadata").get("attempt").asInt());

    String unknown = UUID.randomUUID().toString();
    assertProblem(
        api.get("/api/v1/llm-conversations/" + unknown),
        404,
        "conversation-not-found",
        "Conversation " + unknown + " not found");
    assertProblem(
        api.get("/api/v1/llm-conversations/xyz"),
        404,
        "conversation-not-found",
        "Conversation xyz not found");
  }

  @Test
  void messagesFilterByRoleAndLimit() {
    Reply all = api.get("/api/v1/llm-conversations/" + conversationId + "/messages");
    assertEquals(200, all.status(), all::toString);
    assertEquals(conversationId.toString(), all.json().get("conversation_id").asText());
    assertEquals(3, all.json().get("total_messages").asInt());
    Reply users = api.get("/api/v1/llm-conversations/" + conversationId + "/messages?role=user");
    assertEquals(1, users.json().get("total_messages").asInt());
    assertEquals("Find it", users.json().get("messages").get(0).get("content").asText());
    Reply limited = api.get("/api/v1/llm-conversations/" + conversationId + "/messages?limit=2");
    assertEquals(2, limited.json().get("messages").size());
    assertField(
        api.get("/api/v1/llm-conversations/" + conversationId + "/messages?limit=0"), "limit");
    assertProblem(
        api.get("/api/v1/llm-conversations/" + UUID.randomUUID() + "/messages"),
        404,
        "conversation-not-found",
        null);
  }

  @Test
  void conversationsOfATask() {
    Reply reply = api.get("/api/v1/llm-conversations/task/" + taskId + "/conversations");
    assertEquals(200, reply.status(), reply::toString);
    assertTrue(reply.json().isArray());
    assertEquals(conversationId.toString(), reply.json().get(0).get("id").asText());
    String unknown = UUID.randomUUID().toString();
    assertProblem(
        api.get("/api/v1/llm-conversations/task/" + unknown + "/conversations"),
        404,
        "task-not-found",
        "Task " + unknown + " not found");
  }

  @Test
  void statisticsSummary() {
    Reply reply = api.get("/api/v1/llm-conversations/stats/summary");
    assertEquals(200, reply.status(), reply::toString);
    JsonNode json = reply.json();
    assertEquals(1, json.get("total_conversations").asInt());
    assertEquals(1, json.get("conversations_by_model").get("gpt-4o").asInt());
    assertEquals(3.0, json.get("avg_messages_per_conversation").asDouble());
    assertEquals(123, json.get("total_tokens_consumed").asInt());
    assertEquals(1.0, json.get("success_rate").asDouble());
    assertEquals(1, json.get("successful_conversations").asInt());
  }
}
