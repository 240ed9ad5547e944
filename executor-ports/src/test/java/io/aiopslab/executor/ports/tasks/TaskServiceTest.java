package io.aiopslab.executor.ports.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aiopslab.executor.domain.ValidationFailed;
import io.aiopslab.executor.domain.log.LogEntry;
import io.aiopslab.executor.domain.log.LogLevel;
import io.aiopslab.executor.domain.log.LogPage;
import io.aiopslab.executor.domain.task.ClaimRequest;
import io.aiopslab.executor.domain.task.Finish;
import io.aiopslab.executor.domain.task.IdempotencyConflict;
import io.aiopslab.executor.domain.task.IllegalTransition;
import io.aiopslab.executor.domain.task.SubmissionDefaults;
import io.aiopslab.executor.domain.task.Task;
import io.aiopslab.executor.domain.task.TaskNotFound;
import io.aiopslab.executor.domain.task.TaskPage;
import io.aiopslab.executor.domain.task.TaskStatus;
import io.aiopslab.executor.domain.task.TaskSubmissionRules;
import io.aiopslab.executor.ports.fakes.InMemoryStore;
import io.aiopslab.executor.ports.fakes.MutableClock;
import io.aiopslab.executor.ports.tasks.QueryTasks.ListTasks;
import io.aiopslab.executor.ports.tasks.QueryTasks.ReadTaskLogs;
import io.aiopslab.executor.ports.tasks.SubmitTasks.Submission;
import io.aiopslab.executor.ports.tasks.SubmitTasks.SubmitTask;
import io.aiopslab.executor.ports.tasks.SubmitTasks.SubmitTaskBatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Submitting, reading and cancelling tasks as a client of API.md "Tasks" sees it. */
class TaskServiceTest {

  private final MutableClock clock = new MutableClock();
  private final InMemoryStore store = new InMemoryStore(clock);
  private final List<String> listenerErrors = new ArrayList<>();
  private final TaskEvents events = new TaskEvents((message, e) -> listenerErrors.add(message));
  private final TaskService service =
      new TaskService(
          store.queue(),
          store.logs(),
          new TaskSubmissionRules(SubmissionDefaults.ORIGINAL),
          events);

  // --- submit ---------------------------------------------------------------------------------

  @Test
  void submitMergesDefaultsAndReportsCreated() {
    Submission submission =
        service.submit(
            new SubmitTask(
                Map.of("problem_id", "k8s_target_port-misconfig-detection-1", "priority", 7),
                null));

    assertTrue(submission.created());
    Task task = submission.task();
    assertEquals(TaskStatus.PENDING, task.status());
    assertEquals(7, task.priority());
    assertEquals(30, task.parameters().get("max_steps"));
    assertEquals(30, task.parameters().get("timeout_minutes"));
    assertEquals(7, task.parameters().get("priority"));
    assertEquals(3, task.parameters().get("max_attempts"));
    assertEquals(Map.of("model", "gpt-4"), task.parameters().get("agent_config"));
    assertEquals(0, task.attempt());
    assertEquals(3, task.maxAttempts());
    assertNull(task.workerId());
    assertEquals(task, service.get(task.id().toString()));
  }

  @Test
  void submitKeepsUnknownParametersVerbatim() {
    Task task =
        service
            .submit(
                new SubmitTask(
                    Map.of(
                        "problem_id",
                        "p-1",
                        "parameters",
                        Map.of("custom", List.of(1, "two"), "agent_config", Map.of("model", "x"))),
                    null))
            .task();

    assertEquals(List.of(1, "two"), task.parameters().get("custom"));
    assertEquals(Map.of("model", "x"), task.parameters().get("agent_config"));
  }

  @Test
  void invalidSubmissionStoresNothingAndNamesTheField() {
    ValidationFailed e =
        assertThrows(
            ValidationFailed.class,
            () ->
                service.submit(
                    new SubmitTask(
                        Map.of("problem_id", "p-1", "parameters", Map.of("max_steps", 0)), null)));

    assertEquals(List.of("parameters.max_steps"), fields(e));
    assertEquals(0, service.list(ListTasks.firstPage()).total());
  }

