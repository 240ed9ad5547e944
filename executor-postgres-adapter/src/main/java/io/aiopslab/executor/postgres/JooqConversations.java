package io.aiopslab.executor.postgres;

import static io.aiopslab.executor.postgres.jooq.Tables.LLM_CONVERSATIONS;
import static io.aiopslab.executor.postgres.jooq.Tables.LLM_CONVERSATION_MESSAGES;
import static org.jooq.impl.DSL.avg;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.noCondition;
import static org.jooq.impl.DSL.sum;
import static org.jooq.impl.DSL.when;

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
import io.aiopslab.executor.domain.task.TaskNotFound;
import io.aiopslab.executor.postgres.jooq.tables.records.LlmConversationMessagesRecord;
import io.aiopslab.executor.postgres.jooq.tables.records.LlmConversationsRecord;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * LLM conversations on PostgreSQL. Messages are rows numbered per conversation; an append bumps
 * total_messages first, which locks the conversation row, so concurrent appends get disjoint
 * numbers.
 */
public final class JooqConversations implements Conversations {

  private static final String BUMP =
      """
      UPDATE llm_conversations c SET total_messages = c.total_messages + u.n
      FROM unnest(?::uuid[], ?::bigint[]) AS u(id, n)
      WHERE c.id = u.id
      RETURNING c.id, c.total_messages - u.n AS base
      """;

  private static final String INSERT_MESSAGES =
      """
      INSERT INTO llm_conversation_messages (conversation_id, seq, ts, role, content, metadata)
      SELECT conversation_id, seq, ts, role, content, metadata::jsonb
      FROM unnest(?::uuid[], ?::bigint[], ?::timestamptz[], ?::text[], ?::text[], ?::text[])
        AS u(conversation_id, seq, ts, role, content, metadata)
      """;

  private final Sql sql;

  JooqConversations(Sql sql) {
    this.sql = sql;
  }

  public JooqConversations(DSLContext dsl) {
    this(new Sql(dsl));
  }

  @Override
  public void start(Conversation c) {
    try {
      sql.call(
          dsl ->
              dsl.insertInto(LLM_CONVERSATIONS)
                  .set(LLM_CONVERSATIONS.ID, c.id())
                  .set(LLM_CONVERSATIONS.TASK_ID, c.taskId().value())
                  .set(LLM_CONVERSATIONS.SESSION_ID, c.sessionId())
                  .set(LLM_CONVERSATIONS.STARTED_AT, utc(c.startedAt()))
                  .set(LLM_CONVERSATIONS.ENDED_AT, c.endedAt() == null ? null : utc(c.endedAt()))
                  .set(LLM_CONVERSATIONS.MODEL_NAME, c.modelName())
                  .set(LLM_CONVERSATIONS.TOTAL_MESSAGES, c.totalMessages())
                  .set(LLM_CONVERSATIONS.TOTAL_TOKENS, c.totalTokens())
                  .set(LLM_CONVERSATIONS.SUCCESS, c.success())
                  .set(LLM_CONVERSATIONS.LLM_CONFIG, JsonColumns.jsonb(c.llmConfig()))
                  .set(LLM_CONVERSATIONS.METADATA, JsonColumns.jsonb(c.metadata()))
                  .execute());
    } catch (Sql.IntegrityViolation e) {
      if (e.isForeignKeyViolation()) {
        throw new TaskNotFound(c.taskId());
      }
      throw new IllegalArgumentException("conversation " + c.id() + " already exists");
    }
  }

