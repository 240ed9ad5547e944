package io.aiopslab.executor.embedded;

import io.aiopslab.executor.domain.task.Task;
import io.aiopslab.executor.domain.task.TaskId;
import io.aiopslab.executor.ports.tasks.TaskEventListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every event as {@code kind} or {@code kind:status}, per task. */
final class RecordingListener implements TaskEventListener {
  record Event(TaskId taskId, String what) {}

  private final List<Event> events = new CopyOnWriteArrayList<>();

  @Override
  public void submitted(Task task) {
    events.add(new Event(task.id(), "submitted"));
  }

  @Override
  public void started(Task task) {
    events.add(new Event(task.id(), "started"));
  }

  @Override
  public void finished(Task task) {
    events.add(new Event(task.id(), "finished:" + task.status().wireName()));
  }

  @Override
  public void handedBack(Task task) {
    events.add(new Event(task.id(), "handedBack"));
  }

  List<String> of(TaskId taskId) {
    return events.stream().filter(e -> e.taskId().equals(taskId)).map(Event::what).toList();
  }
}