  @Test
  void repeatedIdempotencyKeyWithTheSameJsonValueReturnsTheFirstTask() {
    var first = new LinkedHashMap<String, Object>();
    first.put("problem_id", "p-1");
    first.put("parameters", Map.of("max_steps", 10));
    var reordered = new LinkedHashMap<String, Object>();
    reordered.put("parameters", Map.of("max_steps", 10));
    reordered.put("problem_id", "p-1");
    var heard = new ArrayList<Task>();
    events.add(
        new TaskEventListener() {
          @Override
          public void submitted(Task task) {
            heard.add(task);
          }
        });

    Submission created = service.submit(new SubmitTask(first, "key-1"));
    Submission repeated = service.submit(new SubmitTask(reordered, "key-1"));

    assertTrue(created.created());
    assertFalse(repeated.created());
    assertEquals(created.task().id(), repeated.task().id());
    assertEquals(1, service.list(ListTasks.firstPage()).total());
    assertEquals(List.of(created.task()), heard, "a repeat is not a new submission");
  }

  @Test
  void idempotencyKeyWithADifferentBodyIsAConflict() {
    Task first = service.submit(new SubmitTask(Map.of("problem_id", "p-1"), "key-1")).task();

    IdempotencyConflict e =
        assertThrows(
            IdempotencyConflict.class,
            () -> service.submit(new SubmitTask(Map.of("problem_id", "p-2"), "key-1")));

    assertEquals(first.id(), e.existing());
    assertEquals(1, service.list(ListTasks.firstPage()).total());
  }

  @Test
  void idempotencyKeyLongerThan255CharactersIsAValidationError() {
    service.submit(new SubmitTask(Map.of("problem_id", "p-1"), "k".repeat(255)));

    ValidationFailed e =
        assertThrows(
            ValidationFailed.class,
            () -> service.submit(new SubmitTask(Map.of("problem_id", "p-1"), "k".repeat(256))));

    assertEquals(List.of("Idempotency-Key"), fields(e));
    assertEquals(1, service.list(ListTasks.firstPage()).total());
  }

  @Test
  void batchStoresEveryTask() {
    List<Task> stored =
        service.submitBatch(
            new SubmitTaskBatch(
                Map.of("tasks", List.of(Map.of("problem_id", "a"), Map.of("problem_id", "b")))));

    assertEquals(List.of("a", "b"), stored.stream().map(Task::problemId).toList());
    assertEquals(2, service.list(ListTasks.firstPage()).total());
  }

  @Test
  void batchWithOneInvalidItemStoresNothingAndNamesItsIndex() {
    ValidationFailed e =
        assertThrows(
            ValidationFailed.class,
            () ->
                service.submitBatch(
                    new SubmitTaskBatch(
                        Map.of(
                            "tasks",
                            List.of(
                                Map.of("problem_id", "a"),
                                Map.of("problem_id", "b", "parameters", Map.of("priority", 11)),
                                Map.of("problem_id", 123))))));

    assertEquals(List.of("tasks[1].parameters.priority", "tasks[2].problem_id"), fields(e));
    assertEquals(0, service.list(ListTasks.firstPage()).total());
  }

  @Test
  void batchWithUnknownEnvelopeFieldIsRejected() {
    ValidationFailed e =
        assertThrows(
            ValidationFailed.class,
            () ->
                service.submitBatch(
                    new SubmitTaskBatch(
                        Map.of("tasks", List.of(Map.of("problem_id", "a")), "extra", 1))));

    assertEquals(List.of("extra"), fields(e));
    assertEquals(0, service.list(ListTasks.firstPage()).total());
  }

  // --- get and cancel -------------------------------------------------------------------------

  @Test
  void getOfAnUnknownOrNonUuidIdIsTaskNotFound() {
    String unknown = UUID.randomUUID().toString();

    assertEquals(
        "Task " + unknown + " not found",
        assertThrows(TaskNotFound.class, () -> service.get(unknown)).getMessage());
    assertEquals(
        "Task not-a-uuid not found",
        assertThrows(TaskNotFound.class, () -> service.get("not-a-uuid")).getMessage());
  }

  @Test
  void cancelOfAnUnknownOrNonUuidIdIsTaskNotFound() {
    assertThrows(TaskNotFound.class, () -> service.cancel(UUID.randomUUID().toString()));
    assertThrows(TaskNotFound.class, () -> service.cancel("42"));
  }