  @Override
  public void append(List<ConversationMessage> messages) {
    if (messages.isEmpty()) {
      return;
    }
    var counts = new LinkedHashMap<UUID, Long>();
    messages.forEach(m -> counts.merge(m.conversationId(), 1L, Long::sum));
    // Lock conversation rows in one order so concurrent appends cannot deadlock.
    var ids = counts.keySet().stream().sorted().toArray(UUID[]::new);
    var ns = new Long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      ns[i] = counts.get(ids[i]);
    }
    sql.transaction(
        dsl -> {
          var next = new HashMap<UUID, Long>();
          dsl.resultQuery(BUMP, JooqTaskQueue.uuids(ids), DSL.val(ns, SQLDataType.BIGINT.array()))
              .coerce(LLM_CONVERSATIONS.ID, DSL.field("base", Long.class))
              .fetch()
              .forEach(r -> next.put(r.value1(), r.value2()));
          var kept = messages.stream().filter(m -> next.containsKey(m.conversationId())).toList();
          if (kept.isEmpty()) {
            return null;
          }
          int n = kept.size();
          var conversationIds = new UUID[n];
          var seqs = new Long[n];
          var timestamps = new OffsetDateTime[n];
          var roles = new String[n];
          var contents = new String[n];
          var metadata = new String[n];
          for (int i = 0; i < n; i++) {
            ConversationMessage m = kept.get(i);
            long seq = next.merge(m.conversationId(), 1L, Long::sum);
            conversationIds[i] = m.conversationId();
            seqs[i] = seq;
            timestamps[i] = utc(m.timestamp());
            roles[i] = m.role();
            contents[i] = m.content().replace("\u0000", "");
            metadata[i] = JsonColumns.text(m.metadata());
          }
          dsl.execute(
              INSERT_MESSAGES,
              JooqTaskQueue.uuids(conversationIds),
              DSL.val(seqs, SQLDataType.BIGINT.array()),
              DSL.val(timestamps, SQLDataType.TIMESTAMPWITHTIMEZONE.array()),
              JooqTaskQueue.texts(roles),
              JooqTaskQueue.texts(contents),
              JooqTaskQueue.texts(metadata));
          return null;
        });
  }

  @Override
  public void end(ConversationEnd end) {
    int updated =
        sql.call(
            dsl ->
                dsl.update(LLM_CONVERSATIONS)
                    .set(LLM_CONVERSATIONS.ENDED_AT, utc(end.endedAt()))
                    .set(LLM_CONVERSATIONS.SUCCESS, end.success())
                    .set(LLM_CONVERSATIONS.TOTAL_TOKENS, end.totalTokens())
                    .where(LLM_CONVERSATIONS.ID.eq(end.conversationId()))
                    .execute());
    if (updated == 0) {
      throw new ConversationNotFound(end.conversationId().toString());
    }
  }

  @Override
  public ConversationPage list(ConversationQuery query) {
    Condition where = noCondition();
    if (query.taskId() != null) {
      where = where.and(LLM_CONVERSATIONS.TASK_ID.eq(query.taskId().value()));
    }
    if (query.modelName() != null) {
      where = where.and(LLM_CONVERSATIONS.MODEL_NAME.eq(query.modelName()));
    }
    Condition filter = where;
    return sql.call(
        dsl -> {
          var page =
              dsl.selectFrom(LLM_CONVERSATIONS)
                  .where(filter)
                  .orderBy(LLM_CONVERSATIONS.STARTED_AT.desc(), LLM_CONVERSATIONS.ID.desc())
                  .offset(query.offset())
                  .limit(query.pageSize())
                  .fetch(JooqConversations::toConversation);
          long total = dsl.fetchCount(LLM_CONVERSATIONS, filter);
          return new ConversationPage(page, total, query.page(), query.pageSize());
        });
  }

  @Override
  public Optional<Conversation> find(UUID id) {
    return sql.call(
        dsl ->
            dsl.selectFrom(LLM_CONVERSATIONS)
                .where(LLM_CONVERSATIONS.ID.eq(id))
                .fetchOptional(JooqConversations::toConversation));
  }

  @Override
  public MessagePage messages(UUID conversationId, String role, int limit) {
    Condition where = LLM_CONVERSATION_MESSAGES.CONVERSATION_ID.eq(conversationId);
    if (role != null) {
      where = where.and(LLM_CONVERSATION_MESSAGES.ROLE.eq(role));
    }
    Condition filter = where;
    return sql.call(
        dsl -> {
          boolean exists =
              dsl.fetchExists(LLM_CONVERSATIONS, LLM_CONVERSATIONS.ID.eq(conversationId));
          if (!exists) {
            throw new ConversationNotFound(conversationId.toString());
          }
          List<ConversationMessage> page =
              dsl.selectFrom(LLM_CONVERSATION_MESSAGES)
                  .where(filter)
                  .orderBy(LLM_CONVERSATION_MESSAGES.SEQ)
                  .limit(Math.max(limit, 0))
                  .fetch(JooqConversations::toMessage);
          long total = dsl.fetchCount(LLM_CONVERSATION_MESSAGES, filter);
          return new MessagePage(conversationId, total, page);
        });
  }

  @Override
  public List<Conversation> ofTask(TaskId taskId) {
    return sql.call(
        dsl ->
            dsl.selectFrom(LLM_CONVERSATIONS)
                .where(LLM_CONVERSATIONS.TASK_ID.eq(taskId.value()))
                .orderBy(LLM_CONVERSATIONS.STARTED_AT, LLM_CONVERSATIONS.ID)
                .fetch(JooqConversations::toConversation));
  }

  @Override
  public ConversationStatistics statistics() {
    return sql.call(
        dsl -> {
          var totals =
              dsl.select(
                      count(),
                      avg(LLM_CONVERSATIONS.TOTAL_MESSAGES),
                      sum(LLM_CONVERSATIONS.TOTAL_TOKENS),
                      count().filterWhere(LLM_CONVERSATIONS.SUCCESS.isTrue()))
                  .from(LLM_CONVERSATIONS)
                  .fetchOne();
          var byModel = new HashMap<String, Long>();
          dsl.select(
                  when(LLM_CONVERSATIONS.MODEL_NAME.isNull(), "unknown")
                      .otherwise(LLM_CONVERSATIONS.MODEL_NAME),
                  count())
              .from(LLM_CONVERSATIONS)
              .groupBy(LLM_CONVERSATIONS.MODEL_NAME)
              .fetch()
              .forEach(r -> byModel.merge(r.value1(), r.value2().longValue(), Long::sum));
          BigDecimal average = totals.value2();
          BigDecimal tokens = totals.value3();
          return new ConversationStatistics(
              totals.value1(),
              byModel,
              average == null ? 0.0 : average.doubleValue(),
              tokens == null ? 0 : tokens.longValue(),
              totals.value4());
        });
  }

  static Conversation toConversation(LlmConversationsRecord r) {
    return new Conversation(
        r.getId(),
        new TaskId(r.getTaskId()),
        r.getSessionId(),
        JsonColumns.instant(r.getStartedAt()),
        JsonColumns.instant(r.getEndedAt()),
        r.getModelName(),
        r.getTotalMessages(),
        r.getTotalTokens(),
        r.getSuccess(),
        JsonColumns.mapOrEmpty(r.getLlmConfig()),
        JsonColumns.mapOrEmpty(r.getMetadata()));
  }

  static ConversationMessage toMessage(LlmConversationMessagesRecord r) {
    return new ConversationMessage(
        r.getConversationId(),
        JsonColumns.instant(r.getTs()),
        r.getRole(),
        r.getContent(),
        JsonColumns.mapOrEmpty(r.getMetadata()));
  }

  private static OffsetDateTime utc(java.time.Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
