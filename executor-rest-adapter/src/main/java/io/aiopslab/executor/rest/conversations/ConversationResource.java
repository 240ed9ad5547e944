package io.aiopslab.executor.rest.conversations;

import io.aiopslab.executor.domain.conversation.Conversation;
import io.aiopslab.executor.ports.conversations.QueryConversations;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/** {@code /api/v1/llm-conversations}: what runners recorded of their LLM conversations. */
@Path("/api/v1/llm-conversations")
@Produces(MediaType.APPLICATION_JSON)
public final class ConversationResource {

  /** The full conversation shows at most this many messages (the messages endpoint's maximum). */
  static final String FULL_MESSAGE_LIMIT = "1000";

  private final QueryConversations query;

  public ConversationResource(QueryConversations query) {
    this.query = query;
  }

  @GET
  public Map<String, Object> list(
      @QueryParam("task_id") String taskId,
      @QueryParam("model_name") String modelName,
      @QueryParam("page") String page,
      @QueryParam("page_size") String pageSize) {
    return ConversationMapper.page(query.list(taskId, modelName, page, pageSize));
  }

  @GET
  @Path("stats/summary")
  public Map<String, Object> statistics() {
    return ConversationMapper.statistics(query.statistics());
  }

  @GET
  @Path("task/{task_id}/conversations")
  public List<Map<String, Object>> ofTask(@PathParam("task_id") String taskId) {
    return ConversationMapper.summaries(query.ofTask(taskId));
  }

  @GET
  @Path("{conversation_id}")
  public Map<String, Object> get(@PathParam("conversation_id") String conversationId) {
    Conversation conversation = query.get(conversationId);
    return ConversationMapper.full(
        conversation, query.messages(conversationId, null, FULL_MESSAGE_LIMIT));
  }

  @GET
  @Path("{conversation_id}/messages")
  public Map<String, Object> messages(
      @PathParam("conversation_id") String conversationId,
      @QueryParam("role") String role,
      @QueryParam("limit") String limit) {
    return ConversationMapper.messages(query.messages(conversationId, role, limit));
  }
}