  @Test
  void cancelOfAPendingTaskMeansItIsNeverClaimed() {
    Task task = submit("p-1");

    Task cancelled = service.cancel(task.id().toString());

    assertEquals(TaskStatus.CANCELLED, cancelled.status());
    assertTrue(
        store
            .queue()
            .claim(new ClaimRequest(List.of("w-1"), "orchestrator", Duration.ofSeconds(60)))
            .isEmpty());
    assertEquals(TaskStatus.CANCELLED, service.get(task.id().toString()).status());
  }

  @Test
  void cancelOfAFinishedTaskNamesItsStatus() {
    Task task = submit("p-1");
    Task running =
        store
            .queue()
            .claim(new ClaimRequest(List.of("w-1"), "orchestrator", Duration.ofSeconds(60)))
            .getFirst();
    store.queue().finish(List.of(Finish.completed(running.leaseRef().orElseThrow(), Map.of())));

    IllegalTransition e =
        assertThrows(IllegalTransition.class, () -> service.cancel(task.id().toString()));

    assertEquals("Task " + task.id() + " cannot be cancelled from completed", e.getMessage());
    assertEquals(TaskStatus.COMPLETED, service.get(task.id().toString()).status());
  }

  @Test
  void cancelOfACancelledTaskIsAnIllegalTransition() {
    Task task = submit("p-1");
    service.cancel(task.id().toString());

    IllegalTransition e =
        assertThrows(IllegalTransition.class, () -> service.cancel(task.id().toString()));

    assertEquals("Task " + task.id() + " cannot be cancelled from cancelled", e.getMessage());
  }

  // --- list -----------------------------------------------------------------------------------

  @Test
  void listFiltersByStatusAndPages() {
    Task a = submit("a");
    clock.advance(Duration.ofSeconds(1));
    Task b = submit("b");
    clock.advance(Duration.ofSeconds(1));
    Task c = submit("c");
    service.cancel(b.id().toString());

    TaskPage pending =
        service.list(new ListTasks("pending", null, null, null, "created_at", "1", "1"));
    TaskPage secondPage = service.list(new ListTasks(null, null, null, null, null, "2", "2"));

    assertEquals(2, pending.total());
    assertEquals(List.of(a.id()), pending.tasks().stream().map(Task::id).toList());
    assertEquals(3, secondPage.total());
    assertEquals(2, secondPage.page());
    assertEquals(2, secondPage.pageSize());
    assertEquals(List.of(a.id()), secondPage.tasks().stream().map(Task::id).toList());
    assertEquals(
        List.of(c.id(), b.id(), a.id()),
        service.list(ListTasks.firstPage()).tasks().stream().map(Task::id).toList(),
        "default sort is -created_at");
  }

  @Test
  void listRejectsBadValuesNamingTheParameter() {
    assertInvalid("status", new ListTasks("PENDING", null, null, null, null, null, null));
    assertInvalid("status", new ListTasks("done", null, null, null, null, null, null));
    assertInvalid("sort", new ListTasks(null, null, null, null, "name", null, null));
    assertInvalid("sort", new ListTasks(null, null, null, null, "+priority", null, null));
    assertInvalid("page", new ListTasks(null, null, null, null, null, "0", null));
    assertInvalid("page", new ListTasks(null, null, null, null, null, "abc", null));
    assertInvalid("page", new ListTasks(null, null, null, null, null, "1.5", null));
    assertInvalid("page_size", new ListTasks(null, null, null, null, null, null, "0"));
    assertInvalid("page_size", new ListTasks(null, null, null, null, null, null, "101"));
    assertInvalid("page_size", new ListTasks(null, null, null, null, null, null, "ten"));
  }

  @Test
  void listAcceptsTheBoundsOfPageSize() {
    submit("a");

    assertEquals(1, service.list(new ListTasks(null, null, null, null, null, null, "1")).total());
    assertEquals(
        100, service.list(new ListTasks(null, null, null, null, null, null, "100")).pageSize());
  }

  // --- logs -----------------------------------------------------------------------------------

  @Test
  void logsStartWithTheCreatedEntry() {
    Task task = submit("p-1");

    LogPage page = service.logs(new ReadTaskLogs(task.id().toString(), null, null));

    assertEquals(1, page.total());
    assertEquals("Task created", page.logs().getFirst().message());
  }

