package io.aiopslab.executor.ports.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.aiopslab.executor.domain.task.Task;
import io.aiopslab.executor.domain.task.TaskId;
import io.aiopslab.executor.domain.task.TaskStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class TaskEventsTest {
  private final List<String> seen = new CopyOnWriteArrayList<>();
  private final TaskEvents events = new TaskEvents((message, e) -> seen.add("error"));

  {
    events.add(
        new TaskEventListener() {
          @Override
          public void submitted(Task task) {
            seen.add("submitted " + task.id());
          }

          @Override
          public void started(Task task) {
            seen.add("started " + task.id());
          }

          @Override
          public void finished(Task task) {
            seen.add("finished " + task.id());
          }
        });
  }

  @Test
  void aClaimDuringTheSubmitIsAnnouncedAfterTheSubmit() throws InterruptedException {
    Task task = task(TaskStatus.PENDING);
    try (var announce = events.submitting(List.of(task.id()))) {
      Thread dispatcher =
          Thread.ofPlatform().start(() -> events.started(List.of(with(task, TaskStatus.RUNNING))));
      dispatcher.join();
      events.changed(List.of(with(task, TaskStatus.COMPLETED)));
      assertEquals(List.of(), seen, "nothing before submitted");

      announce.submitted(List.of(task));
    }
    assertEquals(
        List.of("submitted " + task.id(), "started " + task.id(), "finished " + task.id()), seen);
  }

  @Test
  void aSubmitThatStoredNothingReleasesWhatWasHeld() {
    Task task = task(TaskStatus.PENDING);
    try (var announce = events.submitting(List.of(task.id()))) {
      events.changed(List.of(with(task, TaskStatus.CANCELLED)));
    }
    assertEquals(List.of("finished " + task.id()), seen);
    events.started(List.of(task));
    assertEquals(List.of("finished " + task.id(), "started " + task.id()), seen);
  }

  @Test
  void otherTasksAreNotHeldBack() {
    Task submitting = task(TaskStatus.PENDING);
    Task other = task(TaskStatus.RUNNING);
    try (var announce = events.submitting(List.of(submitting.id()))) {
      events.started(List.of(other));
      assertEquals(List.of("started " + other.id()), seen);
      announce.submitted(List.of(submitting));
    }
  }

  private static Task task(TaskStatus status) {
    Instant now = Instant.parse("2026-11-27T12:00:00Z");
    return new Task(
        TaskId.generate(),
        "p",
        status,
        Map.of(),
        5,
        null,
        30,
        null,
        0,
        3,
        null,
        null,
        null,
        now,
        now,
        null,
        null);
  }

  private static Task with(Task t, TaskStatus status) {
    return new Task(
        t.id(),
        t.problemId(),
        status,
        t.parameters(),
        t.priority(),
        t.backendType(),
        t.timeoutMinutes(),
        t.workerId(),
        t.attempt(),
        t.maxAttempts(),
        t.lease(),
        t.result(),
        t.errorDetails(),
        t.createdAt(),
        t.updatedAt(),
        t.startedAt(),
        t.completedAt());
  }
}
