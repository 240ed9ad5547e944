package io.aiopslab.executor.ports.tasks;

import io.aiopslab.executor.domain.ValidationFailed;
import io.aiopslab.executor.domain.log.LogLevel;
import io.aiopslab.executor.domain.log.LogPage;
import io.aiopslab.executor.domain.spi.TaskLogs;
import io.aiopslab.executor.domain.spi.TaskQueue;
import io.aiopslab.executor.domain.task.NewTask;
import io.aiopslab.executor.domain.task.Task;
import io.aiopslab.executor.domain.task.TaskId;
import io.aiopslab.executor.domain.task.TaskNotFound;
import io.aiopslab.executor.domain.task.TaskPage;
import io.aiopslab.executor.domain.task.TaskQuery;
import io.aiopslab.executor.domain.task.TaskSort;
import io.aiopslab.executor.domain.task.TaskStatistics;
import io.aiopslab.executor.domain.task.TaskStatus;
import io.aiopslab.executor.domain.task.TaskSubmissionRules;
import io.aiopslab.executor.ports.RequestParameters;
import java.util.List;

/** Submitting, reading and cancelling tasks over the queue. */
public final class TaskService implements SubmitTasks, QueryTasks, CancelTask {

  private final TaskQueue queue;
  private final TaskLogs logs;
  private final TaskSubmissionRules rules;
  private final TaskEvents events;
  private final ClaimOnSubmit localSlots;
  private final SharedInserts sharedInserts;

  /** For a node without a worker pool: submits never claim. */
  public TaskService(TaskQueue queue, TaskLogs logs, TaskSubmissionRules rules, TaskEvents events) {
    this(queue, logs, rules, events, ClaimOnSubmit.NONE);
  }

  /**
   * @param localSlots this node's idle slots, which a submit claims for in its own transaction
   */
  public TaskService(
      TaskQueue queue,
      TaskLogs logs,
      TaskSubmissionRules rules,
      TaskEvents events,
      ClaimOnSubmit localSlots) {
    this.queue = queue;
    this.logs = logs;
    this.rules = rules;
    this.events = events;
    this.localSlots = localSlots;
    this.sharedInserts = new SharedInserts(queue);
  }

  @Override
  public Submission submit(SubmitTask command) {
    NewTask task = rules.single(command.body(), command.idempotencyKey());
    try (var announce = events.submitting(List.of(task.id()))) {
      if (task.idempotency() == null) {
        return new Submission(store(List.of(task), announce).getFirst(), true);
      }
      TaskQueue.Submitted submitted = queue.submitIdempotent(task);
      if (submitted.created()) {
        announce.submitted(List.of(submitted.task()));
      }
      return new Submission(submitted.task(), submitted.created());
    }
  }

  @Override
  public List<Task> submitBatch(SubmitTaskBatch command) {
    List<NewTask> tasks = rules.batch(command.body());
    try (var announce = events.submitting(tasks.stream().map(NewTask::id).toList())) {
      return store(tasks, announce);
    }
  }

  /**
   * Inserts the tasks, claiming for this node's idle slots in the same transaction when it has any
   * (ADR 0009), and announces them; their started events follow, held back until then.
   */
  private List<Task> store(List<NewTask> tasks, TaskEvents.Submitting announce) {
    ClaimOnSubmit.Offer offer = localSlots.offer(tasks);
    if (offer == null) {
      List<Task> stored =
          tasks.size() == 1 ? List.of(sharedInserts.submit(tasks.getFirst())) : queue.submit(tasks);
      announce.submitted(stored);
      return stored;
    }
    TaskQueue.SubmittedAndClaimed result;
    try {
      result = queue.submitAndClaim(tasks, offer.request());
    } catch (RuntimeException e) {
      offer.withdraw();
      throw e;
    }
    offer.launch(result.claimed());
    announce.submitted(result.stored());
    return result.stored();
  }

  @Override
  public Task get(String taskId) {
    return queue.find(parseId(taskId)).orElseThrow(() -> new TaskNotFound(taskId));
  }

  @Override
  public TaskPage list(ListTasks query) {
    TaskStatus status = null;
    if (query.status() != null) {
      status =
          TaskStatus.fromWireName(query.status())
              .orElseThrow(
                  () ->
                      ValidationFailed.of(
                          "status",
                          "must be one of pending, running, completed, failed, timeout, cancelled"));
    }
    TaskSort sort = TaskSort.DEFAULT;
    if (query.sort() != null) {
      sort =
          TaskSort.parse(query.sort())
              .orElseThrow(
                  () ->
                      ValidationFailed.of(
                          "sort",
                          "must be one of created_at, updated_at, started_at, completed_at,"
                              + " priority, optionally prefixed with -"));
    }
    int page = RequestParameters.intParam(query.page(), "page", 1, 1_000_000, 1);
    int pageSize =
        RequestParameters.intParam(query.pageSize(), "page_size", 1, TaskQuery.MAX_PAGE_SIZE, 20);
    return queue.list(
        new TaskQuery(
            status,
            blankToNull(query.problemId()),
            blankToNull(query.workerId()),
            blankToNull(query.backendType()),
            sort,
            page,
            pageSize));
  }

  @Override
  public LogPage logs(ReadTaskLogs query) {
    LogLevel level = null;
    if (query.level() != null) {
      level =
          LogLevel.fromWireName(query.level())
              .orElseThrow(
                  () ->
                      ValidationFailed.of(
                          "level", "must be one of debug, info, warning, error, critical"));
    }
    int limit = RequestParameters.intParam(query.limit(), "limit", 1, 1000, 100);
    TaskId id = get(query.taskId()).id();
    return logs.list(id, level, limit);
  }

  @Override
  public TaskStatistics statistics() {
    return queue.statistics();
  }

  @Override
  public Task cancel(String taskId) {
    Task cancelled = queue.cancel(parseId(taskId));
    events.changed(List.of(cancelled));
    return cancelled;
  }

  private static TaskId parseId(String taskId) {
    return TaskId.parse(taskId).orElseThrow(() -> new TaskNotFound(taskId));
  }

  private static String blankToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }
}