  @Test
  void logsReturnTheNewestLimitEntriesOldestFirst() {
    Task task = submit("p-1");
    store
        .logs()
        .append(
            IntStream.rangeClosed(1, 5)
                .mapToObj(i -> LogEntry.of(task.id(), clock.instant(), LogLevel.DEBUG, "line " + i))
                .toList());

    LogPage page = service.logs(new ReadTaskLogs(task.id().toString(), "debug", "2"));

    assertEquals(5, page.total());
    assertEquals(List.of("line 4", "line 5"), page.logs().stream().map(LogEntry::message).toList());
  }

  @Test
  void logsRejectAnUpperCaseLevelAndALimitOutOfBounds() {
    String id = submit("p-1").id().toString();

    assertEquals(
        List.of("level"),
        fields(
            assertThrows(
                ValidationFailed.class, () -> service.logs(new ReadTaskLogs(id, "INFO", null)))));
    for (String limit : List.of("0", "1001", "many")) {
      assertEquals(
          List.of("limit"),
          fields(
              assertThrows(
                  ValidationFailed.class, () -> service.logs(new ReadTaskLogs(id, null, limit)))),
          "limit=" + limit);
    }
    assertEquals(1, service.logs(new ReadTaskLogs(id, null, "1000")).total());
    assertEquals(1, service.logs(new ReadTaskLogs(id, null, "1")).logs().size());
  }

  @Test
  void logsOfAnUnknownOrNonUuidTaskAreTaskNotFound() {
    assertThrows(
        TaskNotFound.class,
        () -> service.logs(new ReadTaskLogs(UUID.randomUUID().toString(), null, null)));
    assertThrows(TaskNotFound.class, () -> service.logs(new ReadTaskLogs("nope", "info", "10")));
  }

  // --- statistics -----------------------------------------------------------------------------

  @Test
  void statisticsCountTasksByStatus() {
    submit("a");
    service.cancel(submit("b").id().toString());

    var statistics = service.statistics();

    assertEquals(2, statistics.total());
    assertEquals(1, statistics.count(TaskStatus.PENDING));
    assertEquals(1, statistics.count(TaskStatus.CANCELLED));
    assertEquals(0.0, statistics.taskSuccessRate());
  }

  // --- events ---------------------------------------------------------------------------------

  @Test
  void listenersHearSubmittedAndFinishedAndAThrowingOneBreaksNothing() {
    var heard = new ArrayList<String>();
    events.add(
        new TaskEventListener() {
          @Override
          public void submitted(Task task) {
            throw new IllegalStateException("boom");
          }

          @Override
          public void finished(Task task) {
            throw new IllegalStateException("boom");
          }
        });
    events.add(
        new TaskEventListener() {
          @Override
          public void submitted(Task task) {
            heard.add("submitted " + task.problemId());
          }

          @Override
          public void finished(Task task) {
            heard.add("finished " + task.problemId() + " " + task.status().wireName());
          }
        });

    Task single = service.submit(new SubmitTask(Map.of("problem_id", "one"), null)).task();
    service.submitBatch(
        new SubmitTaskBatch(
            Map.of("tasks", List.of(Map.of("problem_id", "two"), Map.of("problem_id", "three")))));
    Task cancelled = service.cancel(single.id().toString());

    assertEquals(TaskStatus.CANCELLED, cancelled.status());
    assertEquals(
        List.of("submitted one", "submitted two", "submitted three", "finished one cancelled"),
        heard);
    assertEquals(4, listenerErrors.size());
    assertTrue(listenerErrors.getFirst().contains(single.id().toString()));
  }

  // --- helpers --------------------------------------------------------------------------------

  private Task submit(String problemId) {
    return service.submit(new SubmitTask(Map.of("problem_id", problemId), null)).task();
  }

  private void assertInvalid(String field, ListTasks query) {
    ValidationFailed e = assertThrows(ValidationFailed.class, () -> service.list(query));
    assertEquals(List.of(field), fields(e), query.toString());
  }

  static List<String> fields(ValidationFailed e) {
    return e.errors().stream().map(ValidationFailed.FieldError::field).toList();
  }
}
