package io.aiopslab.executor.postgres;

import static io.aiopslab.executor.postgres.jooq.Tables.TASK_LOGS;

import io.aiopslab.executor.domain.log.LogEntry;
import io.aiopslab.executor.domain.log.LogLevel;
import io.aiopslab.executor.domain.log.LogPage;
import io.aiopslab.executor.domain.spi.TaskLogs;
import io.aiopslab.executor.domain.task.TaskId;
import io.aiopslab.executor.postgres.jooq.tables.records.TaskLogsRecord;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Task logs on PostgreSQL: one insert per batch, ids in append order. Entries of a task that no
 * longer exists (deleted by retention meanwhile) are dropped rather than failing the whole batch.
 */
public final class JooqTaskLogs implements TaskLogs {

  private static final String APPEND =
      """
      INSERT INTO task_logs (task_id, ts, level, message, context)
      SELECT u.task_id, u.ts, u.level, u.message, u.context::jsonb
      FROM unnest(?::uuid[], ?::timestamptz[], ?::text[], ?::text[], ?::text[])
        WITH ORDINALITY AS u(task_id, ts, level, message, context, ord)
      WHERE EXISTS (SELECT 1 FROM tasks t WHERE t.id = u.task_id)
      ORDER BY u.ord
      """;

  private final Sql sql;

  JooqTaskLogs(Sql sql) {
    this.sql = sql;
  }

  public JooqTaskLogs(DSLContext dsl) {
    this(new Sql(dsl));
  }

  @Override
  public void append(List<LogEntry> entries) {
    if (entries.isEmpty()) {
      return;
    }
    int n = entries.size();
    var taskIds = new UUID[n];
    var timestamps = new OffsetDateTime[n];
    var levels = new String[n];
    var messages = new String[n];
    var contexts = new String[n];
    for (int i = 0; i < n; i++) {
      LogEntry e = entries.get(i);
      taskIds[i] = e.taskId().value();
      timestamps[i] = e.timestamp().atOffset(ZoneOffset.UTC);
      levels[i] = e.level().wireName();
      messages[i] = e.message().replace("\u0000", "");
      contexts[i] = JsonColumns.text(e.context());
    }
    sql.call(
        dsl ->
            dsl.execute(
                APPEND,
                JooqTaskQueue.uuids(taskIds),
                DSL.val(timestamps, SQLDataType.TIMESTAMPWITHTIMEZONE.array()),
                JooqTaskQueue.texts(levels),
                JooqTaskQueue.texts(messages),
                JooqTaskQueue.texts(contexts)));
  }

  @Override
  public LogPage list(TaskId taskId, LogLevel level, int limit) {
    Condition where = TASK_LOGS.TASK_ID.eq(taskId.value());
    if (level != null) {
      where = where.and(TASK_LOGS.LEVEL.eq(level.wireName()));
    }
    Condition filter = where;
    return sql.call(
        dsl -> {
          var newest =
              new ArrayList<>(
                  dsl.selectFrom(TASK_LOGS)
                      .where(filter)
                      .orderBy(TASK_LOGS.ID.desc())
                      .limit(Math.max(limit, 0))
                      .fetch(JooqTaskLogs::toEntry));
          Collections.reverse(newest);
          long total = dsl.fetchCount(TASK_LOGS, filter);
          return new LogPage(newest, total);
        });
  }

  static LogEntry toEntry(TaskLogsRecord r) {
    return new LogEntry(
        r.getId(),
        new TaskId(r.getTaskId()),
        JsonColumns.instant(r.getTs()),
        LogLevel.fromWireName(r.getLevel()).orElse(LogLevel.INFO),
        r.getMessage(),
        JsonColumns.mapOrEmpty(r.getContext()));
  }
}
